"""Sending an edition in batches, exactly once per subscriber, even when a worker dies half-way.

A sender claims up to DIALOG_NEWSLETTER_BATCH_SIZE queued dispatches with a claim token and a lease (`core.outbox`,
shared with the press room's distributions), so two senders never hold the same row. It opens one SMTP connection, and after the server accepts each message it
marks that one dispatch sent, in its own statement. A worker that dies leaves only its unsent rows claimed;
when their lease runs out another sender takes them. What is marked sent is never sent again.

The one window left is between the SMTP server's "250 OK" and our UPDATE (microseconds, unless the database
is gone at that moment): a crash exactly there sends that one message again on resumption. The message's
`Message-ID` is the same on every attempt (edition and subscriber ids), so mail systems that deduplicate
on it show one message. No SMTP-based system can do better; this is stated, not hidden.

On PostgreSQL the "sent" marks are committed without waiting for the disk (`synchronous_commit = off` for the
sender's connection while it sends a batch). Waiting for the WAL flush after every message was most of the
sending time; what it bought was protection against a *database server* crash in the last fraction of a second,
after which those few messages would be sent again — the same window as above, a little wider. A worker's
crash loses nothing: committed is committed, whether or not it was flushed yet.
"""

import logging
import smtplib
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db import connection as database
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core import outbox

from .emails import EditionMail
from .models import Dispatch, DispatchState, Edition, EditionStatus, SubscriberStatus
from .services import delivered, record_bounce

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = outbox.MAX_ATTEMPTS


def lease() -> timedelta:
    return timedelta(seconds=settings.DIALOG_NEWSLETTER_LEASE_SECONDS)


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    deferred: int = 0  # refused for now (4xx): tried again by a later batch after the lease
    interrupted: bool = False  # the SMTP server went away; the unsent rest is queued again


def claim(edition_id: int, *, now: datetime, size: int) -> str | None:
    """Claim up to `size` dispatches of the edition for one batch; returns the claim token, or None if none is left."""
    token = outbox.claim(Dispatch.objects.filter(edition_id=edition_id), now=now, size=size, lease=lease())
    if token:
        Edition.objects.filter(pk=edition_id).update(last_batch_at=now)
    return token


def _mark(dispatch_id: int, token: str, state: str, **fields) -> None:
    outbox.mark(Dispatch, dispatch_id, token, state, **fields)


@contextmanager
def unflushed_commits():
    """Commits that do not wait for the WAL flush (PostgreSQL), for this connection until the block ends."""
    if database.vendor != "postgresql":
        yield
        return
    with database.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO OFF")
    try:
        yield
    finally:
        with database.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def send_batch(edition_id: int, *, now: datetime | None = None, size: int | None = None) -> BatchResult:
    """Claim one batch of the edition and send it over one connection of the default mailer."""
    now = now or timezone.now()
    token = claim(edition_id, now=now, size=size or settings.DIALOG_NEWSLETTER_BATCH_SIZE)
    result = BatchResult()
    if token is None:
        return result
    edition = Edition.objects.get(pk=edition_id)
    dispatches = list(Dispatch.objects.filter(claim=token, state=DispatchState.SENDING).select_related("subscriber").order_by("pk"))
    result.claimed = len(dispatches)
    delivered_ids = []
    mail = EditionMail(edition)
    connection = mailers.default
    connection.open()
    # The SMTP backend's own connection takes the bytes `EditionMail.wire_for` fills in; other backends get messages.
    smtp = getattr(connection, "connection", None)
    sender = connection.prep_address(settings.DEFAULT_FROM_EMAIL) if isinstance(smtp, smtplib.SMTP) else None
    try:
        with unflushed_commits():
            for number, dispatch in enumerate(dispatches):
                subscriber = dispatch.subscriber
                if subscriber.status != SubscriberStatus.ACTIVE:  # unsubscribed since the edition was queued
                    _mark(dispatch.pk, token, DispatchState.SKIPPED)
                    result.skipped += 1
                    continue
                try:
                    if sender:
                        smtp.sendmail(sender, [connection.prep_address(subscriber.email)], mail.wire_for(subscriber))
                    else:
                        connection.send_messages([mail.message_for(subscriber)])
                except (smtplib.SMTPException, OSError) as error:
                    refusal = outbox.smtp_refusal(error)
                    if refusal is not None:  # this one message was refused; the connection goes on
                        # A temporary refusal (greylisting) is one soft bounce per edition, not one per retry.
                        if refusal.at_rcpt and (refusal.permanent or dispatch.attempts == 1):
                            record_bounce(email=subscriber.email, permanent=refusal.permanent)
                        if refusal.permanent:
                            _mark(dispatch.pk, token, DispatchState.FAILED, error=str(refusal))
                            result.failed += 1
                        else:
                            outbox.retry_later(Dispatch, dispatch.pk, token, error=str(refusal))
                            result.deferred += 1
                        continue
                    # The server or the network went away: give the unsent rows back at once rather than after the lease.
                    logger.warning("Newsletter edition %s: SMTP failed after %s messages: %s", edition_id, result.sent, type(error).__name__)
                    rest = [d.pk for d in dispatches[number:]]
                    Dispatch.objects.filter(pk__in=rest, claim=token, state=DispatchState.SENDING).update(
                        state=DispatchState.QUEUED, claim="", claimed_until=None
                    )
                    result.interrupted = True
                    break
                _mark(dispatch.pk, token, DispatchState.SENT, sent_at=timezone.now())
                delivered_ids.append(subscriber.pk)
                result.sent += 1
    finally:
        connection.close()
    delivered(subscriber_ids=delivered_ids)
    return result


def finish_if_done(edition_id: int, *, now: datetime | None = None) -> bool:
    """Mark the edition sent once no dispatch is queued or being sent."""
    open_rows = Dispatch.objects.filter(edition_id=edition_id, state__in=[DispatchState.QUEUED, DispatchState.SENDING])
    if open_rows.exists():
        return False
    with transaction.atomic():
        Edition.objects.filter(pk=edition_id, status=EditionStatus.SENDING).update(
            status=EditionStatus.SENT, finished_at=now or timezone.now()
        )
    return True


def stalled_editions(*, now: datetime) -> list[int]:
    """Editions with work left that no sender has touched for a lease: their task was lost or their worker died."""
    quiet = now - lease()
    return list(
        Edition.objects.filter(status=EditionStatus.SENDING)
        .filter(Q(last_batch_at__lt=quiet) | Q(last_batch_at__isnull=True, created_at__lt=quiet))
        .values_list("pk", flat=True)
    )
