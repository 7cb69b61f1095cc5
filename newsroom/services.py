"""Writes of the newsroom: its two index pages, news items and release drafts made by channel adapters, the secret
link of an embargoed release, and distributions of a release to media lists.

Pages are written the way the Wagtail editor writes them (a revision, then publish), so history and the audit log
look the same whichever door was used. A page made for a publishing delivery keeps the delivery's idempotency key
(unique), so a retried delivery returns the page it made instead of making a second one.
"""

from __future__ import annotations

import html
from datetime import date, datetime
from uuid import UUID

from anyascii import anyascii
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Collection, Page

from core.visibility import public

from .models import (
    Distribution,
    DistributionRecipient,
    DistributionStatus,
    MediaList,
    NewsIndexPage,
    NewsPage,
    PressReleasePage,
    PressRoomPage,
    RecipientState,
    new_token,
)
from .selectors import media_list_recipients

MEDIA_KIT_COLLECTION = "Materiały dla mediów"
PAGE_CLEAN_EXCLUDE = ["path", "depth", "url_path", "numchild"]


def ensure_newsroom_pages(*, home: Page) -> tuple[NewsIndexPage, PressRoomPage]:
    """"Aktualności" and "Dla mediów" under the home page, and the media kit's collection; later runs change nothing."""
    news = NewsIndexPage.objects.first()
    if news is None:
        news = home.add_child(instance=NewsIndexPage(
            title="Aktualności", slug="aktualnosci", show_in_menus=True,
            intro="Wiadomości o konsultacjach, wydarzeniach i projektach dialogu z mieszkańcami."))
    room = PressRoomPage.objects.first()
    if room is None:
        root_collection = Collection.get_first_root_node()
        kit = Collection.objects.filter(name=MEDIA_KIT_COLLECTION).first() or root_collection.add_child(name=MEDIA_KIT_COLLECTION)
        room = home.add_child(instance=PressRoomPage(
            title="Dla mediów", slug="dla-mediow", media_kit=kit,
            intro="Komunikaty prasowe, kontakt dla dziennikarzy i materiały do pobrania."))
    return news, room


def _unique_slug(parent: Page, title: str, fallback: str) -> str:
    base = slugify(anyascii(title))[:70].strip("-") or fallback
    slug, number = base, 2
    taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def paragraphs_html(paragraphs: list[str], *, link_url: str = "", link_text: str = "") -> str:
    """Plain paragraphs as rich text; a link, if any, last, named by what it leads to (never "click here")."""
    text = "".join(f"<p>{html.escape(paragraph).replace(chr(10), '<br>')}</p>" for paragraph in paragraphs)
    if link_url:
        label = _("More: %(title)s") % {"title": link_text}
        text += f'<p><a href="{html.escape(link_url)}">{html.escape(label)}</a></p>'
    return text


def _create_page(parent: Page, page: Page, *, publish: bool, user: AbstractBaseUser | None) -> Page:
    page.full_clean(exclude=PAGE_CLEAN_EXCLUDE)
    parent.add_child(instance=page)
    revision = page.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        page.refresh_from_db()
    return page


def create_news_item(
    *, title: str, lead: str, body_paragraphs: list[str], day: date, delivery_key: str, record=None, image=None,
    image_alt: str = "", link_url: str = "", user: AbstractBaseUser | None = None,
) -> NewsPage:
    """A published news item under "Aktualności"; the same delivery key returns the item already made."""
    existing = NewsPage.objects.filter(delivery_key=delivery_key).first()
    if existing is not None:
        return existing
    index = NewsIndexPage.objects.get()
    try:
        with transaction.atomic():
            page = NewsPage(title=title[:255], slug=_unique_slug(index, title, "aktualnosc"), lead=lead,
                            body=paragraphs_html(body_paragraphs, link_url=link_url, link_text=title), date=day, record=record, image=image,
                            image_alt=image_alt if image else "", delivery_key=delivery_key, owner=user, live=False)
            return _create_page(index, page, publish=True, user=user)
    except IntegrityError:  # the same delivery made it a moment ago in another worker
        return NewsPage.objects.get(delivery_key=delivery_key)


