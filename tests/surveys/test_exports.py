"""Exports parsed back with real parsers: staff CSV, JSON, XLSX, and the anonymised open-data set."""

import csv
import io
import json
import random
import threading
import uuid
from collections import Counter
from itertools import zip_longest

import pytest
from django.db import connection, connections
from openpyxl import load_workbook
from wagtail.models import PageViewRestriction

from surveys import exports
from surveys.models import Response, SurveyStatus
from surveys.results import counted_responses
from surveys.services import email_hash
from tests.factories import ConsultationFactory

from .conftest import at, every_type_questions, make_survey, respond

pytestmark = pytest.mark.django_db


def read_csv(lines) -> list[dict]:
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))


def staff_csv(survey):
    from surveys.results import survey_questions

    questions = survey_questions(survey)
    return read_csv(exports.csv_lines(exports.staff_header(questions), exports.staff_rows(counted_responses(survey), questions)))


def test_staff_csv_has_a_column_per_question_and_matrix_row(answered):
    rows = staff_csv(answered)
    assert len(rows) == 3  # the unconfirmed e-mail response is left out
    first = rows[0]
    assert first["2. Jak dojeżdżasz?"] == "tramwajem"
    assert first["3. Co lubisz?"] == "cisza; zieleń"
    assert first["4. Jak oceniasz park?"] == "5"
    assert first["5. Co najpierw?"] == "drzewa > ławki > oświetlenie"
    assert first["6. Jak oceniasz stan? – czystość"] == "dobrze" and first["6. Jak oceniasz stan? – oświetlenie"] == "źle"
    assert first["9. Kiedy byłeś ostatnio?"] == "2026-03-01"
    assert first["7. Uwagi"] == "Więcej ławek"
    assert rows[1]["2. Jak dojeżdżasz?"] == "hulajnogą" and rows[1]["7. Uwagi"] == ""
    assert {row["source"] for row in rows} == {"online", "paper"}


def test_csv_quotes_text_that_looks_like_a_formula(districts):
    survey = make_survey(every_type_questions())
    respond(survey, {"uwagi": "=HYPERLINK(\"http://zle.example\")", "wiek": 7})
    row = staff_csv(survey)[0]
    assert row["7. Uwagi"].startswith("'=") and row["8. Ile masz lat?"] == "7"


def test_csv_is_streamed_in_chunks(answered, monkeypatch):
    monkeypatch.setattr(exports, "CHUNK", 1)
    assert [row["id"] for row in staff_csv(answered)] == [str(pk) for pk in counted_responses(answered).order_by("pk").values_list("pk", flat=True)]


def test_staff_json_is_valid_and_keeps_raw_values(answered):
    data = json.loads("".join(exports.staff_json(answered, counted_responses(answered))))
    assert data["survey"]["title"] == answered.title
    assert [question["code"] for question in data["questions"]][:3] == ["dzielnica", "dojazd", "zalety"]
    assert len(data["responses"]) == 3
    assert data["responses"][0]["answers"]["stan"] == {"czystość": "dobrze", "oświetlenie": "źle"}
    assert data["responses"][1]["answers"]["dojazd"] == {"other": "hulajnogą"}


def test_json_of_no_responses_is_valid(db):
    survey = make_survey(every_type_questions())
    assert json.loads("".join(exports.staff_json(survey, counted_responses(survey))))["responses"] == []


def test_xlsx_holds_numbers_dates_and_text(answered):
    workbook = load_workbook(exports.xlsx_file(answered, counted_responses(answered)), read_only=True)
    rows = list(workbook["Odpowiedzi"].iter_rows(values_only=True))
    header, first = rows[0], rows[1]
    assert len(rows) == 4
    values = dict(zip_longest(header, first))  # read-only mode leaves out empty cells at a row's end
    assert values["4. Jak oceniasz park?"] == 5 and values["8. Ile masz lat?"] == 30
    assert values["9. Kiedy byłeś ostatnio?"].date().isoformat() == "2026-03-01"
    assert values["3. Co lubisz?"] == "cisza; zieleń"


