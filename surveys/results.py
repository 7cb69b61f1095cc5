"""Survey results: aggregates computed by the database (GROUP BY over `Answer` rows), never a Python loop over responses.

Only responses that count are aggregated: complete (a response is stored whole or not at all) and, in the
verified-e-mail mode, confirmed (`Response.counts`). Questions are those of every version, worded as in the latest
version that holds them; answers are filed under a question key shared by all versions, so they add up.

A results page costs the same few queries whatever the number of responses: participation (count, by source, by
day), then the answers are read twice: one GROUP BY (question, category) whose category is the answer's text for the
one-value types (single choice, scale, district) or a map point's district, which also gives every question's
count, "other" answers and numeric sum; and one over the elements of the many-value types (multiple choice,
ranking, matrix) unnested by the database.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from django.db import connection
from django.db.models import Case, Count, Exists, FloatField, OuterRef, Q, QuerySet, Sum, TextField, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, TruncDate
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Answer, Response, ResponseSource, Survey

ONE_VALUE_KINDS = ("single", "scale", "district")  # the answer's `text` is the category
MANY_VALUE_KINDS = ("multiple", "ranking", "matrix")  # the value holds several categories
MEAN_KINDS = ("scale", "number")
OTHER_KINDS = ("single", "multiple")


@dataclass(frozen=True)
class Row:
    """One bar / one table row; `share` is the share of respondents who answered the question, 0..1."""

    label: str
    count: int
    share: float


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
    total = responses.count()
    sources = dict(ResponseSource.choices)
    by_source = [
        Row(str(sources.get(source, source)), count, _share(count, total))
        for source, count in responses.order_by().values_list("source").annotate(n=Count("pk")).order_by("-n", "source")
    ]
    by_day = list(responses.order_by().annotate(day=TruncDate("submitted_at")).values_list("day").annotate(n=Count("pk")).order_by("day"))
    answers = Answer.objects.filter(response__in=responses.order_by().values("pk"))
    questions_results, by_label = _question_results(questions, answers)
    by_district = []
    where = district_question(questions)
    if where is not None:
        by_district = [Row(label, count, _share(count, total)) for label, count in _districts(by_label.get(where["key"], {}))]
    return SurveyResults(survey.pk, survey.title, total, by_source, by_district, by_day, questions_results)


def _districts(found: dict) -> list[tuple[str, int]]:
    """District rows, the most answers first; an answer without a district (a map point without one) is "not given"."""
    rows = [(label or pgettext("district", "not given"), count) for label, count in found.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def _question_results(questions: list[dict], answers: QuerySet[Answer]) -> tuple[list[QuestionResult], dict[str, dict]]:
    """Every question's result from two scans of the answers: one GROUP BY (question, category) where the category
    is one value (the answer's text, or a map point's district), and one over the unnested many-value answers."""
    keys_of = defaultdict(list)
    for question in questions:
        keys_of[question["kind"]].append(question["key"])
    one_value = [key for kind in ONE_VALUE_KINDS for key in keys_of[kind]]
    numeric = keys_of["scale"] + keys_of["number"]
    # CASE keeps the other questions' texts out of the category and of the numeric cast.
    label = Case(
        When(Q(question_key__in=one_value) & ~Q(value__has_key="other"), then="text"),
        When(question_key__in=keys_of["map"], then=KT("value__district__name")),
        default=None, output_field=TextField(),
    )
    number = Sum(Case(When(question_key__in=numeric, then=Cast("text", FloatField())), default=None))
    # Sum(CASE) rather than Count(filter=…): a CASE drops a condition on an empty list of keys, a filter would not.
    other_answers = Sum(Case(When(Q(question_key__in=keys_of["single"] + keys_of["multiple"]) & Q(value__has_key="other"), then=1), default=0))
    answered: dict[str, int] = defaultdict(int)
    others: dict[str, int] = defaultdict(int)
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, dict] = defaultdict(dict)
    if questions:
        grouped = answers.order_by().annotate(label=label).values_list("question_key", "label").annotate(
            n=Count("pk"), others=other_answers, number=number,
        )
        for key, category, count, other_count, total in grouped:
            key = str(key)
            answered[key] += count
            others[key] += other_count
            sums[key] += total or 0.0
            if category is not None or key in keys_of["map"]:
                counts[key][category] = counts[key].get(category, 0) + count
    many_value = [key for kind in MANY_VALUE_KINDS for key in keys_of[kind]]
    ranks: dict[str, dict[str, tuple]] = defaultdict(dict)
    if many_value:
        for key, category, count, mean_position, first in _unnested_counts(answers.filter(question_key__in=many_value)):
            counts[str(key)][category] = count
            ranks[str(key)][category] = (mean_position, first)

    results = []
    for position, question in enumerate(questions, 1):
        key, kind = question["key"], question["kind"]
        found = counts.get(key, {})
        if kind == "ranking":
            rows = _ranking_rows(question, ranks.get(key, {}), answered[key])
        else:
            rows = [Row(category, count, _share(count, answered[key])) for category, count in _labelled(question, found, others[key])]
        mean = sums[key] / answered[key] if kind in MEAN_KINDS and answered[key] else None
        open_count = answered[key] if kind == "text" else (others[key] if kind in OTHER_KINDS else 0)
        results.append(QuestionResult(position, key, question["text"], kind, answered[key], rows, mean, open_count))
    return results, counts


def _labelled(question: dict, found: dict[str, int], others: int) -> list[tuple[str, int]]:
    """Categories in the question's own order with zeros shown; ones only older versions had come after."""
    kind, config = question["kind"], question["config"]
    if kind in ("single", "multiple"):
        expected = [str(choice) for choice in config.get("choices", [])]
    elif kind == "scale":
        expected = [str(point) for point in range(config.get("min", 1), config.get("max", 5) + 1)]
    elif kind == "matrix":
        expected = [f"{row}: {column}" for row in config.get("rows", []) for column in config.get("columns", [])]
    elif kind in ("district", "map"):
        return _districts(found)
    else:
        return []
    pairs = [(label, found.get(label, 0)) for label in expected]
    pairs += [(label, count) for label, count in found.items() if label not in expected]
    if kind in OTHER_KINDS and (config.get("other") or others):
        pairs.append((pgettext("survey answer", "Other"), others))
    return pairs


