"""Sending a distribution in batches, exactly once per address, even when a worker dies half-way.

Rows are claimed as the newsletter's are (`core.outbox`: up to DIALOG_NEWSLETTER_BATCH_SIZE queued
`DistributionRecipient`s per batch, a claim token and a lease, so two senders never hold the same row). It sends them over one SMTP connection and marks each row sent right after the server
accepts it. A dead worker leaves only its unsent rows claimed; after the lease another sender takes them. A row
marked sent is never claimed again. Each batch first checks again that the release may still go out (otherwise the
distribution stops, with the reason for the press officer) and that each address may still be mailed (otherwise
its row is "skipped", with the reason). The server's refusal of one message fails (5xx) or defers (4xx) that row
only (`core.outbox.smtp_refusal`). The remaining window – between the server's "250" and our UPDATE – can
send one message twice on resumption; its Message-ID is the same on every attempt.
"""

import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import mailers
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import outbox

from . import services
from .emails import ReleaseMail
from .models import Distribution, DistributionRecipient, DistributionStatus, RecipientState
from .selectors import media_list_recipients

logger = logging.getLogger(__name__)


def lease() -> timedelta:
    return timedelta(seconds=settings.DIALOG_NEWSLETTER_LEASE_SECONDS)


@dataclass
class BatchResult:
    claimed: int = 0
    sent: int = 0
    skipped: int = 0  # no longer contactable: do-not-contact since, or gone from the lists and the directory
    failed: int = 0
    deferred: int = 0  # refused for now (4xx): tried again by a later batch after the lease
    interrupted: bool = False  # the SMTP server went away; the unsent rest is queued again
    stopped: bool = False  # the release may no longer go out: the distribution is stopped


def claim(distribution_id: int, *, now: datetime, size: int) -> str | None:
    """Claim up to `size` rows of the distribution; returns the claim token, or None when none is left."""
    rows = DistributionRecipient.objects.filter(distribution_id=distribution_id)
    token = outbox.claim(rows, now=now, size=size, lease=lease())
    if token:
        Distribution.objects.filter(pk=distribution_id).update(last_batch_at=now)
    return token


def _mark(row_id: int, token: str, state: str, **fields) -> None:
    outbox.mark(DistributionRecipient, row_id, token, state, **fields)


def stop(distribution: Distribution, token: str, *, reason: str, now: datetime) -> None:
    """Stop the distribution: this batch and every row nobody holds are not sent (rows another sender holds now are
    recorded by that sender)."""
    services.stop_distribution(distribution=distribution, reason=reason, now=now)
    DistributionRecipient.objects.filter(distribution=distribution).filter(
        outbox.unheld(now) | Q(claim=token, state=RecipientState.SENDING)).update(
        state=RecipientState.CANCELLED, claim="", claimed_until=None)


def reasons_not_to_mail(distribution: Distribution) -> Callable[[DistributionRecipient], str]:
    """Why an address may no longer be mailed (in Polish), read from the directory now, as at the distribution's start."""
    current = {recipient.email: recipient for recipient in media_list_recipients(list(distribution.media_lists.all()))}

    def reason(row: DistributionRecipient) -> str:
        recipient = current.get(row.email)
        with translation.override("pl"):
            if recipient is None:
                return _("Not sent: the address is no longer on the chosen media lists.")
            if recipient.do_not_contact:
                return _("Not sent: marked \"do not contact\" after the distribution was started.")
        return ""

    return reason


def send_batch(distribution_id: int, *, now: datetime | None = None, size: int | None = None) -> BatchResult:
    """Claim one batch of the distribution and send it over one connection of the default mailer.

    Before sending, the release and each address are checked again: what was allowed when the press officer
    pressed "send" may not be any more.
    """
    now = now or timezone.now()
    result = BatchResult()
    distribution = Distribution.objects.select_related("release").filter(pk=distribution_id).first()
    if distribution is None or distribution.status != DistributionStatus.SENDING:
        result.stopped = distribution is not None and distribution.status == DistributionStatus.STOPPED
        return result
    token = claim(distribution_id, now=now, size=size or settings.DIALOG_NEWSLETTER_BATCH_SIZE)
    if token is None:
        return result
    rows = list(DistributionRecipient.objects.filter(claim=token, state=RecipientState.SENDING).order_by("pk"))
    result.claimed = len(rows)
    if reason := services.reason_to_stop(distribution):
        stop(distribution, token, reason=reason, now=now)
        result.stopped = True
        return result
    not_to_mail = reasons_not_to_mail(distribution)
    mail = ReleaseMail(distribution)
    connection = mailers.default
    connection.open()
    try:
        for number, row in enumerate(rows):
            if reason := not_to_mail(row):
                _mark(row.pk, token, RecipientState.SKIPPED, error=reason)
                result.skipped += 1
                continue
            try:
                connection.send_messages([mail.message_for(row)])
            except (smtplib.SMTPException, OSError) as error:
                refusal = outbox.smtp_refusal(error)
                if refusal is not None and refusal.permanent:  # this one message was refused; the connection goes on
                    _mark(row.pk, token, RecipientState.FAILED, error=str(refusal))
                    result.failed += 1
                    continue
                if refusal is not None:
                    outbox.retry_later(DistributionRecipient, row.pk, token, error=str(refusal))
                    result.deferred += 1
                    continue
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
