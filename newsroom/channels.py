"""The portal and the press room as publishing channels: adapters that publish inside Dialog (no network, no credentials).

- `WebsiteAdapter` ("website" variants) publishes a news item under "Aktualności" at once: the message was
  approved by two people already, so the page needs no second approval. Its address is the post's address.
- `PressReleaseAdapter` ("press" variants) makes a *draft* release under "Dla mediów" and returns its address in
  the editor. A release needs what a message does not carry – a contact person, attachments, perhaps an embargo –
  and its publication and sending to journalists are deliberate acts of the press officer, so it is not published
  by the outbox.

Both store the delivery's idempotency key on the page (unique): a retried delivery finds the page it made.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from catalog.models import CatalogPage
from publishing.channels.base import Adapter, Post, Published

from . import services
from .emails import absolute


def _parts(post: Post) -> tuple[str, str, list[str]]:
    """(title, lead, other paragraphs): the record's title, the first paragraph, the rest."""
    paragraphs = [block.strip() for block in post.text.replace("\r\n", "\n").split("\n\n") if block.strip()]
    lead = paragraphs[0] if paragraphs else ""
    title = post.title or lead.splitlines()[0][:200]
    return title, lead, paragraphs[1:]


def _record(post: Post) -> CatalogPage | None:
    return CatalogPage.objects.filter(pk=post.record_id).first() if post.record_id else None


def _first_image(post: Post):
    """The variant's first image as the library holds it (the post carries only renditions), with its alt text."""
    from wagtail.images import get_image_model

    from publishing.models import Delivery

    images = (Delivery.objects.filter(variant_key=post.idempotency_key.removeprefix("dialog-"))
              .values_list("images", flat=True).first()) if post.images else None
    if not images:
        return None, ""
    first = images[0]
    return get_image_model().objects.filter(pk=first["image_id"]).first(), first.get("alt_text", "")


class WebsiteAdapter(Adapter):
    network = "website"
    supports_idempotency_key = True

    def publish(self, post: Post) -> Published:
        title, lead, rest = _parts(post)
        if not lead:
            raise self.permanent("A news item needs text; an image alone is not enough.")
        image, alt_text = _first_image(post)
        page = services.create_news_item(
            title=title, lead=lead, body_paragraphs=rest, day=timezone.localdate(), delivery_key=post.idempotency_key,
            record=_record(post), image=image, image_alt=alt_text, link_url=post.link_url or "",
        )
        url = page.get_url() or ""
        return Published(external_id=str(page.pk), url=absolute(url) if url.startswith("/") else url)


class PressReleaseAdapter(Adapter):
    network = "press"
    supports_idempotency_key = True

    def publish(self, post: Post) -> Published:
        title, lead, rest = _parts(post)
        if not lead:
            raise self.permanent("A press release needs text.")
        page = services.create_release_draft(
            title=title, lead=lead, body_paragraphs=rest, delivery_key=post.idempotency_key, record=_record(post),
        )
        return Published(external_id=str(page.pk), url=absolute(reverse("wagtailadmin_pages:edit", args=[page.pk])))
