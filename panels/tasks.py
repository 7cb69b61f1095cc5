"""Background work of citizen panels. Arguments are ids only, never personal data."""

from django.tasks import task


@task
def run_requested_selection(panel_id: int) -> str:
    """The draw a Koordynator queued on the management page (`services.request_selection`)."""
    from . import services

    return services.run_requested_selection(panel_id=panel_id)
