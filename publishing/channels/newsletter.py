"""The newsletter as a channel: publishing a newsletter variant creates an edition for the subscribers it is for.

No network is involved: the edition and its outbox of dispatches are rows in our own database
(`newsletter.services.create_edition`), sent in batches by the newsletter's own tasks. The delivery's
idempotency key is the edition's unique key, so a retried publish finds the edition instead of making a
second one. The audience follows the record's topics and districts. No credentials.
"""

from __future__ import annotations

from catalog.models import CatalogPage

from .base import Adapter, Post, Published


class NewsletterAdapter(Adapter):
    network = "newsletter"
    supports_idempotency_key = True

    def publish(self, post: Post) -> Published:
        from newsletter.emails import edition_url
        from newsletter.services import create_edition

        record = CatalogPage.objects.filter(pk=post.record_id).first() if post.record_id else None
        subject = post.title or post.text.strip().splitlines()[0][:200]
        edition = create_edition(subject=subject, text=post.text, link_url=post.link_url or "", record=record,
                                 idempotency_key=post.idempotency_key)
        return Published(external_id=str(edition.pk), url=edition_url(edition))
