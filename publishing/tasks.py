"""Background work of publishing. Arguments are delivery ids only: the text and credentials never enter a task."""

from django.tasks import task

from . import publisher


@task
def deliver_one(delivery_id: int) -> str:
    """Send one delivery if it is due; running it again, or twice at once, sends nothing more (`publisher.claim`)."""
    return publisher.deliver(delivery_id) or "not due or already taken"
