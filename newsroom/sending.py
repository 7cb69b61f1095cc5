"""Sending a distribution in batches, exactly once per address, even when a worker dies half-way.

Rows are claimed as the newsletter's are (`core.outbox`: up to DIALOG_NEWSLETTER_BATCH_SIZE queued
`DistributionRecipient`s per batch, a claim token and a lease, so two senders never hold the same row). It sends them over one SMTP connection and marks each row sent right after the server
accepts it. A dead worker leaves only its unsent rows claimed; after the lease another sender takes them. A row
marked sent is never claimed again. The remaining window – between the server's "250" and our UPDATE – can
send one message twice on resumption; its Message-ID is the same on every attempt.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db.models import Q
from django.utils import timezone

from core import outbox

from .emails import ReleaseMail
from .models import Distribution, DistributionRecipient, DistributionStatus, RecipientState

logger = logging.getLogger(__name__)


def lease() -> timedelta:
    return timedelta(seconds=settings.DIALOG_NEWSLETTER_LEASE_SECONDS)


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    failed: int = 0
    interrupted: bool = False  # the SMTP server went away; the unsent rest is queued again


def claim(distribution_id: int, *, now: datetime, size: int) -> str | None:
    """Claim up to `size` rows of the distribution; returns the claim token, or None when none is left."""
    rows = DistributionRecipient.objects.filter(distribution_id=distribution_id)
    token = outbox.claim(rows, now=now, size=size, lease=lease())
    if token:
        Distribution.objects.filter(pk=distribution_id).update(last_batch_at=now)
    return token


def _mark(row_id: int, token: str, state: str, **fields) -> None:
    outbox.mark(DistributionRecipient, row_id, token, state, **fields)


def send_batch(distribution_id: int, *, now: datetime | None = None, size: int | None = None) -> BatchResult:
    """Claim one batch of the distribution and send it over one connection of the default mailer."""
    now = now or timezone.now()
    token = claim(distribution_id, now=now, size=size or settings.DIALOG_NEWSLETTER_BATCH_SIZE)
    result = BatchResult()
    if token is None:
        return result
    rows = list(DistributionRecipient.objects.filter(claim=token, state=RecipientState.SENDING).order_by("pk"))
    result.claimed = len(rows)
    mail = ReleaseMail(Distribution.objects.select_related("release").get(pk=distribution_id))
    connection = mailers.default
    connection.open()
    try:
        for number, row in enumerate(rows):
            try:
                connection.send_messages([mail.message_for(row)])
            except smtplib.SMTPRecipientsRefused as error:
                _mark(row.pk, token, RecipientState.FAILED, error=_refusal(error))
                result.failed += 1
                continue
            except (smtplib.SMTPException, OSError) as error:
                # The server or the network went away: give the unsent rows back at once rather than after the lease.
                logger.warning("Distribution %s: SMTP failed after %s messages: %s", distribution_id, result.sent,
                               type(error).__name__)
                DistributionRecipient.objects.filter(pk__in=[r.pk for r in rows[number:]], claim=token,
                                                     state=RecipientState.SENDING).update(
                    state=RecipientState.QUEUED, claim="", claimed_until=None, error=str(error)[:500])
                result.interrupted = True
                break
            _mark(row.pk, token, RecipientState.SENT, sent_at=timezone.now(), error="")
            result.sent += 1
    finally:
        connection.close()
    return result


def _refusal(error: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(f"{code} {reply.decode(errors='replace') if isinstance(reply, bytes) else reply}"
                     for code, reply in error.recipients.values())[:500]


def finish_if_done(distribution_id: int, *, now: datetime | None = None) -> bool:
    """Mark the distribution sent once no row is queued or being sent."""
    open_rows = DistributionRecipient.objects.filter(distribution_id=distribution_id,
                                                     state__in=[RecipientState.QUEUED, RecipientState.SENDING])
    if open_rows.exists():
        return False
    Distribution.objects.filter(pk=distribution_id, status=DistributionStatus.SENDING).update(
        status=DistributionStatus.SENT, finished_at=now or timezone.now())
    return True


def stalled_distributions(*, now: datetime) -> list[int]:
    """Distributions with work left that no sender touched for a lease: their task was lost or their worker died."""
    quiet = now - lease()
    return list(Distribution.objects.filter(status=DistributionStatus.SENDING).filter(
        Q(last_batch_at__lt=quiet) | Q(last_batch_at__isnull=True, created_at__lt=quiet)).values_list("pk", flat=True))