def test_xlsx_keeps_a_formula_as_text(districts):
    survey = make_survey(every_type_questions())
    respond(survey, {"uwagi": "=1+1"})
    workbook = load_workbook(exports.xlsx_file(survey, counted_responses(survey)))
    sheet = workbook["Odpowiedzi"]
    column = [cell.value for cell in sheet[1]].index("7. Uwagi") + 1
    assert sheet.cell(row=2, column=column).value == "=1+1" and sheet.cell(row=2, column=column).data_type == "s"


def test_xlsx_leaves_out_control_characters(districts):
    """A control character typed by a resident (XML cannot hold it) is left out, as in the other spreadsheets."""
    survey = make_survey(every_type_questions())
    respond(survey, {"uwagi": "Ewa\x07 Nowak\x1b"})
    sheet = load_workbook(exports.xlsx_file(survey, counted_responses(survey)))["Odpowiedzi"]
    column = [cell.value for cell in sheet[1]].index("7. Uwagi") + 1
    assert sheet.cell(row=2, column=column).value == "Ewa Nowak"


def test_a_response_without_answers_is_a_row_of_blanks(districts, settings):
    """The answers come as one JSON object per response; a response with none still has its row in every export."""
    settings.DIALOG_OPEN_DATA_MIN_COUNT = 1
    survey = make_survey(every_type_questions())
    respond(survey, {"uwagi": "Więcej ławek", "ocena": 4})
    Response.objects.create(survey=survey, version=survey.versions.get(), submitted_at=at(2), source="paper", idempotency_key=uuid.uuid4())
    rows = staff_csv(survey)
    assert [(row["7. Uwagi"], row["4. Jak oceniasz park?"]) for row in rows] == [("Więcej ławek", "4"), ("", "")]
    sheet = load_workbook(exports.xlsx_file(survey, counted_responses(survey)), read_only=True)["Odpowiedzi"]
    assert len(list(sheet.iter_rows(values_only=True))) == 3
    assert len(list(exports.OpenData(survey, counted_responses(survey)).rows())) == 2


@pytest.fixture
def crowd(districts, settings):
    """Twelve respondents: nine from Stare Miasto, three from Grzegórzki; open-data threshold 3."""
    settings.DIALOG_OPEN_DATA_MIN_COUNT = 3
    old_town, grzegorzki = districts
    survey = make_survey(every_type_questions())
    for index in range(12):
        where = old_town if index < 9 else grzegorzki
        answers = {
            "dzielnica": {"id": where.pk, "name": where.name},
            "dojazd": {"choice": "tramwajem"} if index < 8 else ({"choice": "rowerem"} if index < 10 else {"other": f"tajny tekst {index}"}),
            "zalety": {"choices": ["cisza"], **({"other": "sekretne ptaki"} if index == 0 else {})},
            "ocena": 1 + index % 5, "uwagi": f"Prywatna uwaga numer {index}", "wiek": 20 + index,
            "miejsce": {"address": f"ul. Tajna {index}", "lat": "50.061", "lng": "19.937", "district": {"id": where.pk, "name": where.name}},
        }
        respond(survey, answers, submitted_at=at(1 + index % 3), source="email", email=f"osoba{index}@example.org")
    respond(survey, {"uwagi": "niepotwierdzona"}, source="email", email="nikt@example.org", confirmed=False)
    return survey


def open_csv(survey):
    return read_csv(exports.OpenData(survey, counted_responses(survey)).csv())


def test_open_data_leaks_nothing_personal(crowd):
    text = "".join(exports.OpenData(crowd, counted_responses(crowd)).csv()) + "".join(exports.OpenData(crowd, counted_responses(crowd)).json())
    forbidden = [email_hash(f"osoba{index}@example.org") for index in range(12)]
    forbidden += [str(pk) for pk in Response.objects.filter(survey=crowd).values_list("idempotency_key", flat=True)]
    forbidden += ["tajny tekst", "sekretne ptaki", "Prywatna uwaga", "ul. Tajna", "50.061", "19.937", "niepotwierdzona", "12:00", "Ile masz lat"]
    forbidden += ["2026-03-01", "2026-03-02", "2026-03-03"]  # days, not even in the header
    for secret in forbidden:
        assert secret not in text


