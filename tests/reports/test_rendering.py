"""The report's content: every required section, every remark with its decision and justification, survey charts with
their tables; the PDF is tagged PDF/UA-1 in Polish; the DOCX parses back with real headings and header rows, and with
each chart as a PNG with Polish alternative text before its table."""

import io
import re

import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image

from reports import rendering, selectors, services
from surveys import charts
from surveys.models import Survey
from tests.panels.test_services import pdf_objects
from tests.portal.records import attach_document
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
        question("uwagi", "text", text="Co jeszcze chcesz nam powiedzieć?"),  # nobody answers it: no chart, no table
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


def test_the_attachments_section_lists_the_consultations_attachments(consultation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    attach_document(consultation, title="Mapa parku Lotników")
    labelled = attach_document(consultation, title="skan-2026-11.pdf")
    labelled.label, labelled.sort_order = "Protokół ze spotkania 12 listopada", 1
    labelled.save()
    data = selectors.report_data(consultation)
    html = rendering.report_html(data)
    section = html[html.index('id="section-attachments"'):]
    section = section[:section.index("</section>")]
    assert re.findall(r"<li>(.*?)</li>", section) == ["Mapa parku Lotników", "Protokół ze spotkania 12 listopada"]
    assert "Brak załączników." not in section and "skan-2026-11.pdf" not in html
    paragraphs = Document(io.BytesIO(rendering.report_docx(data))).paragraphs
    heading = next(index for index, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == "Załączniki")
    assert [p.text for p in paragraphs[heading + 1:] if p.style.name == "List Bullet"] == [
        "Mapa parku Lotników", "Protokół ze spotkania 12 listopada",
    ]


def docx_charts(document) -> list[dict]:
    """Every inline picture of the DOCX in order: its alternative text, its image part's bytes, and what follows its
    paragraph in the body (the next two elements)."""
    found = []
    for shape in document.inline_shapes:
        doc_pr = shape._inline.docPr
        blip = shape._inline.graphic.graphicData.pic.blipFill.blip
        paragraph = shape._inline.getparent().getparent().getparent()  # wp:inline < w:drawing < w:r < w:p
        following = [paragraph.getnext(), paragraph.getnext().getnext()]
        found.append({"title": doc_pr.get("title"), "descr": doc_pr.get("descr"),
                      "image": document.part.related_parts[blip.embed].blob, "following": following})
    return found


def test_the_docx_draws_each_chart_the_pdf_draws_with_polish_alt_text_and_its_table_after_it(data):
    document = Document(io.BytesIO(rendering.report_docx(data)))
    found = docx_charts(document)
    questions = data.surveys[0].questions
    charted = [result for result in questions if result.rows]
    assert [result.text for result in charted] == ["Jak dojeżdżasz do parku?", "Jak oceniasz park?"]  # not the open one
    html = rendering.report_html(data)
    assert len(found) == len(charted) == html[html.index('id="section-results"'):html.index('id="section-remarks"')].count("<svg")
    for result, chart in zip(charted, found, strict=True):
        assert chart["title"] == f"{result.text} – Odpowiedzi"
        assert f'<title id="wykres-{result.key}-title">{chart["title"]}</title>' in html  # the PDF's chart has the same title
        assert chart["descr"].startswith(f"Wykres słupkowy. {result.text} – Odpowiedzi: ")
        for row in result.rows:
            assert f"{row.label}: {row.count} ({charts.percent(row.share)})" in chart["descr"]
        image = Image.open(io.BytesIO(chart["image"]))
        assert image.format == "PNG"
        layout = charts.layout(result.rows, title=chart["title"])  # the SVG's pixels, ×2: 192 dpi
        assert image.size == (layout.width * 2, layout.height * 2) == (1280, (len(result.rows) * 32 + 10) * 2)
        longest = max(range(len(result.rows)), key=lambda index: result.rows[index].count)
        middle_of_longest = (2 * (charts.LABEL_WIDTH + 5), 2 * (10 + longest * 32 + 11))
        pixels = image.convert("RGB")
        assert pixels.getpixel(middle_of_longest) == (0x1F, 0x4E, 0x8C) and pixels.getpixel((2, 2)) == (255, 255, 255)
        caption, table = chart["following"]
        assert caption.tag == qn("w:p") and caption.xpath("string(.)") == result.text
        assert table.tag == qn("w:tbl")
        cells = [[cell.xpath("string(.)") for cell in row.findall(qn("w:tc"))] for row in table.findall(qn("w:tr"))]
        assert cells[1:] == [[row.label, str(row.count), f"{row.share:.0%}"] for row in result.rows]
    assert found[0]["descr"] == "Wykres słupkowy. Jak dojeżdżasz do parku? – Odpowiedzi: tramwajem: 2 (66,7\u00a0%); rowerem: 1 (33,3\u00a0%)."
    unanswered = next(p for p in document.paragraphs if p.text == "3. Co jeszcze chcesz nam powiedzieć?")._p
    answered, after = unanswered.getnext(), unanswered.getnext().getnext()
    assert answered.xpath("string(.)") == "Liczba osób, które odpowiedziały: 0"
    assert after.xpath("string(.)") == "Uwagi, decyzje i ich uzasadnienie"  # the next section: no picture, no table


def test_a_chart_of_many_bars_is_summed_up_by_its_longest_in_the_alt_text(consultation):
    choices = [f"Miejsce nr {number}" for number in range(1, 13)]
    survey = make_survey([question("gdzie", "single", config={"choices": choices}, text="Gdzie postawić ławkę?")], title="Ławki")
    for number, times in [(3, 3), (7, 2), (1, 1)]:
        for _ in range(times):
            respond(survey, {"gdzie": {"choice": f"Miejsce nr {number}"}})
    Survey.objects.filter(pk=survey.pk).update(consultation=consultation, status="closed")
    (chart,) = docx_charts(Document(io.BytesIO(rendering.report_docx(selectors.report_data(consultation)))))
    assert chart["descr"].startswith("Wykres słupkowy. Gdzie postawić ławkę? – Odpowiedzi. Słupki: 12, najdłuższe: "
                                     "Miejsce nr 3: 3 (50,0\u00a0%); Miejsce nr 7: 2 (33,3\u00a0%); Miejsce nr 1: 1 (16,7\u00a0%); ")
    assert chart["descr"].endswith(" Wszystkie liczby są w tabeli poniżej.")
    assert Image.open(io.BytesIO(chart["image"])).size == (1280, (12 * 32 + 10) * 2)
