"""A demo survey with every question type on three pages, and a condition (idempotent: run it as often as you like).

Called by `manage.py seed_demo` (demo/services.py).
"""

from django.db import transaction

from .models import ParticipationMode, Question, Survey, SurveyStatus
from .services import current_version

TITLE = "Jak się żyje na Twoim osiedlu? Ankieta o potrzebach mieszkańców"
INTRO = (
    "Ankieta trwa około 5 minut. Pytamy o to, czego brakuje na osiedlach, żeby lepiej planować inwestycje. "
    "Odpowiedzi są anonimowe."
)
QUESTIONS = [
    {"code": "dzielnica", "page": 1, "kind": "district", "text": "W której dzielnicy mieszkasz?", "required": True},
    {"code": "od-kiedy", "page": 1, "kind": "number", "text": "Od ilu lat mieszkasz w Krakowie?",
     "config": {"min": 0, "max": 120, "integer": True}},
    {"code": "zadowolenie", "page": 1, "kind": "scale", "text": "Jak oceniasz życie na swoim osiedlu?", "required": True,
     "config": {"min": 1, "max": 5, "min_label": "bardzo źle", "max_label": "bardzo dobrze"}},
    {"code": "dojazd", "page": 2, "kind": "single", "text": "Jak najczęściej dojeżdżasz do pracy lub szkoły?", "required": True,
     "config": {"choices": ["komunikacją miejską", "rowerem", "samochodem", "pieszo"], "other": True}},
    {"code": "przystanek", "page": 2, "kind": "text", "text": "Czego brakuje na Twoim przystanku?",
     "help_text": "Np. wiata, ławka, rozkład dla osób słabowidzących.", "config": {"max_length": 500, "multiline": True},
     "show_if": ("dojazd", "komunikacją miejską")},
    {"code": "brakuje", "page": 2, "kind": "multiple", "text": "Czego najbardziej brakuje na osiedlu? Wybierz do trzech.",
     "required": True, "config": {"choices": ["zieleni", "placów zabaw", "ławek", "oświetlenia", "miejsc spotkań"], "min": 1, "max": 3, "other": True}},
    {"code": "kolejnosc", "page": 2, "kind": "ranking", "text": "Uporządkuj inwestycje od najważniejszej.",
     "config": {"choices": ["park kieszonkowy", "ścieżka rowerowa", "chodniki bez barier"]}},
    {"code": "ocena", "page": 3, "kind": "matrix", "text": "Jak oceniasz na swoim osiedlu:",
     "config": {"rows": ["czystość", "oświetlenie", "bezpieczeństwo"], "columns": ["źle", "średnio", "dobrze"]}},
    {"code": "miejsce", "page": 3, "kind": "map", "text": "Wskaż miejsce, które warto zmienić.",
     "help_text": "Wystarczy adres albo dzielnica."},
    {"code": "kiedy", "page": 3, "kind": "date", "text": "Kiedy ostatnio byłeś(-aś) na spotkaniu z radą dzielnicy?"},
    {"code": "zdjecie", "page": 3, "kind": "file", "text": "Możesz dołączyć zdjęcie lub dokument.",
     "config": {"types": ["jpg", "png", "pdf"], "max_mb": 5}},
    {"code": "uwagi", "page": 3, "kind": "text", "text": "Co jeszcze chcesz nam powiedzieć?", "config": {"max_length": 2000}},
]


@transaction.atomic
def seed_demo_survey() -> Survey:
    survey, _created = Survey.objects.get_or_create(
        title=TITLE, defaults={"intro": INTRO, "status": SurveyStatus.OPEN, "mode": ParticipationMode.OPEN},
    )
    for order, data in enumerate(QUESTIONS):
        show_if = data.get("show_if") or ("", "")
        Question.objects.update_or_create(
            survey=survey, code=data["code"],
            defaults={
                "sort_order": order, "page": data["page"], "kind": data["kind"], "text": data["text"],
                "help_text": data.get("help_text", ""), "required": data.get("required", False),
                "config": data.get("config", {}), "show_if_code": show_if[0], "show_if_value": show_if[1],
            },
        )
    current_version(survey=survey)
    return survey
