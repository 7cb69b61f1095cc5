"""Reads for portal pages."""

from catalog.models import ConsultationPage, EventPage
from catalog.selectors import current_records


def home_context() -> dict:
    return {
        "consultations": current_records(ConsultationPage, limit=6),
        "events": current_records(EventPage, limit=6),
    }
