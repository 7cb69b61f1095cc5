"""Survey results: aggregates computed by the database (GROUP BY over `Answer` rows), never a Python loop over responses.

Only responses that count are aggregated: complete (a response is stored whole or not at all) and, in the
verified-e-mail mode, confirmed (`Response.counts`). Questions are those of every version, worded as in the latest
version that holds them; answers are filed under a question key shared by all versions, so they add up.

A results page costs three queries whatever the number of responses: the versions' questions, participation (one
GROUP BY source and day in city time) and one scan of the answers, a GROUP BY (question, category) of what each answer
was stored as (`questions.counted_as`: a choice, a scale point, a district, or the JSON text of a many-value answer's
categories, which Python unnests once per group); it also gives every question's count, "other" answers and numeric
sum. Nothing is taken apart per answer at read time: that cost 1.3–2.1 s of the 2 s allowed at 100,000 responses.

A row whose label is Dialog's wording, not data ("Other", "not given", a source, a mean place), carries it as a
language-neutral `term` too, so counted results can be worded in another language (`reworded`) without counting again.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncDate
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Answer, Response, ResponseSource, Survey

MANY_VALUE_KINDS = ("multiple", "ranking", "matrix")  # the category holds several, as JSON text
MEAN_KINDS = ("scale", "number")
OTHER_KINDS = ("single", "multiple")


@dataclass(frozen=True)
class Row:
    """One bar / one table row; `share` is the share of respondents who answered the question, 0..1. `term` is None
    when the label is data (a choice, a district), else what `wording` words in the active language."""

    label: str
    count: int
    share: float
    term: list | None = None  # a list, as JSON gives it back, so a stored snapshot compares equal to a new one


@dataclass(frozen=True)
class QuestionResult:
    number: int
    key: str
    text: str
    kind: str  # the question type key (`questions.TYPES`)
    answered: int  # respondents who answered it
    rows: list[Row]  # empty for open text, number, date and file
    mean: float | None  # scale and number, else None
    open_count: int  # open-text answers, "other" texts included


@dataclass(frozen=True)
class SurveyResults:
    survey_id: int
    title: str
    responses: int
    by_source: list[Row]
    by_district: list[Row]
    by_day: list[tuple[date, int]]
    questions: list[QuestionResult]


def survey_questions(survey: Survey) -> list[dict]:
    """Every question ever asked, in the latest version's order, each worded as in the latest version holding it."""
    found: dict[str, dict] = {}
    for questions in survey.versions.order_by("-number").values_list("questions", flat=True):
        for question in questions:
            found.setdefault(question["key"], question)
    return list(found.values())


def district_question(questions: list[dict]) -> dict | None:
    """The question that tells a respondent's district: the first "district" one, else the first map point."""
    return next((q for q in questions if q["kind"] == "district"), None) or next((q for q in questions if q["kind"] == "map"), None)


def counted_responses(survey: Survey, *, questions: list[dict] | None = None, district=None, date_from=None, date_to=None) -> QuerySet[Response]:
    """The responses that count, optionally those of one district (by the district question) and days (city time)."""
    responses = Response.objects.filter(survey=survey).filter(~Q(source=ResponseSource.EMAIL) | Q(confirmed_at__isnull=False))
    if date_from:
        responses = responses.filter(submitted_at__date__gte=date_from)
    if date_to:
        responses = responses.filter(submitted_at__date__lte=date_to)
    if district is not None:
        question = district_question(questions if questions is not None else survey_questions(survey))
        if question is None:
            return responses.none()
        lookup = "value__id" if question["kind"] == "district" else "value__district__id"
        district_id = getattr(district, "pk", district)
        responses = responses.filter(Exists(Answer.objects.filter(response=OuterRef("pk"), question_key=question["key"], **{lookup: district_id})))
    return responses


def _share(count: int, whole: int) -> float:
    return count / whole if whole else 0.0


