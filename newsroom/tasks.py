"""Background work of the press room. Arguments are ids only, never addresses."""

import time

from django.tasks import task

from .sending import finish_if_done, send_batch

TASK_SECONDS = 60  # one task sends batches for about this long, then hands over to a fresh task


@task
def send_distribution(distribution_id: int) -> str:
    """Send batches until none is left or the time slice is used; several may run at once (claims keep them apart)."""
    started = time.monotonic()
    while time.monotonic() - started < TASK_SECONDS:
        result = send_batch(distribution_id)
        if result.stopped:
            return "stopped"  # the release may no longer go out; the distribution says why
        if result.interrupted:
            return "interrupted"  # the SMTP server is away; the clock's job resumes the distribution after a lease
        if not result.claimed:
            return "sent" if finish_if_done(distribution_id) else "others are sending"
    send_distribution.enqueue(distribution_id)
    return "continued"
