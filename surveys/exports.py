"""Exports of survey responses: CSV, JSON and XLSX for staff, and an anonymised open-data set (CSV, JSON).

Everything is streamed: responses are read in chunks of `CHUNK` by primary key, each with its answers as one JSON
object built by the database (one query per chunk), and rows are written as they come, so memory stays flat whatever
the number of responses (the XLSX file is built by XlsxWriter's constant-memory mode in a temporary file, then sent
from it); only the open-data set keeps each response's id, district and day, for its counts.

Columns: one per question (all versions, latest wording, `results.survey_questions`); a multiple choice is joined
with "; ", a matrix has one column per row, a ranking lists its options in order.

The open-data set (`OpenData`) follows rules shown to its readers on the page that offers it
(`surveys/includes/open_data_rules.html`); keep both in step.
"""

import csv
import datetime
import json
import random
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.conf import settings
from django.db.models import Aggregate, Func, JSONField, OuterRef, QuerySet, Subquery, TextField
from django.http import Http404, StreamingHttpResponse
from django.utils import timezone

from catalog.models import ConsultationPage
from catalog.statuses import Status
from core.snapshots import read_snapshot
from core.spreadsheets import without_control_characters
from core.visibility import public

from .models import Answer, Survey, SurveyStatus
from .questions import answer_text
from .results import counted_responses, district_question, survey_questions
from .selectors import is_finished

CHUNK = 2000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OPEN_DATA_OTHER = "inne"  # the category small groups and "other" answers are merged into (the data set is Polish)
OPEN_DATA_KINDS = ("single", "multiple", "scale", "ranking", "matrix", "map")  # answers chosen from a fixed list
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONSULTATION_ENDED = (Status.CLOSED, Status.REPORT_PUBLISHED)  # as `reports.selectors.has_results`


def open_data_min_count() -> int:
    return settings.DIALOG_OPEN_DATA_MIN_COUNT


def columns(questions: list[dict]) -> list[tuple[str, dict, str | None]]:
    """(header, question, matrix row or ranking option) for every answer column."""
    found = []
    for number, question in enumerate(questions, 1):
        header = f"{number}. {question['text']}"
        if question["kind"] == "matrix":
            found += [(f"{header} – {row}", question, row) for row in question["config"].get("rows", [])]
        else:
            found.append((header, question, None))
    return found


def cell(question: dict, part: str | None, value):
    """A staff export's cell: numbers as numbers, dates ISO, the rest as the answer's readable text."""
    if value is None:
        return None
    kind = question["kind"]
    if kind == "matrix":
        return value.get(part) if isinstance(value, dict) else None
    if kind == "scale" or (kind == "number" and isinstance(value, int)):
        return value
    if kind == "number":
        return Decimal(value)
    if kind == "date":
        return datetime.date.fromisoformat(value)
    return answer_text(question, value)


class _KeyText(Func):
    """A question key as text, spelled as PostgreSQL writes a uuid (SQLite stores the 32 hex digits alone)."""

    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="(%(expressions)s)::text", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        dashed = "||'-'||".join(f"substr(%(expressions)s, {start}, {length})" for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12)))
        return self.as_sql(compiler, connection, template=f"lower({dashed})", **extra_context)


class _JsonValue(Func):
    """A JSON column as JSON inside another JSON document (SQLite keeps JSON as text, which would be quoted)."""

    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="%(expressions)s", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="json", **extra_context)


class _AnswersObject(Aggregate):
    """Answers as one JSON object, {question key: value}, built by the database.

    The ORM decodes one JSON document per value read: an export of 100,000 responses decoded two million small
    ones, half of its time in Python. One document per response is decoded in a fraction of that.
    """

    output_field = JSONField()

    def __init__(self, **extra):
        super().__init__(_KeyText("question_key"), _JsonValue("value"), **extra)

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="jsonb_object_agg", **extra_context)

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="json_group_object", **extra_context)


def with_answers(responses: QuerySet) -> QuerySet:
    """`responses` with `answers_object`: each one's answers as {question key: value}, None when it has none.

    A subquery per response, not a join grouped by response: PostgreSQL would merge-join the whole answer index up to
    the chunk's first response, for every chunk.
    """
    answers = Answer.objects.filter(response=OuterRef("pk")).values("response").annotate(object=_AnswersObject()).values("object")
    return responses.annotate(answers_object=Subquery(answers))


