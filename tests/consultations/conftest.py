"""A consultation open for input and a published document of three paragraphs."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import ModerationMode
from tests.factories import ConsultationFactory, UserFactory

TEXT = "§ 1\nPierwszy paragraf projektu.\n\n§ 2\nDrugi paragraf,\nw dwóch wierszach.\n\nTrzeci paragraf bez nagłówka."


@pytest.fixture
def consultation(site_tree):
    now = timezone.now()
    return ConsultationFactory(
        title="Konsultacje zasad zieleni", status="open", starts_at=now - dt.timedelta(days=3), ends_at=now + dt.timedelta(days=20)
    )


@pytest.fixture
def document(consultation):
    return services.create_document(
        consultation=consultation, title="Projekt uchwały o zieleni", intro="Skomentuj projekt.", text=TEXT, user=None,
        moderation=ModerationMode.BEFORE, publish=True,
    )


@pytest.fixture
def editor(site_tree):
    return UserFactory(username="redaktorka", groups=["Redaktor"])


@pytest.fixture
def coordinator(site_tree):
    return UserFactory(username="koordynatorka", groups=["Koordynator"])


# Remarks about two clearly different themes, as residents write them (for grouping).
PARK_REMARKS = [
    "Więcej drzew w parku przy ulicy Lea, teraz jest tam za mało cienia.",
    "W parku brakuje drzew i ławek w cieniu, latem nie da się tam usiąść.",
    "Parki potrzebują nowych nasadzeń drzew zamiast wycinki.",
    "Proszę posadzić drzewa w parku Jordana, stare drzewa usychają.",
    "Drzewa w parkach są zaniedbane, trzeba je podlewać i sadzić nowe.",
    "Park Krakowski potrzebuje więcej drzew i krzewów.",
    "Nie wycinajcie drzew w parku, to płuca osiedla.",
]
TRANSPORT_REMARKS = [
    "Brakuje miejsc parkingowych pod blokiem, parking jest zawsze pełny.",
    "Autobusy jeżdżą za rzadko, a parking przy pętli jest zawsze zajęty.",
    "Potrzebny parking park and ride przy pętli autobusowej.",
    "Autobus 152 powinien jeździć częściej, autobusy są przepełnione.",
    "Za mało miejsc parkingowych przy stacji, autobusy się spóźniają.",
    "Parking dla mieszkańców i częstsze autobusy nocne.",
    "Autobusy nocne powinny dojeżdżać do parkingu przy pętli.",
]


def make_survey(consultation, questions: list[dict], **fields):
    """An open survey of the consultation with these questions (dicts: code, kind, text, config) and its first version."""
    from surveys import services as survey_services
    from surveys.models import Question, Survey

    fields.setdefault("title", "Ankieta o zieleni i komunikacji")
    fields.setdefault("status", "open")
    survey = Survey.objects.create(consultation=consultation, **fields)
    for order, data in enumerate(questions):
        Question.objects.create(survey=survey, sort_order=order, code=data["code"], kind=data["kind"], text=data["text"],
                                config=data.get("config", {}))
    return survey, survey_services.current_version(survey=survey)


def add_response(survey, version, answers: dict, **fields):
    """A stored response with its answers given by question code (values in each type's JSON shape)."""
    import uuid

    from surveys.models import Answer, Response
    from surveys.questions import answer_columns

    fields.setdefault("source", "online")
    response = Response.objects.create(survey=survey, version=version, idempotency_key=uuid.uuid4(), **fields)
    by_code = {question["code"]: question for question in version.questions}
    Answer.objects.bulk_create(
        Answer(response=response, question_key=by_code[code]["key"], value=value, **answer_columns(by_code[code], value))
        for code, value in answers.items()
    )
    return response


@pytest.fixture
def author(site_tree):
    return UserFactory(username="autorka", groups=["Autor"])
