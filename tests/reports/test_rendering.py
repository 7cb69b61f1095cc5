"""The report's content: every required section, every remark with its decision and justification, survey charts with
their tables; the PDF is tagged PDF/UA-1 in Polish; the DOCX parses back with real headings and header rows."""

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn

from reports import rendering, selectors, services
from surveys.models import Survey
from tests.panels.test_services import pdf_objects
from tests.surveys.conftest import make_survey, question, respond

from .conftest import JUSTIFICATION_NOT, JUSTIFICATION_TAKEN

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]

SECTION_TITLES = [
    "Cel i przedmiot konsultacji", "Termin konsultacji", "Formy konsultacji", "Udział: osoby i zgłoszenia", "Wyniki ankiet",
    "Uwagi, decyzje i ich uzasadnienie", "Wnioski", "Załączniki",
]


@pytest.fixture
def survey(consultation):
    survey = make_survey([
        question("dojazd", "single", config={"choices": ["tramwajem", "rowerem"]}, text="Jak dojeżdżasz do parku?"),
        question("ocena", "scale", config={"min": 1, "max": 5}, text="Jak oceniasz park?"),
    ], title="Ankieta o parku")
    for way, mark in [("tramwajem", 4), ("rowerem", 5), ("tramwajem", 2)]:
        respond(survey, {"dojazd": {"choice": way}, "ocena": mark})
    Survey.objects.filter(pk=survey.pk).update(consultation=consultation, status="closed")
    return survey


@pytest.fixture
def data(consultation, remarks, survey, editor):
    services.save_draft(consultation=consultation, introduction="Pytaliśmy o park Lotników.", conclusions="Ławki staną w 2027 r.",
                        notes={"forms": "Spotkanie odbyło się w szkole nr 12."}, user=editor)
    return selectors.report_data(consultation)


def test_the_html_has_every_required_section_and_every_remark_with_its_decision(data, remarks):
    html = rendering.report_html(data)
    headings = re.findall(r"<h2 id=\"section-\w+\">\d+\. (.*?)</h2>", html)
    assert headings == SECTION_TITLES
    assert html.count("<h1>") == 1 and '<html lang="pl">' in html
    taken, refused, duplicate, undecided = remarks
    for remark in remarks:
        assert remark.text in html
    assert JUSTIFICATION_TAKEN in html and JUSTIFICATION_NOT in html
    assert f"<h3>Uwaga nr {taken.pk}</h3>" in html and html.count("<h3>Uwaga nr ") == 4
    assert f"<strong>Decyzja:</strong> uwzględniona. <strong>Uzasadnienie:</strong> {JUSTIFICATION_TAKEN}" in html, html[html.index("section-remarks"):][:1500]
    assert f"<strong>Decyzja:</strong> nieuwzględniona. <strong>Uzasadnienie:</strong> {JUSTIFICATION_NOT}" in html
    assert f"<strong>Decyzja:</strong> Połączona z uwagą nr {taken.pk}: uwzględniona." in html  # a duplicate shares the decision
    assert "<strong>Decyzja:</strong> jeszcze bez rozstrzygnięcia." in html  # the undecided one says so
    assert "Jan Prywatny" not in html  # residents' names never go into the report
    assert "Pytaliśmy o park Lotników." in html and "Ławki staną w 2027 r." in html and "Spotkanie odbyło się w szkole nr 12." in html
    assert "Wersja robocza" in html  # a draft says it is one


def test_the_results_section_draws_each_question_with_its_table(data):
    html = rendering.report_html(data)
    assert "Ankieta o parku" in html and "Jak dojeżdżasz do parku?" in html
    results = html[html.index('id="section-results"'):html.index('id="section-remarks"')]
    assert results.count("<svg") >= 2 and results.count("<table") >= 2
    assert data.participation.responses == 3


def test_numbers_count_remarks_duplicates_and_decisions(data):
    numbers = data.participation
    assert (numbers.remarks, numbers.distinct_remarks, numbers.decided, numbers.undecided) == (4, 3, 2, 1)
    assert {tally.label: tally.count for tally in numbers.by_decision} == {
        "uwzględniona": 1, "częściowo uwzględniona": 0, "nieuwzględniona": 1, "nie dotyczy": 0,
    }


def test_the_pdf_is_tagged_pdf_ua_in_polish_with_the_title(data):
    pdf = rendering.report_pdf(data)
    assert pdf.startswith(b"%PDF-1.7")
    objects = pdf_objects(pdf)
    assert re.search(rb'pdfuaid:part="1"', objects)
    assert re.search(rb"/Lang\s*\(pl\)", objects)
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects
    assert "Raport z konsultacji: Konsultacje parku Lotników".encode() in objects  # dc:title in the XMP metadata
    assert b"/S /Table" in objects and b"/S /TH" in objects  # tables with header cells
    assert objects.count(b"/S /Figure") >= 2 and objects.count(b"/Alt ") >= objects.count(b"/S /Figure")  # charts: figures with alt text
    assert b"/S /H1" in objects and b"/S /H2" in objects and b"/S /H3" in objects


def test_the_docx_has_headings_tables_with_repeating_headers_and_properties(data, remarks):
    document = Document(io.BytesIO(rendering.report_docx(data)))
    assert document.core_properties.title == "Raport z konsultacji: Konsultacje parku Lotników"
    assert document.core_properties.language == "pl-PL"
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == SECTION_TITLES
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [data.title]
    assert "Jak dojeżdżasz do parku?" in [p.text.split(". ", 1)[-1] for p in document.paragraphs if p.style.name == "Heading 3"]
    for table in document.tables:
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    remarks_table = next(t for t in document.tables if t.rows[0].cells[-1].text == "Uzasadnienie")
    rows = [[cell.text for cell in row.cells] for row in remarks_table.rows[1:]]
    assert len(rows) == len(remarks)
    taken = next(row for row in rows if row[0] == str(remarks[0].pk))
    assert taken[3] == "uwzględniona"
    assert taken[4] == JUSTIFICATION_TAKEN
    survey_table = next(t for t in document.tables if t.rows[0].cells[0].text == "Odpowiedź")
    assert [[c.text for c in row.cells] for row in survey_table.rows[1:]] == [["tramwajem", "2", "67%"], ["rowerem", "1", "33%"]]


def test_a_report_without_remarks_or_surveys_says_so(consultation):
    html = rendering.report_html(selectors.report_data(consultation))
    assert "Nie zgłoszono uwag." in html and "W tych konsultacjach nie prowadzono ankiety." in html
    assert "Chcemy wiedzieć, jak zmienić park." in html  # the introduction is prefilled from the announcement's aim
