"""The publisher: the outbox that sends each `Delivery` to its channel exactly once (DESIGN.md §3).

A delivery moves through `DeliveryStatus`:

    PENDING ──claim──▶ SENDING ──Published──────────────▶ PUBLISHED
    RETRYING ─claim─▶     │ ──TransientError────────────▶ RETRYING (backoff), after the last step FAILED
                          │ ──TransientError, may have published / worker died ─▶ MANUAL (a person checks)
                          │ ──PermanentError, unusable image, bad setup ────────▶ FAILED (the network's words)
                          └ ──ManualPublishingRequired──────────────────────────▶ MANUAL (no error)
    MANUAL, FAILED ──mark_published_by_hand──▶ PUBLISHED;  ──retry──▶ PENDING;  not PUBLISHED ──cancel──▶ CANCELLED

Exactly once is the database's job, not Python's:

- `claim` is one conditional UPDATE. On PostgreSQL (READ COMMITTED) a second worker's UPDATE waits for the
  first one's row lock and then re-evaluates its WHERE against the row as committed (`status = sending`), so
  it matches nothing; SQLite serialises writes. Only the worker whose UPDATE changed the row calls the network.
- The network is called outside any transaction (no lock is held for the seconds a network takes); the claim
  is a lease (`claimed_until`) instead. The outcome is written with a fenced UPDATE (`status = sending` and the
  claim's `attempts` and `claimed_until`), so a worker whose lease was taken over cannot overwrite the newer
  claim's state – except with `Published`, which is the truth whoever learns it.
- A worker that died leaves its delivery in SENDING after its lease. The post may have reached the network.
  Claiming it again is safe only on a network that honours the delivery's idempotency key, and only while
  the network still remembers the key (Mastodon: about an hour); `release_stale` hands every other such
  delivery to a person (MANUAL). Adapters declare no flag for this, so `IDEMPOTENT_NETWORKS` names the
  networks (an adapter class may set `supports_idempotency_key` to say so itself).

Nothing here logs a post's text or a credential: log lines name the delivery, its channel and the outcome.
"""

from __future__ import annotations

import logging
import mimetypes
import posixpath
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.images import get_image_model
from wagtail.log_actions import log

from .channels import (
    ManualPublishingRequired,
    PermanentError,
    Post,
    PostImage,
    Published,
    TransientError,
    adapter_class,
    adapter_for,
    configured_credentials,
    published_by_hand,
)
from .models import Delivery, DeliveryStatus, Message

logger = logging.getLogger(__name__)

LEASE = timedelta(minutes=10)  # longer than any adapter may take: Mastodon waits ≤ 30 s a request, ≤ 20 s an image
DEFAULT_BACKOFF_MINUTES = (1, 5, 15, 60, 240)  # setting DIALOG_PUBLISH_BACKOFF_MINUTES
IDEMPOTENT_NETWORKS = frozenset({"mastodon"})  # send `Post.idempotency_key` as the Idempotency-Key header
IDEMPOTENCY_KEY_KEPT = timedelta(minutes=50)  # Mastodon remembers a key for about an hour; keep a margin
DUE_BATCH = 500  # deliveries enqueued per tick at most; the rest come on the next tick
# Wagtail rendition filters: 2000 px on the longer side is the most Bluesky and X show and well under what
# Mastodon keeps; JPEG (transparent parts become white) at quality 85 keeps a photo near Bluesky's 1 MB.
# Instagram's feed is 1080 px wide, between 1.91:1 and 4:5.
RENDITION_FILTER = "max-2000x2000|format-jpeg|jpegquality-85"
RENDITION_FILTERS = {"instagram": "max-1080x1350|format-jpeg|jpegquality-90"}

HANDLED_BY_PEOPLE = (DeliveryStatus.MANUAL, DeliveryStatus.FAILED)
CANCELLABLE = (DeliveryStatus.PENDING, DeliveryStatus.RETRYING, DeliveryStatus.MANUAL, DeliveryStatus.FAILED)


class UnusablePost(Exception):
    """The frozen delivery cannot become a `Post` (an image deleted or unreadable); `str()` is for people."""


# --- Which deliveries may be claimed ------------------------------------------------------------------------


def supports_idempotency_key(network: str) -> bool:
    cls = adapter_class(network)
    return bool(getattr(cls, "supports_idempotency_key", cls.network in IDEMPOTENT_NETWORKS))


