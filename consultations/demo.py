"""Demo input of a consultation: a document with comments, offline remarks, categories and decisions (idempotent).

Called by the lead's demo seeding (`demo/`), after the demo consultations exist; running it again changes nothing.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from catalog.models import ConsultationPage

from . import services
from .models import AuthorType, ConsultationDocument, Decision, ModerationMode, Remark, RemarkSource

DOCUMENT_TITLE = "Projekt uchwały w sprawie zasad konsultacji (do komentowania)"
DOCUMENT_TEXT = """§ 1
Konsultacje społeczne prowadzi się w sprawach ważnych dla mieszkańców Krakowa.

§ 2
Informację o konsultacjach publikuje się co najmniej 7 dni przed ich rozpoczęciem.

§ 3
Konsultacje trwają co najmniej 21 dni. Obejmują co najmniej trzy formy, w tym otwarte spotkanie lub warsztat."""


@transaction.atomic
def seed_demo_consultation_input() -> ConsultationDocument | None:
    consultation = ConsultationPage.objects.live().order_by("pk").first()
    if consultation is None:
        return None
    existing = ConsultationDocument.objects.filter(consultation=consultation, title=DOCUMENT_TITLE).first()
    if existing is not None:
        return existing
    document = services.create_document(
        consultation=consultation, title=DOCUMENT_TITLE, user=None, moderation=ModerationMode.AFTER, publish=True,
        intro="Przeczytaj projekt i skomentuj wybrane paragrafy.", text=DOCUMENT_TEXT,
        comments_open_until=(consultation.ends_at or timezone.now() + timedelta(days=21)),
    )
    first, second, _third = document.paragraphs.order_by("number")
    for paragraph, text in [(first, "Proszę dopisać sprawy dotyczące jednej dzielnicy."), (second, "7 dni to za mało, proponuję 14.")]:
        Remark.objects.create(
            consultation=consultation, paragraph=paragraph, text=text, source=RemarkSource.DOCUMENT_COMMENT,
            author_type=AuthorType.RESIDENT,
        )
    letter = services.register_remark(
        consultation=consultation, text="Wnoszę o spotkania w godzinach popołudniowych.", source=RemarkSource.LETTER,
        received_on=timezone.localdate(), author_type=AuthorType.RESIDENT, user=None,
    )
    category = services.ensure_category(consultation=consultation, name="Terminy i formy", user=None)
    services.assign_category(remarks=[letter], category=category, user=None)
    services.decide(
        remarks=[letter], decision=Decision.TAKEN_INTO_ACCOUNT, user=None,
        justification="Spotkania otwarte odbędą się o 17:00 i o 18:30.",
    )
    return document
