"""Background work of the noticeboard. Arguments are ids and ISO dates only, never personal data."""

from datetime import date

from django.contrib.auth import get_user_model
from django.tasks import task

from . import services


@task
def send_digest(user_id: int, day: str) -> str:
    """One person's digest for one day; running it again sends nothing (see `services.send_daily_digest`)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return "no such user"
    return services.send_daily_digest(user=user, day=date.fromisoformat(day)) or "already dealt with"
