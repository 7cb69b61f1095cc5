"""Background work of e-consultations. Arguments are ids only."""

from django.contrib.auth import get_user_model
from django.tasks import task

from catalog.models import ConsultationPage

from . import selectors, services


@task
def sync_survey_answers(consultation_id: int, user_id: int | None = None) -> int:
    """Open answers of the consultation's surveys join its remarks (idempotent); how many were added. `user_id`: who
    pressed the button that left the rest to this task, for the audit log."""
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    user = get_user_model().objects.filter(pk=user_id).first() if user_id is not None else None
    return services.sync_open_answers(consultation=consultation, user=user)


def enqueue_survey_syncs() -> int:
    """One sync task per open or closed consultation with surveys (the hourly periodic job); how many were enqueued."""
    ids = list(selectors.consultations_to_sync())
    for consultation_id in ids:
        sync_survey_answers.enqueue(consultation_id)
    return len(ids)
