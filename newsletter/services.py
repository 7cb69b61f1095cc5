"""Writes of the newsletter: sign-up with double opt-in, confirmation, preferences, unsubscribing, bounces, editions.

Every change of consent writes a `ConsentEvent` in the same transaction. What a sign-up tells the person on
the page never depends on whether the address was already known (no address enumeration); the e-mail does.
Mails go out after the commit, by task, with only ids in the arguments.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from catalog.models import CatalogPage
from core.models import District, Topic

from .models import (
    ConsentAction,
    ConsentEvent,
    ConsentSource,
    Dispatch,
    Edition,
    Subscriber,
    SubscriberStatus,
)

logger = logging.getLogger(__name__)

CONFIRMATION_RESEND_AFTER = timedelta(minutes=10)  # a second sign-up within this time sends no second e-mail


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _log(subscriber: Subscriber, action: str, source: str, now: datetime) -> None:
    ConsentEvent.objects.create(
        subscriber=subscriber, action=action, source=source, at=now, clause_version=settings.DIALOG_NEWSLETTER_CONSENT_VERSION
    )


def _send_later(kind: str, subscriber: Subscriber) -> None:
    from .tasks import send_subscriber_email

    transaction.on_commit(lambda: send_subscriber_email.enqueue(subscriber.pk, kind))


@dataclass(frozen=True)
class SignUp:
    subscriber: Subscriber
    mail: str | None  # which e-mail goes out: "confirm", "already_subscribed" or none (sent a moment ago)


def subscribe(
    *, email: str, topics: list[Topic], districts: list[District], language: str = "pl", now: datetime | None = None
) -> SignUp:
    """Ask to subscribe. A new or lapsed address waits for confirmation; an active one is told it is subscribed."""
    now = now or timezone.now()
    address = normalise_email(email)
    with transaction.atomic():
        # get_or_create re-reads when another request created the same address a moment ago.
        subscriber, created = Subscriber.objects.select_for_update().get_or_create(email=address, defaults={"language": language})
        if subscriber.status == SubscriberStatus.ACTIVE:
            _send_later("already_subscribed", subscriber)
            return SignUp(subscriber, "already_subscribed")
        recently = subscriber.confirmation_sent_at and now - subscriber.confirmation_sent_at < CONFIRMATION_RESEND_AFTER
        if subscriber.status == SubscriberStatus.PENDING and recently and not created:
            return SignUp(subscriber, None)
        subscriber.status = SubscriberStatus.PENDING
        subscriber.language = language
        subscriber.confirmation_sent_at = now
        subscriber.save(update_fields=["status", "language", "confirmation_sent_at"])
        subscriber.topics.set(topics)
        subscriber.districts.set(districts)
        _log(subscriber, ConsentAction.REQUESTED, ConsentSource.FORM, now)
        _send_later("confirm", subscriber)
        return SignUp(subscriber, "confirm")


def by_token(token: str) -> Subscriber | None:
    return Subscriber.objects.filter(token=token).first() if token else None


def confirmation_expired(subscriber: Subscriber, *, now: datetime) -> bool:
    sent = subscriber.confirmation_sent_at or subscriber.created_at
    return now - sent > timedelta(days=settings.DIALOG_NEWSLETTER_CONFIRM_DAYS)


def confirm(*, subscriber: Subscriber, now: datetime | None = None) -> bool:
    """The second step of double opt-in. False when the link is too old (the person signs up again)."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == SubscriberStatus.ACTIVE:
            return True
        if subscriber.status != SubscriberStatus.PENDING or confirmation_expired(subscriber, now=now):
            return False
        subscriber.status = SubscriberStatus.ACTIVE
        subscriber.confirmed_at = now
        subscriber.soft_bounces = 0
        subscriber.save(update_fields=["status", "confirmed_at", "soft_bounces"])
        _log(subscriber, ConsentAction.CONFIRMED, ConsentSource.LINK, now)
    return True