def _ranking_rows(question: dict, ranks: dict[str, tuple[float, int]], answered: int) -> list[Row]:
    """One row per option, best mean place first: the label gives the mean place, the bar how often it came first."""
    choices = [str(choice) for choice in question["config"].get("choices", [])]
    choices += [label for label in ranks if label not in choices]
    ordered = sorted(choices, key=lambda choice: (ranks[choice][0] if choice in ranks else float("inf"), choices.index(choice)))
    rows = []
    for choice in ordered:
        mean_position, first = ranks.get(choice, (None, 0))
        label = choice if mean_position is None else _("%(choice)s (mean place %(mean)s)") % {
            "choice": choice, "mean": f"{mean_position:.1f}".replace(".", ","),
        }
        rows.append(Row(label, first, _share(first, answered)))
    return rows


def _unnested_counts(answers: QuerySet[Answer]):
    """(question key, category, respondents, mean position, times first) for the many-value types, unnested by SQL.

    Multiple choice holds {"choices": [...]}, a ranking a list (position = index + 1), a matrix {row: column}
    (category "row: column"). Django has no portable "unnest", so this is the one piece of backend SQL.
    """
    inner, params = answers.order_by().values("question_key", "value").query.sql_with_params()
    # `inner` is SQL Django compiled, its values in `params`: nothing user-given is formatted into the text.
    if connection.vendor == "postgresql":
        sql = f"""
            SELECT a.question_key, e.label, COUNT(*), AVG(e.position), SUM(CASE WHEN e.position = 1 THEN 1 ELSE 0 END)
            FROM ({inner}) a
            CROSS JOIN LATERAL (
                SELECT c.label, NULL::bigint AS position FROM jsonb_array_elements_text(
                    CASE WHEN jsonb_typeof(a.value) = 'object' AND a.value ? 'choices' THEN a.value -> 'choices' ELSE '[]'::jsonb END
                ) AS c(label)
                UNION ALL
                SELECT r.label, r.position FROM jsonb_array_elements_text(
                    CASE WHEN jsonb_typeof(a.value) = 'array' THEN a.value ELSE '[]'::jsonb END
                ) WITH ORDINALITY AS r(label, position)
                UNION ALL
                SELECT m.key || ': ' || m.value, NULL FROM jsonb_each_text(
                    CASE WHEN jsonb_typeof(a.value) = 'object' AND NOT a.value ? 'choices' THEN a.value ELSE '{{}}'::jsonb END
                ) AS m(key, value)
            ) e
            GROUP BY a.question_key, e.label
        """  # noqa: S608
    else:  # SQLite has no LATERAL, but its json_each may read a column of a table before it
        sql = f"""
            SELECT key, label, COUNT(*), AVG(position), SUM(CASE WHEN position = 1 THEN 1 ELSE 0 END) FROM (
                SELECT a.question_key AS key, c.value AS label, NULL AS position
                FROM ({inner}) a, json_each(a.value, '$.choices') c WHERE json_type(a.value) = 'object'
                UNION ALL
                SELECT a.question_key, r.value, r.key + 1 FROM ({inner}) a, json_each(a.value) r WHERE json_type(a.value) = 'array'
                UNION ALL
                SELECT a.question_key, m.key || ': ' || m.value, NULL FROM ({inner}) a, json_each(a.value) m
                WHERE json_type(a.value) = 'object' AND json_type(a.value, '$.choices') IS NULL
            ) GROUP BY key, label
        """  # noqa: S608
        params = tuple(params) * 3
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for key, label, count, mean_position, first in cursor.fetchall():
            yield UUID(str(key)), label, count, (float(mean_position) if mean_position is not None else None), int(first or 0)


def consultation_results(consultation) -> list[SurveyResults]:
    """The results of every survey of a consultation page (drafts left out), oldest first."""
    surveys = Survey.objects.filter(consultation=consultation).exclude(status="draft").order_by("created_at", "pk")
    return [survey_results(survey) for survey in surveys]
