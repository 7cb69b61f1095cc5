"""Background work of surveys, run by the periodic clock (`core/periodic.py`)."""

from django.tasks import task
from django.utils import timezone

from . import services


@task
def purge_unconfirmed_responses() -> int:
    """Verified-e-mail responses never confirmed in time are deleted (`services.purge_unconfirmed_responses`)."""
    return services.purge_unconfirmed_responses(now=timezone.now())
