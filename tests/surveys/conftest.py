"""Surveys built straight from question dicts, and the helpers every survey test uses."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest

from surveys import services
from surveys.models import ParticipationMode, Question, Survey, SurveyStatus
from surveys.questions import FILE_TYPES
from tests.factories import DistrictFactory


def make_survey(questions: list[dict], **fields) -> Survey:
    """An open survey with these questions (dicts like `question()` gives) and its first version."""
    fields.setdefault("title", "Ankieta o zieleni na osiedlu")
    fields.setdefault("status", SurveyStatus.OPEN)
    fields.setdefault("mode", ParticipationMode.OPEN)
    survey = Survey.objects.create(**fields)
    for order, data in enumerate(questions):
        show_if = data.get("show_if") or {}
        Question.objects.create(
            survey=survey, sort_order=order, code=data["code"], page=data["page"], kind=data["kind"], text=data["text"],
            help_text=data["help_text"], required=data["required"], config=data["config"],
            show_if_code=show_if.get("code", ""), show_if_value=show_if.get("value", ""),
        )
    services.current_version(survey=survey)
    return survey


def question(code: str, kind: str, *, page: int = 1, required: bool = False, config: dict | None = None, show_if=None, text: str = "") -> dict:
    return {
        "key": str(uuid.uuid4()), "code": code, "page": page, "kind": kind, "text": text or f"Pytanie {code}",
        "help_text": "", "required": required, "config": config or {}, "show_if": show_if,
    }


def file_bytes(kind: str) -> bytes:
    return FILE_TYPES[kind][0][0] + b"\x00" * 64


@pytest.fixture
def two_page_survey(db):
    return make_survey([
        question("dojazd", "single", required=True, config={"choices": ["tramwajem", "rowerem"], "other": True}, text="Jak dojeżdżasz?"),
        question("przystanek", "text", page=1, config={"max_length": 50}, show_if={"code": "dojazd", "value": "tramwajem"}),
        question("ocena", "scale", page=2, required=True, config={"min": 1, "max": 5}, text="Jak oceniasz park?"),
        question("uwagi", "text", page=2, config={"max_length": 100}, text="Uwagi"),
    ])


def respond(survey: Survey, answers: dict, *, source: str = "online", email: str = "", submitted_at=None, confirmed: bool = True):
    """A real response through `services.submit_response` (answers by question code), optionally back-dated."""
    from django.utils import timezone

    from surveys.models import Response

    version = survey.versions.order_by("-number").first()
    submission = services.submit_response(
        survey=survey, version=version, answers=answers, idempotency_key=uuid.uuid4(), source=source, email=email,
    )
    changes = {}
    if submitted_at is not None:
        changes["submitted_at"] = submitted_at
    if source == "email" and confirmed:
        changes["confirmed_at"] = timezone.now()
    if changes:
        Response.objects.filter(pk=submission.response.pk).update(**changes)
    return submission.response


def every_type_questions() -> list[dict]:
    """One question of each type, the way the results tests and the browser scan use them."""
    return [
        question("dzielnica", "district", text="W której dzielnicy mieszkasz?"),
        question("dojazd", "single", config={"choices": ["tramwajem", "rowerem", "pieszo"], "other": True}, text="Jak dojeżdżasz?"),
        question("zalety", "multiple", config={"choices": ["cisza", "zieleń", "plac zabaw"], "other": True}, text="Co lubisz?"),
        question("ocena", "scale", config={"min": 1, "max": 5}, text="Jak oceniasz park?"),
        question("priorytety", "ranking", config={"choices": ["ławki", "drzewa", "oświetlenie"]}, text="Co najpierw?"),
        question("stan", "matrix", config={"rows": ["czystość", "oświetlenie"], "columns": ["źle", "dobrze"]}, text="Jak oceniasz stan?"),
        question("uwagi", "text", config={"max_length": 500}, text="Uwagi"),
        question("wiek", "number", config={"min": 0, "max": 120, "integer": True}, text="Ile masz lat?"),
        question("kiedy", "date", text="Kiedy byłeś ostatnio?"),
        question("miejsce", "map", text="Gdzie brakuje ławki?"),
        question("zdjecie", "file", config={"types": ["jpg"], "max_mb": 1}, text="Zdjęcie"),
    ]


CITY = ZoneInfo("Europe/Warsaw")


def at(day: int) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, 12, 0, tzinfo=CITY)


@pytest.fixture
def districts(db):
    return DistrictFactory(number=1, name="Stare Miasto"), DistrictFactory(number=2, name="Grzegórzki")


@pytest.fixture
def answered(districts):
    """Three counted responses, one e-mail response awaiting confirmation (never counted)."""
    old_town, grzegorzki = districts
    survey = make_survey(every_type_questions())
    respond(survey, {
        "dzielnica": {"id": old_town.pk, "name": old_town.name}, "dojazd": {"choice": "tramwajem"},
        "zalety": {"choices": ["cisza", "zieleń"]}, "ocena": 5, "priorytety": ["drzewa", "ławki", "oświetlenie"],
        "stan": {"czystość": "dobrze", "oświetlenie": "źle"}, "uwagi": "Więcej ławek", "wiek": 30, "kiedy": "2026-03-01",
        "miejsce": {"address": "Rynek 1", "district": {"id": old_town.pk, "name": old_town.name}},
    }, submitted_at=at(1))
    respond(survey, {
        "dzielnica": {"id": old_town.pk, "name": old_town.name}, "dojazd": {"other": "hulajnogą"},
        "zalety": {"choices": ["zieleń"], "other": "ptaki"}, "ocena": 3, "priorytety": ["drzewa", "oświetlenie", "ławki"],
        "stan": {"czystość": "dobrze"}, "wiek": 41,
    }, submitted_at=at(1))
    respond(survey, {
        "dzielnica": {"id": grzegorzki.pk, "name": grzegorzki.name}, "dojazd": {"choice": "tramwajem"}, "ocena": 4,
        "priorytety": ["ławki", "drzewa", "oświetlenie"],
    }, source="paper", submitted_at=at(3))
    respond(survey, {"dojazd": {"choice": "pieszo"}, "ocena": 1}, source="email", email="a@example.org", confirmed=False)
    return survey