def create_release_draft(
    *, title: str, lead: str, body_paragraphs: list[str], delivery_key: str, record=None,
    user: AbstractBaseUser | None = None,
) -> PressReleasePage:
    """A draft release under "Dla mediów" for the press officer to finish (contact, attachments, embargo) and publish."""
    existing = PressReleasePage.objects.filter(delivery_key=delivery_key).first()
    if existing is not None:
        return existing
    room = PressRoomPage.objects.get()
    try:
        with transaction.atomic():
            page = PressReleasePage(title=title[:255], slug=_unique_slug(room, title, "komunikat"), lead=lead,
                                    body=paragraphs_html(body_paragraphs), record=record, delivery_key=delivery_key,
                                    owner=user, live=False)
            return _create_page(room, page, publish=False, user=user)
    except IntegrityError:
        return PressReleasePage.objects.get(delivery_key=delivery_key)


@transaction.atomic
def publish_release(*, release: PressReleasePage, user: AbstractBaseUser | None,
                    embargo_until: datetime | None = None) -> PressReleasePage:
    """Publish the release now, or – with an embargo in the future – schedule it to go live at the embargo.

    The same as "Publish" in the editor with the embargo field set (`PressReleasePage.clean` turns the embargo
    into Wagtail's go-live time).
    """
    release = PressReleasePage.objects.get(pk=release.pk).get_latest_revision_as_object()
    release.embargo_until = embargo_until
    release.full_clean(exclude=PAGE_CLEAN_EXCLUDE)
    release.save_revision(user=user, log_action=True).publish(user=user)
    return PressReleasePage.objects.get(pk=release.pk)


@transaction.atomic
def rotate_embargo_token(*, release: PressReleasePage, user: AbstractBaseUser | None) -> str:
    """A new secret link; the old one stops working at once (e.g. it was forwarded to the wrong person)."""
    token = new_token()
    PressReleasePage.objects.filter(pk=release.pk).update(embargo_token=token)
    release.embargo_token = token
    log(instance=release, action="newsroom.embargo_link_rotated", user=user)
    return token


# --- Distribution --------------------------------------------------------------------------------------


def release_state(release: PressReleasePage) -> tuple[bool, datetime | None]:
    """(may be sent, embargo end): a live public release, or one approved and scheduled for its embargo."""
    if release.live:
        return public(PressReleasePage.objects.filter(pk=release.pk)).exists(), None
    revision = release.scheduled_revision
    if revision is not None:
        return True, revision.approved_go_live_at
    return False, None


def reason_to_stop(distribution: Distribution) -> str:
    """Why the release may no longer go out to the distribution's remaining addresses (in Polish); "" if it may.

    Read again before each batch: the release may have been withdrawn, closed or given another embargo since the
    press officer pressed "send" – the e-mail would then carry a dead link or a wrong embargo time.
    """
    release = PressReleasePage.objects.filter(pk=distribution.release_id).first()
    with translation.override("pl"):
        if release is None:
            return _("The release was deleted.")
        allowed, embargo_until = release_state(release)
        if not allowed and release.live:
            return _("The release is no longer public (it is in a closed section of the site).")
        if not allowed:
            return _("The release was withdrawn: it is neither published nor scheduled for its embargo any more.")
        if embargo_until is not None and embargo_until != distribution.embargo_until:
            return _("The release's embargo was changed after sending started; send it again so that journalists "
                     "get the right time.")
    return ""


@transaction.atomic
def stop_distribution(*, distribution: Distribution, reason: str, now: datetime) -> bool:
    """Mark a distribution stopped with the reason the press officer reads on its page; False if it was not sending."""
    stopped = Distribution.objects.filter(pk=distribution.pk, status=DistributionStatus.SENDING).update(
        status=DistributionStatus.STOPPED, stop_reason=reason, finished_at=now)
    if stopped:
        log(instance=distribution.release, action="newsroom.distribution_stopped",
            data={"distribution": distribution.pk, "reason": reason})
    return bool(stopped)


