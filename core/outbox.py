"""Rows of an outbox claimed by one sender at a time, exactly once, even when a sender dies half-way.

Used by the newsletter's dispatches and the press room's distribution rows: both have `state` ("queued",
"sending", "failed", …), `claim`, `claimed_until`, `attempts` and `error`. A sender claims up to `size` rows with
one conditional UPDATE that stamps its own random token and a lease, so two senders never hold the same row (on any
database, no long row locks). A sender that dies leaves only its unsent rows claimed; when the lease runs out
another sender takes them, and a row that crashed its sender `MAX_ATTEMPTS` times is given up as failed.

What the SMTP server said about one message decides what happens to its row (`smtp_refusal`): a permanent refusal
(5xx at MAIL FROM, RCPT or DATA) fails that row with the server's words and the sender goes on with the next; a
temporary one (4xx) leaves the row claimed until its lease ends (`retry_later`), so a later batch tries it again; a
dropped connection (or 421, after which the server closes it) gives the unsent rows back at once.
"""

import secrets
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet, Value
from django.db.models.functions import Concat, Substr

QUEUED, SENDING, FAILED = "queued", "sending", "failed"
MAX_ATTEMPTS = 5


def claimable(now: datetime) -> Q:
    return Q(state=QUEUED) | Q(state=SENDING, claimed_until__lt=now)


def claim(rows: QuerySet, *, now: datetime, size: int, lease: timedelta) -> str | None:
    """Claim up to `size` of `rows` for one batch; the claim token, or None when none is left."""
    given_up = rows.filter(state=SENDING, claimed_until__lt=now, attempts__gte=MAX_ATTEMPTS)
    given_up.filter(error="").update(state=FAILED, error="gave up after repeated crashes of the sender")
    given_up.exclude(error="").update(  # refused for a while (4xx): the server's last words stay readable
        state=FAILED, error=Substr(Concat(Value(f"gave up after {MAX_ATTEMPTS} attempts; last reply: "), F("error")), 1, 500))
    token = secrets.token_hex(16)
    while True:
        with transaction.atomic():
            # SKIP LOCKED (PostgreSQL) lets concurrent senders read different rows; SQLite has one writer anyway.
            candidates = list(
                rows.select_for_update(skip_locked=True).filter(claimable(now)).order_by("pk").values_list("pk", flat=True)[:size]
            )
            if not candidates:
                return None
            # The condition is repeated in the UPDATE: of two senders that read the same rows, each row goes to one.
            claimed = rows.model.objects.filter(claimable(now), pk__in=candidates).update(
                state=SENDING, claim=token, claimed_until=now + lease, attempts=F("attempts") + 1,
            )
        if claimed:
            return token
        # Another sender took all of these between our read and our update: read the next ones.


def mark(model, row_id: int, token: str, state: str, **fields) -> None:
    """Record what happened to a row, only while this sender still holds it."""
    model.objects.filter(pk=row_id, claim=token, state=SENDING).update(state=state, claimed_until=None, **fields)


def retry_later(model, row_id: int, token: str, *, error: str) -> None:
    """A temporary refusal: this sender lets go of the row, but nobody takes it before its lease ends; then a later
    batch tries it again (until MAX_ATTEMPTS)."""
    model.objects.filter(pk=row_id, claim=token, state=SENDING).update(claim="", error=error[:500])


def unheld(now: datetime) -> Q:
    """Rows no sender is working on right now (queued, waiting after a temporary refusal, or left by a dead one)."""
    return Q(state=QUEUED) | Q(state=SENDING, claim="") | Q(state=SENDING, claimed_until__lt=now)


@dataclass(frozen=True)
class Refusal:
    """The SMTP server's answer that refused one message (the connection itself is fine)."""

    code: int
    reply: str
    at_rcpt: bool  # refused the address itself (RCPT TO), not the sender or the content

    @property
    def permanent(self) -> bool:
        return self.code >= 500

    def __str__(self) -> str:
        return f"{self.code} {self.reply}"[:500]


def smtp_refusal(error: Exception) -> Refusal | None:
    """What the server refused about this one message; None when the connection failed (give the rest back).

    A refused sender (MAIL FROM: authentication, policy, quota) refuses every message alike, so it counts as a failed
    connection: failing each row would lose the whole edition or distribution.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused) and error.recipients:
        answers = list(error.recipients.values())
        code = min(code for code, _reply in answers)  # temporary if any address may work later
        reply = "; ".join(_text(reply) for _code, reply in answers)
        at_rcpt = True
    elif isinstance(error, smtplib.SMTPDataError):
        code, reply, at_rcpt = error.smtp_code, _text(error.smtp_error), False
    else:
        return None
    if code == 421 or not 400 <= code < 600:  # 421: the server is closing the connection
        return None
    return Refusal(code=code, reply=reply, at_rcpt=at_rcpt)


def _text(reply: bytes | str) -> str:
    return reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