def change_preferences(*, subscriber: Subscriber, topics: list[Topic], districts: list[District], now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        subscriber.topics.set(topics)
        subscriber.districts.set(districts)
        _log(subscriber, ConsentAction.CHANGED, ConsentSource.LINK, now)


def unsubscribe(*, subscriber: Subscriber, source: str = ConsentSource.LINK, now: datetime | None = None) -> None:
    """Withdraw consent. Idempotent: a second click (or the mail program's one-click request) changes nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().get(pk=subscriber.pk)
        if subscriber.status == SubscriberStatus.UNSUBSCRIBED:
            return
        subscriber.status = SubscriberStatus.UNSUBSCRIBED
        subscriber.unsubscribed_at = now
        subscriber.save(update_fields=["status", "unsubscribed_at"])
        _log(subscriber, ConsentAction.UNSUBSCRIBED, source, now)


def record_bounce(*, email: str, permanent: bool, now: datetime | None = None) -> bool:
    """The bounce hook: a mail server (or the operator's bounce processor) reports an address that failed.

    A permanent failure stops sending at once; temporary ones do after DIALOG_NEWSLETTER_SOFT_BOUNCE_LIMIT in a row.
    Returns whether the address is now marked as not working. Unknown addresses are ignored.
    """
    now = now or timezone.now()
    with transaction.atomic():
        subscriber = Subscriber.objects.select_for_update().filter(email=normalise_email(email)).first()
        if subscriber is None or subscriber.status != SubscriberStatus.ACTIVE:
            return False
        subscriber.soft_bounces += 1
        bounced = permanent or subscriber.soft_bounces >= settings.DIALOG_NEWSLETTER_SOFT_BOUNCE_LIMIT
        if bounced:
            subscriber.status = SubscriberStatus.BOUNCED
            _log(subscriber, ConsentAction.BOUNCED, ConsentSource.MAIL_SERVER, now)
        subscriber.save(update_fields=["soft_bounces", "status"])
        return bounced


def delivered(*, subscriber_ids: list[int]) -> None:
    """A successful delivery ends a run of temporary failures."""
    Subscriber.objects.filter(pk__in=subscriber_ids, soft_bounces__gt=0).update(soft_bounces=0)


def purge_unconfirmed(*, now: datetime | None = None) -> int:
    """Sign-ups never confirmed within DIALOG_NEWSLETTER_CONFIRM_DAYS are deleted with their log (no consent was given)."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DIALOG_NEWSLETTER_CONFIRM_DAYS)
    stale = Subscriber.objects.filter(status=SubscriberStatus.PENDING, confirmed_at__isnull=True).filter(
        Q(confirmation_sent_at__lt=cutoff) | Q(confirmation_sent_at__isnull=True, created_at__lt=cutoff)
    )
    deleted, _ = stale.delete()
    return deleted


def audience(*, topic_ids: list[int], district_ids: list[int]):
    """Active subscribers who want this: each subscriber's empty choice means "all"; an edition without topics
    (or districts) is for everyone who chose any."""
    subscribers = Subscriber.objects.filter(status=SubscriberStatus.ACTIVE)
    if topic_ids:
        subscribers = subscribers.filter(Q(topics__isnull=True) | Q(topics__in=topic_ids))
    if district_ids:
        subscribers = subscribers.filter(Q(districts__isnull=True) | Q(districts__in=district_ids))
    return subscribers.distinct()


def create_edition(
    *, subject: str, text: str, idempotency_key: str, link_url: str = "", record: CatalogPage | None = None
) -> Edition:
    """An edition with one queued dispatch per subscriber it is for, and its sending started after the commit.

    The same idempotency key returns the existing edition: a publish retried after a lost answer sends nothing twice.
    """
    existing = Edition.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing
    topic_ids = list(record.topics.values_list("pk", flat=True)) if record else []
    district_ids = list(record.districts.values_list("pk", flat=True)) if record else []
    try:
        with transaction.atomic():
            edition = Edition.objects.create(
                subject=subject, text=text, link_url=link_url, record=record, idempotency_key=idempotency_key
            )
            ids = list(audience(topic_ids=topic_ids, district_ids=district_ids).values_list("pk", flat=True))
            Dispatch.objects.bulk_create([Dispatch(edition=edition, subscriber_id=pk) for pk in ids], batch_size=1000)
            edition.recipients = len(ids)
            edition.save(update_fields=["recipients"])
            from .tasks import send_edition

            transaction.on_commit(lambda: send_edition.enqueue(edition.pk))
    except IntegrityError:  # the same delivery created it in another worker a moment ago
        return Edition.objects.get(idempotency_key=idempotency_key)
    logger.info("Newsletter edition %s queued for %s subscribers", edition.pk, len(ids))
    return edition