def survey_results(survey: Survey, *, district=None, date_from=None, date_to=None) -> SurveyResults:
    questions = survey_questions(survey)
    responses = counted_responses(survey, questions=questions, district=district, date_from=date_from, date_to=date_to)
    per_source: dict[str, int] = defaultdict(int)
    per_day: dict[date, int] = defaultdict(int)
    for source, day, count in responses.order_by().annotate(day=TruncDate("submitted_at")).values_list("source", "day").annotate(n=Count("pk")):
        per_source[source] += count
        per_day[day] += count
    total = sum(per_source.values())
    by_source = [
        _termed_row(["source", source], count, _share(count, total))
        for source, count in sorted(per_source.items(), key=lambda item: (-item[1], item[0]))
    ]
    by_day = sorted(per_day.items())
    answers = Answer.objects.filter(response__in=responses.order_by().values("pk"))
    questions_results, by_label = _question_results(questions, answers)
    by_district = []
    where = district_question(questions)
    if where is not None:
        by_district = _districts(by_label.get(where["key"], {}), total)
    return SurveyResults(survey.pk, survey.title, total, by_source, by_district, by_day, questions_results)


def wording(term: list) -> str:
    """A row's label that is Dialog's wording (`Row.term`), in the active language."""
    match term:
        case ["other"]:
            return pgettext("survey answer", "Other")
        case ["not_given"]:
            return pgettext("district", "not given")
        case ["source", value]:
            return str(dict(ResponseSource.choices).get(value, value))
        case ["mean_place", choice, mean]:
            return _("%(choice)s (mean place %(mean)s)") % {"choice": choice, "mean": number_format(round(mean, 1), 1)}  # Django cuts digits off
    raise ValueError(f"Unknown label term {term!r}")


def _termed_row(term: list, count: int, share: float) -> Row:
    return Row(wording(term), count, share, term)


def reworded(results: SurveyResults) -> SurveyResults:
    """The same counts with the labels that are Dialog's wording in the active language: a published version's numbers
    shown in another language are the ones counted once for it. Rows without a term (data, or a snapshot stored before
    rows had terms) keep their label."""

    def rows(found: list[Row]) -> list[Row]:
        return [row if row.term is None else replace(row, label=wording(row.term)) for row in found]

    return replace(
        results, by_source=rows(results.by_source), by_district=rows(results.by_district),
        questions=[replace(question, rows=rows(question.rows)) for question in results.questions],
    )


def _districts(found: dict, whole: int) -> list[Row]:
    """District rows, the most answers first; an answer without a district (a map point without one) is "not given"."""
    rows = [
        Row(label, count, _share(count, whole)) if label else _termed_row(["not_given"], count, _share(count, whole))
        for label, count in found.items()
    ]
    return sorted(rows, key=lambda row: (-row.count, row.label))


def _question_results(questions: list[dict], answers: QuerySet[Answer]) -> tuple[list[QuestionResult], dict[str, dict]]:
    """Every question's result from one GROUP BY over the answers (`_grouped_answers`)."""
    kinds = {question["key"]: question["kind"] for question in questions}
    answered: dict[str, int] = defaultdict(int)
    others: dict[str, int] = defaultdict(int)
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, dict] = defaultdict(dict)
    places: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0, 0]))  # sum, count, firsts
    for question_key, category, count, other_count, total in _grouped_answers(questions, answers):
        key = str(question_key)
        kind = kinds.get(key)
        answered[key] += count
        others[key] += other_count
        sums[key] += total or 0.0
        if kind in MANY_VALUE_KINDS:
            for label, place in _elements(kind, category):
                counts[key][label] = counts[key].get(label, 0) + count
                if place is not None:
                    found = places[key][label]
                    found[0] += place * count
                    found[1] += count
                    found[2] += count if place == 1 else 0
        elif category or kind == "map":
            counts[key][category] = counts[key].get(category, 0) + count
    ranks = {key: {label: (total / placed, first) for label, (total, placed, first) in found.items()} for key, found in places.items()}

    results = []
    for position, question in enumerate(questions, 1):
        key, kind = question["key"], question["kind"]
        found = counts.get(key, {})
        if kind == "ranking":
            rows = _ranking_rows(question, ranks.get(key, {}), answered[key])
        else:
            rows = _labelled(question, found, others[key], answered[key])
        mean = sums[key] / answered[key] if kind in MEAN_KINDS and answered[key] else None
        open_count = answered[key] if kind == "text" else (others[key] if kind in OTHER_KINDS else 0)
        results.append(QuestionResult(position, key, question["text"], kind, answered[key], rows, mean, open_count))
    return results, counts


