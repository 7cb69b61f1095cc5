"""Rows of an outbox claimed by one sender at a time, exactly once, even when a sender dies half-way.

Used by the newsletter's dispatches and the press room's distribution rows: both have `state` ("queued",
"sending", "failed", …), `claim`, `claimed_until`, `attempts` and `error`. A sender claims up to `size` rows with
one conditional UPDATE that stamps its own random token and a lease, so two senders never hold the same row (on any
database, no long row locks). A sender that dies leaves only its unsent rows claimed; when the lease runs out
another sender takes them, and a row that crashed its sender `MAX_ATTEMPTS` times is given up as failed.
"""

import secrets
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Q, QuerySet

QUEUED, SENDING, FAILED = "queued", "sending", "failed"
MAX_ATTEMPTS = 5


def claimable(now: datetime) -> Q:
    return Q(state=QUEUED) | Q(state=SENDING, claimed_until__lt=now)


def claim(rows: QuerySet, *, now: datetime, size: int, lease: timedelta) -> str | None:
    """Claim up to `size` of `rows` for one batch; the claim token, or None when none is left."""
    rows.filter(state=SENDING, claimed_until__lt=now, attempts__gte=MAX_ATTEMPTS).update(
        state=FAILED, error="gave up after repeated crashes of the sender")
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