def test_open_data_columns_and_coarse_values(crowd):
    rows = open_csv(crowd)
    assert len(rows) == 12
    assert list(rows[0]) == [
        "okres", "dzielnica", "2. Jak dojeżdżasz?", "3. Co lubisz?", "4. Jak oceniasz park?",
        "5. Co najpierw? – ławki", "5. Co najpierw? – drzewa", "5. Co najpierw? – oświetlenie",
        "6. Jak oceniasz stan? – czystość", "6. Jak oceniasz stan? – oświetlenie", "10. Gdzie brakuje ławki?",
    ]
    assert "id" not in rows[0]


def test_open_data_gives_weeks_then_months_never_days(crowd):
    """1 March 2026 is a Sunday (ISO week 9), 2 and 3 March are in week 10; threshold 3."""
    rows = open_csv(crowd)
    old_town = sorted(row["okres"] for row in rows if row["dzielnica"] == "Stare Miasto")
    assert old_town == ["2026-W09"] * 3 + ["2026-W10"] * 6
    # Grzegórzki: one respondent in week 9 and two in week 10, each week too small; together March has three.
    assert [row["okres"] for row in rows if row["dzielnica"] == "Grzegórzki"] == ["2026-03"] * 3


def test_open_data_period_too_small_even_as_a_month_becomes_inne(crowd, settings):
    settings.DIALOG_OPEN_DATA_MIN_COUNT = 4
    rows = open_csv(crowd)
    periods = {(row["dzielnica"], row["okres"]) for row in rows}
    # Stare Miasto (9): week 9 has 3 → March, with only those 3 → inne; week 10 has 6. Grzegórzki (3) is "inne" itself.
    assert periods == {("Stare Miasto", "inne"), ("Stare Miasto", "2026-W10"), ("inne", "inne")}


def test_open_data_reads_the_responses_once(crowd, django_assert_num_queries):
    """Responses with their answers in one query, then the empty read that ends the chunks; the answers again for the rows."""
    data = exports.OpenData(crowd, counted_responses(crowd))
    with django_assert_num_queries(3):
        list(data.rows())


def test_open_data_merges_small_groups_into_inne(crowd):
    rows = open_csv(crowd)
    old_town = [row for row in rows if row["dzielnica"] == "Stare Miasto"]
    grzegorzki = [row for row in rows if row["dzielnica"] == "Grzegórzki"]
    assert len(old_town) == 9 and len(grzegorzki) == 3
    # Stare Miasto: 8 by tram, 1 by bike (fewer than 3 → inne); Grzegórzki: 1 bike and 2 "other" → all inne.
    assert sorted(row["2. Jak dojeżdżasz?"] for row in old_town) == ["inne"] + ["tramwajem"] * 8
    assert sorted(row["2. Jak dojeżdżasz?"] for row in grzegorzki) == ["inne"] * 3
    # Scale points: each point in Stare Miasto is given by at most 2 of 9 → all merged.
    assert {row["4. Jak oceniasz park?"] for row in grzegorzki} == {"inne"}
    assert {row["3. Co lubisz?"] for row in old_town} == {"cisza", "cisza; inne"}


def test_a_district_with_too_few_respondents_becomes_inne(crowd, settings):
    settings.DIALOG_OPEN_DATA_MIN_COUNT = 4
    rows = open_csv(crowd)
    assert sorted({row["dzielnica"] for row in rows}) == ["Stare Miasto", "inne"]


