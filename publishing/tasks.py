"""Background work of publishing. Arguments are delivery ids only: the text and credentials never enter a task."""

from django.tasks import task

from . import publisher


@task
def deliver_one(delivery_id: int) -> str:
    """Send one delivery if it is due; running it again, or twice at once, sends nothing more (`publisher.claim`)."""
    return publisher.deliver(delivery_id) or "not due or already taken"


@task
def refresh_metrics(delivery_id: int) -> str:
    """Read one published post's numbers from its network (nothing if it tells none or cannot be asked now)."""
    from .metrics import refresh
    from .models import Delivery

    delivery = Delivery.objects.filter(pk=delivery_id).first()
    return "read" if delivery and refresh(delivery) else "nothing to read"
