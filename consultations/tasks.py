"""Background work of e-consultations. Arguments are ids only."""

from django.tasks import task

from catalog.models import ConsultationPage

from . import selectors, services


@task
def sync_survey_answers(consultation_id: int) -> int:
    """Open answers of the consultation's surveys join its remarks (idempotent); how many were added."""
    consultation = ConsultationPage.objects.filter(pk=consultation_id).first()
    return services.sync_open_answers(consultation=consultation) if consultation is not None else 0


def enqueue_survey_syncs() -> int:
    """One sync task per open or closed consultation with surveys (the hourly periodic job); how many were enqueued."""
    ids = list(selectors.consultations_to_sync())
    for consultation_id in ids:
        sync_survey_answers.enqueue(consultation_id)
    return len(ids)