def idempotent_channels() -> frozenset[str]:
    """Channel keys whose configured adapter honours the idempotency key (an unconfigured channel is manual)."""
    keys = set()
    for key, credentials in configured_credentials().items():
        network = (credentials.get("adapter") if isinstance(credentials, Mapping) else None) or key
        try:
            if supports_idempotency_key(network):
                keys.add(key)
        except ImproperlyConfigured:
            continue
    return frozenset(keys)


def _reclaimable_stale(now: datetime) -> Q | None:
    """SENDING past its lease, on an idempotent channel, while the network still remembers the key."""
    channels = idempotent_channels()
    if not channels:
        return None
    return Q(status=DeliveryStatus.SENDING, claimed_until__lt=now,
             claimed_until__gt=now - (IDEMPOTENCY_KEY_KEPT - LEASE), channel__in=sorted(channels))


def claimable(now: datetime) -> Q:
    condition = (Q(status=DeliveryStatus.PENDING, due_at__lte=now)
                 | Q(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now))
    stale = _reclaimable_stale(now)
    return condition | stale if stale is not None else condition


def claim(delivery_id: int, *, now: datetime) -> Delivery | None:
    """Take the delivery for sending if it is due; exactly one of any number of concurrent callers gets it.

    Call it outside a transaction (a task does), so the row lock of the UPDATE is released at once.
    """
    claimed = Delivery.objects.filter(claimable(now), pk=delivery_id).update(
        status=DeliveryStatus.SENDING, claimed_until=now + LEASE, attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    return Delivery.objects.get(pk=delivery_id)


def due_delivery_ids(*, now: datetime) -> list[int]:
    return list(Delivery.objects.filter(claimable(now)).order_by("due_at", "pk").values_list("pk", flat=True)[:DUE_BATCH])


# --- Sending ---------------------------------------------------------------------------------------------------


def rendition_filter(channel: str) -> str:
    return RENDITION_FILTERS.get(channel, RENDITION_FILTER)


def build_post(delivery: Delivery) -> Post:
    """The frozen delivery as the adapters take it; the images as renditions sized for the channel.

    Also what the back-office needs for a manual package: `channels.manual_package(build_post(d), channel=…)`.
    """
    wanted = [int(item["image_id"]) for item in delivery.images]
    found = get_image_model().objects.in_bulk(wanted)
    images = []
    for number, item in enumerate(delivery.images, start=1):
        image = found.get(int(item["image_id"]))
        if image is None:
            raise UnusablePost(_("Image %(number)d of this post has been deleted from the media library; "
                                 "publish the post by hand or cancel it.") % {"number": number})
        try:
            rendition = image.get_rendition(rendition_filter(delivery.channel))
            with rendition.open_file() as opened:
                data = opened.read()
        except Exception as error:  # noqa: BLE001 - a missing file raises what its storage raises
            logger.warning("Delivery %s: image %s cannot be read: %s", delivery.pk, image.pk, type(error).__name__)
            raise UnusablePost(_("Image %(number)d of this post cannot be read from the media library; "
                                 "publish the post by hand or cancel it.") % {"number": number}) from None
        filename = posixpath.basename(rendition.file.name)
        mime_type = mimetypes.guess_type(filename)[0] or "image/jpeg"
        try:
            images.append(PostImage(data=data, filename=filename, mime_type=mime_type, alt_text=item.get("alt_text") or ""))
        except ValueError:
            raise UnusablePost(_("Image %(number)d of this post has no alternative text; "
                                 "publish the post by hand or cancel it.") % {"number": number}) from None
    record_id, title = Message.objects.filter(pk=delivery.message_id).values_list("record_id", "record__title").first() or (None, "")
    return Post(text=delivery.text, link_url=delivery.link or None, images=tuple(images),
                idempotency_key=delivery.idempotency_key, title=title or "", record_id=record_id)


def backoff_minutes() -> Sequence[int]:
    return getattr(settings, "DIALOG_PUBLISH_BACKOFF_MINUTES", DEFAULT_BACKOFF_MINUTES)


def backoff(attempts: int) -> timedelta | None:
    """The wait after the `attempts`-th attempt failed for a while; None once every step is used up."""
    steps = backoff_minutes()
    if attempts < 1 or attempts > len(steps):
        return None
    return timedelta(minutes=steps[attempts - 1])


def deliver(delivery_id: int, *, now: datetime | None = None) -> str | None:
    """Send one delivery if it is due and nobody else is sending it; return its new status (None: not claimed).

    Running it again, or in two workers at once, sends nothing more: only the claim's winner calls the network.
    `now` fixes the clock (tests); otherwise the claim uses the time of the call and the outcome the time it came.
    """
    delivery = claim(delivery_id, now=now or timezone.now())
    if delivery is None:
        logger.debug("Delivery %s: not due or already taken", delivery_id)
        return None

    def recorded_at() -> datetime:
        return now or timezone.now()

    try:
        post = build_post(delivery)
    except UnusablePost as problem:
        return _record(delivery, status=DeliveryStatus.FAILED, last_error=str(problem))
    try:
        adapter = adapter_for(delivery.channel)
    except ImproperlyConfigured as problem:  # names the missing fields, never their values
        logger.error("Delivery %s: channel %s is not set up: %s", delivery.pk, delivery.channel, problem)
        return _record(delivery, status=DeliveryStatus.FAILED,
                       last_error=_("The channel is not set up correctly: %(problem)s") % {"problem": problem})

    try:
        published = adapter.publish(post)
    except ManualPublishingRequired:
        logger.info("Delivery %s (%s): waits to be published by hand", delivery.pk, delivery.channel)
        return _record(delivery, status=DeliveryStatus.MANUAL, last_error="")
    except TransientError as error:
        return _transient(delivery, error, now=recorded_at())
    except PermanentError as error:
        logger.info("Delivery %s (%s): refused: %s", delivery.pk, delivery.channel, error)
        return _record(delivery, status=DeliveryStatus.FAILED, last_error=error.summary())
    except Exception as error:  # noqa: BLE001 - an adapter's bug must not leave the delivery in limbo
        # Only the type is logged: the text of an unexpected exception may quote the post or a request.
        logger.error("Delivery %s (%s): unexpected %s from the adapter", delivery.pk, delivery.channel, type(error).__name__)
        logger.debug("Delivery %s: traceback", delivery.pk, exc_info=True)
        if delivery.channel in idempotent_channels():
            failure = TransientError(type(error).__name__, channel=delivery.channel)
        else:
            failure = TransientError(type(error).__name__, channel=delivery.channel, may_have_published=True)
        return _transient(delivery, failure, now=recorded_at())
    logger.info("Delivery %s (%s): published as %s", delivery.pk, delivery.channel, published.external_id)
    return _record_published(delivery, published, now=recorded_at())


def _transient(delivery: Delivery, error: TransientError, *, now: datetime) -> str:
    if error.may_have_published:
        logger.warning("Delivery %s (%s): may have been published, a person checks: %s", delivery.pk, delivery.channel, error)
        return _record(delivery, status=DeliveryStatus.MANUAL, last_error=error.summary())
    wait = backoff(delivery.attempts)
    if wait is None:
        logger.warning("Delivery %s (%s): gave up after %s attempts: %s", delivery.pk, delivery.channel,
                       delivery.attempts, error)
        return _record(delivery, status=DeliveryStatus.FAILED, last_error=_(
            "%(channel)s was still not available after the last retry. The network said: %(message)s") % {
            "channel": error.channel, "message": error.network_message})
    wait = max(wait, timedelta(seconds=error.retry_after or 0))
    logger.info("Delivery %s (%s): retry in %s after attempt %s: %s", delivery.pk, delivery.channel, wait,
                delivery.attempts, error)
    return _record(delivery, status=DeliveryStatus.RETRYING, next_attempt_at=now + wait, last_error=error.summary())


def _fenced(delivery: Delivery):
    """The delivery, only while it is still held by this claim."""
    return Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING, attempts=delivery.attempts,
                                   claimed_until=delivery.claimed_until)