def chunks(responses, fields: tuple[str, ...]) -> Iterator[tuple[tuple, dict[str, object]]]:
    """(response fields, {question key: value}) in primary-key order, `CHUNK` responses with their answers per query."""
    last = 0
    while True:
        batch = list(with_answers(responses.filter(pk__gt=last)).order_by("pk").values_list("pk", *fields, "answers_object")[:CHUNK])
        if not batch:
            return
        for *row, answers in batch:
            yield tuple(row), answers or {}
        last = batch[-1][0]


def staff_header(questions: list[dict]) -> list[str]:
    return ["id", "submitted_at", "source", "unverified", "paper_reference", *(header for header, _q, _p in columns(questions))]


def staff_rows(responses, questions: list[dict]) -> Iterator[list]:
    layout = columns(questions)
    for (pk, submitted_at, source, unverified, paper_reference), answers in chunks(responses, ("submitted_at", "source", "unverified", "paper_reference")):
        yield [
            pk, timezone.localtime(submitted_at).replace(microsecond=0, tzinfo=None), source, int(unverified), paper_reference,
            *(cell(question, part, answers.get(question["key"])) for _header, question, part in layout),
        ]


class Echo:
    """The file-like object csv.writer needs; it hands back each line instead of keeping it."""

    def write(self, value):
        return value


def _csv_text(value) -> str:
    """A value for Polish Excel: decimal comma, dates as the day, text that looks like a formula quoted."""
    if value is None:
        return ""
    if isinstance(value, Decimal | float):
        return format(value, "f").replace(".", ",")
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, int | datetime.date):
        return str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_lines(header: list[str], rows: Iterable[list]) -> Iterator[str]:
    """CSV for Polish Excel, line by line.

    Excel in a Polish locale uses the comma as the decimal separator, so the list separator it expects when a CSV
    file is opened with a double click is ";" (a comma-separated file lands in one column). It also reads a CSV
    without a byte-order mark as Windows-1250, mangling "ą, ę, ś"; the UTF-8 BOM makes it read UTF-8. Other
    programs (LibreOffice, pandas with `sep=";"`, `encoding="utf-8-sig"`) read this file as well.
    """
    writer = csv.writer(Echo(), delimiter=";", lineterminator="\r\n")
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow([_csv_text(value) for value in row])


def _json_default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


def json_chunks(head: dict, name: str, items: Iterable) -> Iterator[str]:
    """One valid JSON object: `head`'s keys, then `name` as a list written item by item."""
    opening = json.dumps(head, ensure_ascii=False, default=_json_default)[:-1]
    yield f'{opening}, "{name}": [' if head else f'{{"{name}": ['
    for index, item in enumerate(items):
        yield ("," if index else "") + "\n" + json.dumps(item, ensure_ascii=False, default=_json_default)
    yield "\n]}\n"


def staff_json(survey: Survey, responses) -> Iterator[str]:
    """Raw answers in each type's JSON shape, keyed by question code, for re-analysis."""
    questions = survey_questions(survey)
    head = {
        "survey": {"id": survey.pk, "title": survey.title},
        "questions": [{"number": n, "key": q["key"], "code": q["code"], "kind": q["kind"], "text": q["text"]} for n, q in enumerate(questions, 1)],
    }
    codes = {question["key"]: question["code"] for question in questions}
    items = (
        {"id": pk, "submitted_at": timezone.localtime(submitted_at), "source": source, "unverified": unverified,
         "answers": {codes[key]: value for key, value in answers.items() if key in codes}}
        for (pk, submitted_at, source, unverified), answers in chunks(responses, ("submitted_at", "source", "unverified"))
    )
    return json_chunks(head, "responses", items)


def write_xlsx(survey: Survey, responses, target) -> None:
    """The staff export as an XLSX workbook written row by row into `target`, a binary file.

    XlsxWriter, not openpyxl as Dialog's other spreadsheets: this is the one that reaches 100,000 rows, and
    XlsxWriter writes a cell in less than half openpyxl's time (`benchmarks/survey_load.py`). In its constant-memory
    mode each row goes to disk once written. Text is only ever text (never a formula, link or number) and loses the
    control characters XML cannot hold, as in the other spreadsheets; dates carry a date format. Imported here, as
    the other spreadsheet writers are: only the processes that export load it (tests/core/test_process_imports.py).
    """
    import xlsxwriter

    questions = survey_questions(survey)
    workbook = xlsxwriter.Workbook(target, {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "default_date_format": "yyyy-mm-dd",
    })
    sheet = workbook.add_worksheet("Odpowiedzi")
    date_and_time = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(0, 0, [without_control_characters(header) for header in staff_header(questions)])
    for number, (pk, submitted_at, *rest) in enumerate(staff_rows(responses, questions), 1):
        sheet.write_number(number, 0, pk)
        sheet.write_datetime(number, 1, submitted_at, date_and_time)
        sheet.write_row(number, 2, [without_control_characters(value) for value in rest])
    workbook.close()


