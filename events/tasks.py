"""Background work of event registration. Arguments are ids and kinds of message only, never personal data."""

from django.tasks import task

from .emails import KINDS, STATUS_FOR_KIND, build_email
from .models import EventSummary, Registration


@task
def send_registration_email(registration_id: int, kind: str) -> str:
    """Send one message about a registration, if it still fits its status (a late task sends nothing stale)."""
    if kind not in KINDS:
        return "unknown kind"
    registration = Registration.objects.select_related("event").filter(pk=registration_id).first()
    if registration is None:
        return "no such registration"
    if registration.status != STATUS_FOR_KIND[kind]:
        return "outdated"
    if kind == "summary" and not EventSummary.objects.filter(event_id=registration.event_id, published_at__isnull=False).exists():
        return "outdated"
    build_email(registration, kind).send()
    return "sent"
