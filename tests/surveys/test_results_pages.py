"""The staff results page, its exports and the public open-data page: permissions, filters, markup, queries."""

import csv
import io
import json
import re

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from lxml import etree, html
from openpyxl import load_workbook

from core.roles import AUTOR, PARTNER, REDAKTOR
from surveys.charts import percent
from surveys.models import SurveyStatus
from surveys.results import survey_results
from tests.factories import ConsultationFactory, UserFactory

from .conftest import every_type_questions, make_survey, respond

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def editor(site_tree, client):
    user = UserFactory(groups=[REDAKTOR])
    client.force_login(user)
    return user


def url(survey, rest=""):
    return f"/admin/ankiety/{survey.pk}/wyniki/{rest}"


def svgs(markup: str) -> list:
    """Every inline SVG, parsed as XML (so a malformed one fails)."""
    return [etree.fromstring(found) for found in re.findall(r"<svg\b.*?</svg>", markup, flags=re.S)]


def test_question_include_draws_a_labelled_chart_and_the_same_numbers_in_a_table(answered):
    results = survey_results(answered)
    for result in results.questions:
        markup = render_to_string("surveys/includes/question_result.html", {"result": result})
        charts = svgs(markup)
        if not result.rows:
            assert charts == [] and "<table" not in markup
            continue
        (chart,) = charts
        assert chart.get("role") == "img"
        title_id, desc_id = chart.get("aria-labelledby").split()
        assert chart.find(f"{SVG}title").get("id") == title_id and chart.find(f"{SVG}desc").get("id") == desc_id
        texts = [text.text for text in chart.iter(f"{SVG}text")]
        for row in result.rows:
            assert f"{row.count} ({percent(row.share)})" in texts  # numbers drawn as text, not colour alone
        table = html.fromstring(markup).find(".//table")
        assert table.find("caption") is not None
        body = [[cell.text_content() for cell in tr] for tr in table.find("tbody")]
        assert body == [[row.label, str(row.count), percent(row.share)] for row in result.rows]


def test_percent_is_written_the_polish_way():
    assert percent(0.425) == "42,5\u00a0%" and percent(1) == "100,0\u00a0%"


def test_survey_include_shows_participation_by_source_district_and_day(answered):
    results = survey_results(answered)
    markup = render_to_string("surveys/includes/survey_results.html", {"results": results})
    assert len(svgs(markup)) == 3 + sum(1 for question in results.questions if question.rows)
    ids = re.findall(r'\bid="([^"]+)"', markup)
    assert len(ids) == len(set(ids))
    tables = html.fromstring(markup).findall(".//table")
    by_day = [[cell.text_content() for cell in tr] for tr in tables[2].find("tbody")]
    assert by_day == [["01.03.2026", "2"], ["03.03.2026", "1"]]


def test_the_page_needs_a_staff_role(site_tree, client, answered):
    assert client.get(url(answered)).status_code == 302  # to the login
    client.force_login(UserFactory(groups=[PARTNER]))
    for address in (url(answered), url(answered, "odpowiedzi.csv"), url(answered, "dane-otwarte.json")):
        assert client.get(address).status_code == 404


def test_an_author_sees_results_and_open_data_but_not_the_raw_answers(site_tree, client, answered):
    client.force_login(UserFactory(groups=[AUTOR]))
    assert client.get(url(answered)).status_code == 200
    assert client.get(url(answered, "dane-otwarte.json")).status_code == 200
    for export in ("odpowiedzi.csv", "odpowiedzi.json", "odpowiedzi.xlsx"):
        assert client.get(url(answered, export)).status_code == 404


def test_the_page_shows_results_and_export_links(editor, client, answered):
    page = client.get(url(answered))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Jak oceniasz park?" in text
    for export in ("odpowiedzi.xlsx", "odpowiedzi.csv", "odpowiedzi.json", "dane-otwarte.csv", "dane-otwarte.json"):
        assert url(answered, export) in text


def test_the_district_filter_narrows_results_and_exports(editor, client, answered, districts):
    old_town = districts[0]
    page = client.get(url(answered), {"dzielnica": old_town.pk, "od": "01.03.2026", "do": "2026-03-31"})
    assert page.status_code == 200 and page.context["results"].responses == 2
    assert f"odpowiedzi.csv?dzielnica={old_town.pk}" in page.content.decode()
    export = client.get(url(answered, "odpowiedzi.csv"), {"dzielnica": old_town.pk})
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2