def _grouped_answers(questions: list[dict], answers: QuerySet[Answer]):
    """(question key, category, answers, "other" answers, numeric sum): one GROUP BY (question, category) of the
    columns each answer was stored with (`questions.counted_as`). A many-value answer's category is the JSON text of
    its categories, which Python unnests once per group: the same few combinations recur, so the groups stay few
    whatever the number of responses. Open text, numbers, dates, files and "other" texts have no category ("")."""
    if not questions:
        return []
    return answers.order_by().values_list("question_key", "category").annotate(
        answers=Count("pk"), others=Count("pk", filter=Q(other=True)), total=Sum("number"),
    )


def _elements(kind: str, category: str | None) -> list[tuple[str, int | None]]:
    """(category, place or None) of a many-value answer given as JSON text: the options chosen, the options ranked
    (place from 1) or a matrix's "row: column" pairs."""
    elements = json.loads(category) if category else None
    if isinstance(elements, list):
        return [(_element_text(label), place if kind == "ranking" else None) for place, label in enumerate(elements, 1)]
    if isinstance(elements, dict):
        return [(f"{row}: {_element_text(column)}", None) for row, column in elements.items()]
    return []


def _element_text(value) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _labelled(question: dict, found: dict[str, int], others: int, answered: int) -> list[Row]:
    """Categories in the question's own order with zeros shown; ones only older versions had come after."""
    kind, config = question["kind"], question["config"]
    if kind in ("single", "multiple"):
        expected = [str(choice) for choice in config.get("choices", [])]
    elif kind == "scale":
        expected = [str(point) for point in range(config.get("min", 1), config.get("max", 5) + 1)]
    elif kind == "matrix":
        expected = [f"{row}: {column}" for row in config.get("rows", []) for column in config.get("columns", [])]
    elif kind in ("district", "map"):
        return _districts(found, answered)
    else:
        return []
    pairs = [(label, found.get(label, 0)) for label in expected]
    pairs += [(label, count) for label, count in found.items() if label not in expected]
    rows = [Row(label, count, _share(count, answered)) for label, count in pairs]
    if kind in OTHER_KINDS and (config.get("other") or others):
        rows.append(_termed_row(["other"], others, _share(others, answered)))
    return rows


def _ranking_rows(question: dict, ranks: dict[str, tuple[float, int]], answered: int) -> list[Row]:
    """One row per option, best mean place first: the label gives the mean place, the bar how often it came first."""
    choices = [str(choice) for choice in question["config"].get("choices", [])]
    choices += [label for label in ranks if label not in choices]
    ordered = sorted(choices, key=lambda choice: (ranks[choice][0] if choice in ranks else float("inf"), choices.index(choice)))
    rows = []
    for choice in ordered:
        mean_position, first = ranks.get(choice, (None, 0))
        if mean_position is None:
            rows.append(Row(choice, first, _share(first, answered)))
        else:
            rows.append(_termed_row(["mean_place", choice, mean_position], first, _share(first, answered)))
    return rows


def consultation_results(consultation) -> list[SurveyResults]:
    """The results of every survey of a consultation page (drafts left out), oldest first."""
    surveys = Survey.objects.filter(consultation=consultation).exclude(status="draft").order_by("created_at", "pk")
    return [survey_results(survey) for survey in surveys]
