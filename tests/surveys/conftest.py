"""Surveys built straight from question dicts, and the helpers every survey test uses."""

import uuid

import pytest

from surveys import services
from surveys.models import ParticipationMode, Question, Survey, SurveyStatus
from surveys.questions import FILE_TYPES


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
