"""Background work of the newsletter. Arguments are ids and kinds of message only, never addresses."""

import time

from django.tasks import task

from .emails import SUBSCRIBER_KINDS, subscriber_email
from .models import Subscriber, SubscriberStatus
from .sending import finish_if_done, send_batch

TASK_SECONDS = 60  # one task sends batches for about this long, then hands over to a fresh task


@task
def send_subscriber_email(subscriber_id: int, kind: str) -> str:
    """The confirmation link, or the note to an address already subscribed; nothing if the state moved on."""
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first()
    if kind not in SUBSCRIBER_KINDS or subscriber is None:
        return "unknown"
    wanted = SubscriberStatus.PENDING if kind == "confirm" else SubscriberStatus.ACTIVE
    if subscriber.status != wanted:
        return "outdated"
    subscriber_email(subscriber, kind).send()
    return "sent"


@task
def send_edition(edition_id: int) -> str:
    """Send batches of one edition until none is left or the time slice is used; then continue in a new task.

    Several of these may run for one edition at once (the clock's job resumes a stalled edition): claims keep
    them from sending anything twice.
    """
    started = time.monotonic()
    while time.monotonic() - started < TASK_SECONDS:
        result = send_batch(edition_id)
        if result.interrupted:
            return "interrupted"  # the SMTP server is away; the clock's job resumes the edition after a lease
        if not result.claimed:
            return "sent" if finish_if_done(edition_id) else "others are sending"
    send_edition.enqueue(edition_id)
    return "continued"