@pytest.mark.parametrize(("backwards", "weeks"), [(False, ["W09", "W10", "W10"]), (True, ["W10", "W10", "W09"])])
def test_open_data_rows_follow_the_shuffle(crowd, monkeypatch, settings, backwards, weeks):
    settings.DIALOG_OPEN_DATA_MIN_COUNT = 1
    shuffled = []
    monkeypatch.setattr(random.SystemRandom, "shuffle", lambda self, ids: shuffled.append(ids) or ids.sort(reverse=backwards))
    rows = open_csv(crowd)
    assert len(shuffled) == 1 and len(shuffled[0]) == 12
    assert [row["okres"][-3:] for row in rows][:3] == weeks


def test_a_response_deleted_between_the_passes_leaves_no_row(crowd, monkeypatch):
    first_pass = exports.OpenData._first_pass

    def then_purged(self):
        found = first_pass(self)
        Response.objects.filter(pk=min(found[0])).delete()  # e.g. purged at the respondent's request meanwhile
        return found

    monkeypatch.setattr(exports.OpenData, "_first_pass", then_purged)
    rows = open_csv(crowd)
    assert len(rows) == 11
    assert all(row["2. Jak dojeżdżasz?"] for row in rows)  # every question 2 answered: no row of blanks


def from_another_connection(work):
    """Runs `work` in a thread, which has its own database connection, and waits for it."""
    failed = []

    def run():
        try:
            work()
        except Exception as error:  # raised again in the test's thread
            failed.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]


@pytest.mark.django_db(transaction=True)
def test_a_response_deleted_by_another_connection_between_the_passes_is_still_counted_and_shown(crowd, monkeypatch):
    """The export reads one snapshot: Grzegórzki's three respondents are counted and shown, though one is purged
    (and committed) by another connection meanwhile; without it the district would be shown with two rows."""
    assert not connection.in_atomic_block  # the export begins its own transaction, as in a request
    first_pass = exports.OpenData._first_pass
    purged = []

    def then_purged(self):
        found = first_pass(self)
        purged.extend(pk for pk, (district, _day) in found[0].items() if district == "Grzegórzki")
        from_another_connection(lambda: Response.objects.filter(pk=purged[0]).delete())
        return found

    monkeypatch.setattr(exports.OpenData, "_first_pass", then_purged)
    rows = open_csv(crowd)
    assert len(purged) == 3 and not Response.objects.filter(pk=purged[0]).exists()
    assert len(rows) == 12
    assert Counter(row["dzielnica"] for row in rows) == {"Stare Miasto": 9, "Grzegórzki": 3}
    for column in rows[0]:
        shown = Counter((row["dzielnica"], value) for row in rows for value in row[column].split("; ") if value)
        assert all(count >= 3 for (_district, value), count in shown.items() if value != exports.OPEN_DATA_OTHER), column
    assert len(open_csv(crowd)) == 11  # the next export no longer has it


def test_open_data_json_is_valid(crowd):
    data = json.loads("".join(exports.OpenData(crowd, counted_responses(crowd)).json()))
    assert data["rules"]["min_count"] == 3 and data["columns"][0] == "okres" and len(data["rows"]) == 12


def test_open_data_is_available_once_the_survey_has_finished(answered):
    assert not exports.open_data_available(answered)  # still taking answers
    answered.status = SurveyStatus.CLOSED
    assert exports.open_data_available(answered)
    answered.status = SurveyStatus.DRAFT
    assert not exports.open_data_available(answered)


@pytest.mark.parametrize(("status", "published", "private", "available"), [
    ("open", True, False, False),  # the consultation still runs
    ("announced", True, False, False),
    ("closed", False, False, False),  # a draft consultation
    ("closed", True, True, False),  # a consultation in a private section
    ("closed", True, False, True),
    ("report_published", True, False, True),
])
def test_open_data_of_a_survey_closed_by_hand_follows_its_consultation(answered, site_tree, status, published, private, available):
    consultation = ConsultationFactory(status=status, publish=published)
    if private:
        PageViewRestriction.objects.create(page=consultation, restriction_type=PageViewRestriction.LOGIN)
    answered.consultation = consultation
    answered.status = SurveyStatus.CLOSED
    answered.save()
    assert exports.open_data_available(answered) is available