def distribution_subject(release: PressReleasePage, embargo_until: datetime | None) -> str:
    """In Polish, as the release itself is written, whatever language the staff member's admin speaks."""
    from .emails import polish_datetime

    with translation.override("pl"):
        if embargo_until is None:
            return _("Press release: %(title)s") % {"title": release.title}
        return _("EMBARGO until %(when)s – press release: %(title)s") % {"when": polish_datetime(embargo_until),
                                                                         "title": release.title}


def check_distribution(*, release: PressReleasePage, media_lists: list[MediaList]):
    """(embargo end, recipients) of a distribution that may go out; otherwise ValidationError by form field."""
    if not media_lists:
        raise ValidationError({"media_lists": _("Choose at least one media list.")})
    allowed, embargo_until = release_state(release)
    if not allowed:
        raise ValidationError({"release": _("Only a published release, or one scheduled to be published at its "
                                            "embargo, can be sent to the media.")})
    busy = sorted(set(MediaList.objects.filter(
        distributions__release=release, distributions__status=DistributionStatus.SENDING,
        pk__in=[media_list.pk for media_list in media_lists]).values_list("name", flat=True)))
    if busy:
        raise ValidationError({"media_lists": _("This release is already being sent to: %(lists)s. Wait until that "
                                                "distribution has finished.") % {"lists": ", ".join(busy)}})
    recipients = media_list_recipients(media_lists)
    if not any(not recipient.do_not_contact for recipient in recipients):
        raise ValidationError({"media_lists": _("These lists have no one who may be contacted by e-mail.")})
    return embargo_until, recipients


def distribute(*, release: PressReleasePage, media_lists: list[MediaList], user: AbstractBaseUser | None,
               idempotency_key: UUID | None = None) -> Distribution:
    """Queue the release for every recipient of the lists (one row per address) and start sending after the commit.

    Do-not-contact addresses get a row in state "skipped", so the log shows who was left out and why. The same
    `idempotency_key` (one per send form) returns the distribution already made: a double click sends once. While
    a release is being sent to a list, another distribution of it to that list is refused; the row lock on the
    release makes that hold for submits that arrive together.
    """
    if idempotency_key and (existing := Distribution.objects.filter(idempotency_key=idempotency_key).first()):
        return existing
    try:
        with transaction.atomic():
            release = PressReleasePage.objects.select_for_update(of=("self",)).get(pk=release.pk)
            if idempotency_key and (existing := Distribution.objects.filter(idempotency_key=idempotency_key).first()):
                return existing  # the same form, submitted while we waited for the lock
            embargo_until, recipients = check_distribution(release=release, media_lists=media_lists)
            distribution = Distribution.objects.create(
                release=release, subject=distribution_subject(release, embargo_until)[:400],
                embargo_until=embargo_until, created_by=user, idempotency_key=idempotency_key)
            distribution.media_lists.set(media_lists)
            DistributionRecipient.objects.bulk_create([
                DistributionRecipient(
                    distribution=distribution, email=recipient.email, name=recipient.name[:255],
                    organisation=recipient.organisation[:255],
                    state=RecipientState.SKIPPED if recipient.do_not_contact else RecipientState.QUEUED,
                ) for recipient in recipients
            ])
            log(instance=release, action="newsroom.distributed", user=user,
                data={"distribution": distribution.pk, "media_lists": [media_list.name for media_list in media_lists]})
            from .tasks import send_distribution

            transaction.on_commit(lambda: send_distribution.enqueue(distribution.pk))
    except IntegrityError:  # the same form's other submit created it a moment ago
        if idempotency_key is None:
            raise
        return Distribution.objects.get(idempotency_key=idempotency_key)
    return distribution