def _record(delivery: Delivery, *, status: str, last_error: str, next_attempt_at: datetime | None = None) -> str | None:
    with transaction.atomic():
        updated = _fenced(delivery).update(status=status, last_error=last_error, next_attempt_at=next_attempt_at,
                                           claimed_until=None)
    if not updated:
        logger.warning("Delivery %s: lost its claim before recording %s; the outcome is dropped", delivery.pk, status)
        return None
    return status


def _record_published(delivery: Delivery, published: Published, *, now: datetime) -> str:
    fields = {"status": DeliveryStatus.PUBLISHED, "external_id": published.external_id[:255],
              "external_url": published.url[:500], "published_at": now, "last_error": "", "next_attempt_at": None,
              "claimed_until": None}
    with transaction.atomic():
        if not _fenced(delivery).update(**fields):
            # The lease ran out (released to a person, taken by another worker, cancelled): the post exists anyway.
            logger.warning("Delivery %s: published after losing its claim; recorded as published", delivery.pk)
            Delivery.objects.filter(pk=delivery.pk).exclude(status=DeliveryStatus.PUBLISHED).update(**fields)
    return DeliveryStatus.PUBLISHED


def release_stale(*, now: datetime) -> int:
    """Deliveries whose worker died while sending, and which cannot safely be claimed again, go to a person."""
    stale = Q(status=DeliveryStatus.SENDING, claimed_until__lt=now)
    reclaimable = _reclaimable_stale(now)
    queryset = Delivery.objects.filter(stale)
    if reclaimable is not None:
        queryset = queryset.exclude(reclaimable)
    ids = list(queryset.values_list("pk", flat=True))
    if not ids:
        return 0
    released = queryset.filter(pk__in=ids).update(
        status=DeliveryStatus.MANUAL, claimed_until=None, next_attempt_at=None,
        last_error=_("Sending was interrupted; check the profile before trying again."),
    )
    logger.warning("Deliveries %s: sending was interrupted; released to a person", ids)
    return released