def xlsx_file(survey: Survey, responses):
    """A temporary file holding the workbook, positioned at its start (deleted when closed)."""
    target = tempfile.TemporaryFile()
    write_xlsx(survey, responses, target)
    target.seek(0)
    return target


def open_data_available(survey: Survey) -> bool:
    """Anyone may download the open data once the survey has finished and, for a survey of a consultation, once the
    consultation is published, public and has ended too: a survey closed by hand must not publish the answers of a
    draft, private or still running consultation. The same rule as the results page under /wyniki/."""
    if survey.status == SurveyStatus.DRAFT or not is_finished(survey):
        return False
    if survey.consultation_id is None:
        return True
    ended = ConsultationPage.objects.filter(pk=survey.consultation_id, status__in=CONSULTATION_ENDED)
    return public(ended).exists()


class OpenData:
    """The anonymised open-data set of a survey.

    Rules (shown on the page offering it): no response ids, e-mail hashes, codes, file names or any text a
    respondent wrote; only answers chosen from a fixed list (single and multiple choice, scale, ranking, matrix)
    and the district of a map point; rows in a random order that is never the same twice; in each district, any
    answer given by fewer than `DIALOG_OPEN_DATA_MIN_COUNT` respondents (default 5) becomes "inne", and so does a
    district with fewer respondents, and every "other" answer. The time of sending is only the ISO week: in each
    district, the respondents of weeks with fewer than the minimum are given the month instead (counted together,
    per month), and "inne" where even they are too few – a day, or a small week, could point at one person.

    The responses are read once, in primary-key order (ids, districts and days kept), for the counts; the rows are
    then written in a shuffled order, reading only the answers again, a chunk at a time. Both passes read one
    snapshot of the database (`core.snapshots.read_snapshot`), so that the rows are exactly the responses counted.
    """

    def __init__(self, survey: Survey, responses):
        self.survey = survey
        self.responses = responses
        self.questions = survey_questions(survey)
        self.where = district_question(self.questions)
        self.minimum = open_data_min_count()
        self.layout = []
        for number, question in enumerate(self.questions, 1):
            if question["kind"] not in OPEN_DATA_KINDS or question is self.where:
                continue
            header = f"{number}. {question['text']}"
            parts = {"matrix": question["config"].get("rows", []), "ranking": question["config"].get("choices", [])}.get(question["kind"])
            self.layout += [(f"{header} – {part}", question, part) for part in parts] if parts else [(header, question, None)]

    def header(self) -> list[str]:
        return ["okres", "dzielnica", *(header for header, _q, _p in self.layout)]

    def _district(self, answers: dict) -> str:
        if self.where is None:
            return ""
        value = answers.get(self.where["key"])
        if not value:
            return ""
        return value.get("name", "") if self.where["kind"] == "district" else (value.get("district") or {}).get("name", "")

    def _categories(self, question: dict, part, value) -> list[str]:
        """The categories of one answer in one column; "other" answers are never shown as the words typed."""
        if value is None:
            return []
        kind = question["kind"]
        if kind == "single":
            return [value["choice"]] if "choice" in value else [OPEN_DATA_OTHER]
        if kind == "multiple":
            return [*value["choices"], *([OPEN_DATA_OTHER] if "other" in value else [])]
        if kind == "scale":
            return [str(value)]
        if kind == "ranking":
            return [str(value.index(part) + 1)] if part in value else []
        if kind == "matrix":
            return [value[part]] if part in value else []
        district = (value.get("district") or {}).get("name")  # map: the district only, never the point or address
        return [district] if district else []

    def _cells(self, answers: dict) -> list[list[str]]:
        return [self._categories(q, part, answers.get(q["key"])) for _h, q, part in self.layout]

    def _first_pass(self) -> tuple[dict[int, tuple[str, datetime.date]], dict[str, str], set, dict[tuple[str, str, str], str]]:
        """Each response's district and day, and what is merged: districts, (district, column, category) and periods
        with too few respondents."""
        seen: dict[int, tuple[str, datetime.date]] = {}
        per_district: Counter = Counter()
        counts: Counter = Counter()
        periods: Counter = Counter()
        for (pk, submitted_at), answers in chunks(self.responses, ("submitted_at",)):
            district, day = self._district(answers), timezone.localtime(submitted_at).date()
            seen[pk] = (district, day)
            per_district[district] += 1
            periods[(district, *_week_and_month(day))] += 1
            for column, categories in enumerate(self._cells(answers)):
                for category in set(categories):
                    counts[(district, column, category)] += 1
        district_of = {d: (d if n >= self.minimum else OPEN_DATA_OTHER) for d, n in per_district.items()}
        merged: Counter = Counter()
        for (district, column, category), count in counts.items():
            merged[(district_of[district], column, category)] += count
        small = {key for key, count in merged.items() if count < self.minimum}
        return seen, district_of, small, self._periods(district_of, periods)

    def _periods(self, district_of: dict[str, str], found: Counter) -> dict[tuple[str, str, str], str]:
        """What each (district as shown, ISO week, month) is shown as: the week if enough respondents of the district
        answered in it; else the month if enough answered in such small weeks of that month; else "inne"."""
        merged: Counter = Counter()
        for (district, week, month), count in found.items():
            merged[(district_of[district], week, month)] += count
        weeks: Counter = Counter()
        for (district, week, _month), count in merged.items():
            weeks[(district, week)] += count
        pooled: Counter = Counter()
        for (district, week, month), count in merged.items():
            if weeks[(district, week)] < self.minimum:
                pooled[(district, month)] += count
        labels = {}
        for district, week, month in merged:
            if weeks[(district, week)] >= self.minimum:
                labels[(district, week, month)] = week
            else:
                labels[(district, week, month)] = month if pooled[(district, month)] >= self.minimum else OPEN_DATA_OTHER
        return labels

    def _answers_of(self, ids: list[int]) -> dict[int, dict[str, object]]:
        """The answers of those of `ids` that are still counted responses, in one query (a response may have none)."""
        return {pk: answers or {} for pk, answers in with_answers(self.responses.filter(pk__in=ids)).values_list("pk", "answers_object")}

    def rows(self) -> Iterator[list[str]]:
        with read_snapshot(self.responses.db):
            yield from self._rows()

    def _rows(self) -> Iterator[list[str]]:
        seen, district_of, small, period_of = self._first_pass()
        ids = list(seen)
        random.SystemRandom().shuffle(ids)  # an order nobody can reproduce, so rows cannot be matched to time of sending
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            present = self._answers_of(chunk)
            for pk in chunk:
                if pk not in present:
                    continue  # deleted since the first pass by the caller's own transaction (see `read_snapshot`)
                answers = present[pk]
                raw_district, day = seen[pk]
                district = district_of[raw_district]
                shown = []
                for column, categories in enumerate(self._cells(answers)):
                    kept = []
                    for category in categories:
                        category = OPEN_DATA_OTHER if (district, column, category) in small else category
                        if category not in kept:
                            kept.append(category)
                    shown.append("; ".join(kept))
                yield [period_of[(district, *_week_and_month(day))], district, *shown]

    def csv(self) -> Iterator[str]:
        return csv_lines(self.header(), self.rows())

    def json(self) -> Iterator[str]:
        head = {
            "survey": {"id": self.survey.pk, "title": self.survey.title},
            "rules": {"min_count": self.minimum, "merged_into": OPEN_DATA_OTHER, "time": "iso_week_else_month", "order": "random"},
            "columns": self.header(),
        }
        return json_chunks(head, "rows", self.rows())


def _week_and_month(day: datetime.date) -> tuple[str, str]:
    """The ISO week ("2026-W09") and the month ("2026-03") of a day."""
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}", f"{day.year}-{day.month:02d}"


def attachment(body: Iterable[str], name: str, content_type: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def open_data_response(survey: Survey, format: str) -> StreamingHttpResponse:
    """The open-data set of every counted response as CSV or JSON (404 for any other format)."""
    if format not in ("csv", "json"):
        raise Http404
    data = OpenData(survey, counted_responses(survey))
    return attachment(data.csv() if format == "csv" else data.json(), f"ankieta-{survey.pk}-dane-otwarte.{format}", CONTENT_TYPES[format])