@pytest.mark.parametrize("query", [{"od": "31.02.2026"}, {"od": "2026-03-05", "do": "2026-03-01"}, {"dzielnica": "999999"}, {"dzielnica": "x"}])
def test_bad_filters_give_a_message_not_a_500(editor, client, answered, query):
    page = client.get(url(answered), query)
    assert page.status_code == 400
    assert page.context["form"].errors and page.context["results"].responses == 3
    assert 'role="alert"' in page.content.decode()
    assert client.get(url(answered, "odpowiedzi.csv"), query).status_code == 400


def test_each_export_downloads(editor, client, answered):
    workbook = load_workbook(io.BytesIO(b"".join(client.get(url(answered, "odpowiedzi.xlsx")).streaming_content)), read_only=True)
    assert len(list(workbook.active.iter_rows())) == 4
    data = json.loads(b"".join(client.get(url(answered, "odpowiedzi.json")).streaming_content))
    assert len(data["responses"]) == 3
    opened = client.get(url(answered, "dane-otwarte.csv"))
    assert opened["Content-Disposition"].startswith("attachment") and b"".join(opened.streaming_content).startswith(b"\xef\xbb\xbf")
    assert client.get(url(answered, "odpowiedzi.exe")).status_code == 404


def test_queries_do_not_grow_with_responses(editor, client, answered, districts):
    client.get(url(answered))  # warm caches (roles, site)
    with CaptureQueriesContext(connection) as few:
        client.get(url(answered))
    for index in range(6):
        respond(answered, {"dzielnica": {"id": districts[1].pk, "name": districts[1].name}, "dojazd": {"choice": "pieszo"},
                           "zalety": {"choices": ["cisza"]}, "priorytety": ["ławki", "drzewa", "oświetlenie"], "ocena": index % 5 + 1})
    with CaptureQueriesContext(connection) as many:
        page = client.get(url(answered))
    assert page.context["results"].responses == 9
    assert len(many) == len(few)


def test_public_open_data_only_once_the_survey_has_finished(client, answered, site_tree):
    assert client.get(f"/ankiety/{answered.pk}/dane-otwarte/").status_code == 404
    assert client.get(f"/ankiety/{answered.pk}/dane-otwarte.csv").status_code == 404
    answered.status = SurveyStatus.CLOSED
    answered.save()
    page = client.get(f"/ankiety/{answered.pk}/dane-otwarte/")
    assert page.status_code == 200 and "dane-otwarte.csv" in page.content.decode()
    data = json.loads(b"".join(client.get(f"/ankiety/{answered.pk}/dane-otwarte.json").streaming_content))
    assert len(data["rows"]) == 3
    assert client.get(f"/ankiety/{answered.pk}/dane-otwarte.xlsx").status_code == 404
    closed = client.get(answered.get_absolute_url())
    assert f"/ankiety/{answered.pk}/dane-otwarte/" in closed.content.decode()


def test_a_draft_never_publishes_open_data(client, site_tree):
    survey = make_survey(every_type_questions(), status=SurveyStatus.DRAFT)
    assert client.get(f"/ankiety/{survey.pk}/dane-otwarte.csv").status_code == 404


def test_a_survey_closed_by_hand_waits_for_its_consultation(client, answered, site_tree):
    """Open data needs the consultation published, public and ended too (needs `exports.open_data_available` in the
    public views)."""
    consultation = ConsultationFactory(status="open")
    answered.consultation = consultation
    answered.status = SurveyStatus.CLOSED
    answered.save()
    for address in (f"/ankiety/{answered.pk}/dane-otwarte/", f"/ankiety/{answered.pk}/dane-otwarte.csv"):
        assert client.get(address).status_code == 404
    consultation.status = "closed"
    consultation.save_revision().publish()
    assert client.get(f"/ankiety/{answered.pk}/dane-otwarte/").status_code == 200
    assert client.get(f"/ankiety/{answered.pk}/dane-otwarte.csv").status_code == 200
    consultation.unpublish()
    assert client.get(f"/ankiety/{answered.pk}/dane-otwarte.json").status_code == 404