def publish_due(*, now: datetime) -> list[int]:
    """The periodic job: release interrupted deliveries, then enqueue one task per due delivery (ids only)."""
    from .tasks import deliver_one

    release_stale(now=now)
    ids = due_delivery_ids(now=now)
    for delivery_id in ids:
        transaction.on_commit(partial(deliver_one.enqueue, delivery_id))
    return ids


# --- What people do -------------------------------------------------------------------------------------------


def _locked(delivery: Delivery) -> Delivery:
    return Delivery.objects.select_for_update().select_related("message").get(pk=delivery.pk)


def log_delivery(delivery: Delivery, action: str, user, **data) -> None:
    log(instance=delivery.message, action=action, user=user,
        data={"delivery": delivery.pk, "channel": delivery.channel, **data})


@transaction.atomic
def mark_published_by_hand(*, delivery: Delivery, user, url: str) -> Delivery:
    """A person posted the delivery (manual channel, or after a failure) and gives the post's address."""
    delivery = _locked(delivery)
    if delivery.status not in HANDLED_BY_PEOPLE:
        raise ValidationError(_("Only a post waiting to be published by hand or one that failed can be marked as published."))
    try:
        published = published_by_hand(url)
        Delivery._meta.get_field("external_url").clean(published.url, delivery)  # a URL that fits the column
    except ValueError as error:
        raise ValidationError({"url": str(error)}) from None
    except ValidationError as error:
        raise ValidationError({"url": error.messages}) from None
    previous = delivery.status
    delivery.status = DeliveryStatus.PUBLISHED
    delivery.external_id = published.external_id[:255]
    delivery.external_url = published.url
    delivery.published_by = user
    delivery.published_at = timezone.now()
    delivery.last_error = ""
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "external_id", "external_url", "published_by", "published_at",
                                 "last_error", "next_attempt_at"])
    log_delivery(delivery, "publishing.delivery_published_by_hand", user, url=published.url, previous_status=previous)
    return delivery


@transaction.atomic
def retry(*, delivery: Delivery, user) -> Delivery:
    """Send a failed delivery, or one waiting for a person, again now, with a fresh round of retries."""
    delivery = _locked(delivery)
    if delivery.status not in HANDLED_BY_PEOPLE:
        raise ValidationError(_("Only a post that failed or waits for a person can be sent again."))
    previous = delivery.status
    delivery.status = DeliveryStatus.PENDING
    delivery.due_at = timezone.now()
    delivery.attempts = 0
    delivery.next_attempt_at = None
    delivery.claimed_until = None
    delivery.last_error = ""
    delivery.save(update_fields=["status", "due_at", "attempts", "next_attempt_at", "claimed_until", "last_error"])
    log_delivery(delivery, "publishing.delivery_retried", user, previous_status=previous)
    return delivery


@transaction.atomic
def cancel(*, delivery: Delivery, user) -> Delivery:
    """Stop a delivery that has not gone out. One being sent at this moment cannot be stopped."""
    delivery = _locked(delivery)
    if delivery.status == DeliveryStatus.SENDING:
        raise ValidationError(_("The post is being sent right now; try again in a moment."))
    if delivery.status not in CANCELLABLE:
        raise ValidationError(_("Only a post that has not been published can be cancelled."))
    previous = delivery.status
    delivery.status = DeliveryStatus.CANCELLED
    delivery.next_attempt_at = None
    delivery.save(update_fields=["status", "next_attempt_at"])
    log_delivery(delivery, "publishing.delivery_cancelled", user, previous_status=previous)
    return delivery
