"""The report's two files, each built by one function from the same `selectors.ReportData`.

The PDF is tagged PDF/UA-1 from the HTML template (WeasyPrint, as `panels/report.py`): language pl, the title in
the metadata, one h1 and h2 per section, tables with header cells, survey charts as inline SVG with their data
tables beside them. The HTML preview staff see is that same document. The DOCX draws each chart as a PNG from the same
layout (`surveys.charts`), with alternative text, and puts the same table after it. WeasyPrint and python-docx are
imported in the functions that use them: a web process loads them only when it renders a report
(tests/core/test_process_imports.py).
"""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from surveys import charts

from .selectors import ReportData

LANGUAGE = "pl"
EMU_PER_PIXEL = 9525  # a CSS pixel (1/96 inch) in the DOCX's English Metric Units
SUMMARY_ROWS = 10  # a chart's alternative text names every bar up to this many
SUMMARY_LONGEST = 5  # …else the longest ones


def report_html(data: ReportData, *, draft: bool = True) -> str:
    """The report as one HTML document in Polish (the PDF's source and the staff preview)."""
    with translation.override(LANGUAGE):
        return render_to_string("reports/report.html", {"data": data, "consultation": data.consultation, "draft": draft})


def report_pdf(data: ReportData, *, draft: bool = True) -> bytes:
    """PDF/UA-1: tagged, document language pl, the title in the metadata (from the HTML's <title> and lang)."""
    from weasyprint import HTML

    return HTML(string=report_html(data, draft=draft)).write_pdf(pdf_variant="pdf/ua-1")


def _header_row(table, labels: list[str]) -> None:
    """Fill the first row with column headers and mark it as a header repeated on every page (w:tblHeader)."""
    from docx.oxml import OxmlElement

    row = table.rows[0]
    for cell, label in zip(row.cells, labels, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(label).bold = True
    row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))


def _table(document, labels: list[str], rows: list[list[str]], caption: str):
    document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(labels), style="Table Grid")
    _header_row(table, labels)
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    return table


def _paragraphs(document, text: str) -> None:
    for block in (block.strip() for block in text.replace("\r\n", "\n").split("\n\n")):
        if block:
            document.add_paragraph(block)


def _date(value, pattern: str = "j E Y") -> str:
    return date_format(value, pattern) if value else "—"


def _chart(document, question) -> None:
    """The question's bar chart as an inline PNG no wider than the text, named by its alternative text (the drawing's
    `wp:docPr` title and description, which Word and screen readers read): the chart's title and its numbers, in
    Polish like the report. More than `SUMMARY_ROWS` bars are summed up by the longest ones; the table after it has
    them all."""
    from docx.shared import Emu

    chart = charts.layout(question.rows, title=charts.question_title(question))
    section = document.sections[-1]
    width = min(Emu(chart.width * EMU_PER_PIXEL), section.page_width - section.left_margin - section.right_margin)
    if len(question.rows) <= SUMMARY_ROWS:
        text = _("Bar chart. %(title)s: %(data)s.") % {"title": chart.title, "data": chart.description}
    else:
        longest = sorted(question.rows, key=lambda row: -row.count)[:SUMMARY_LONGEST]
        text = _("Bar chart. %(title)s. Bars: %(count)d, the longest: %(data)s. Every number is in the table below.") % {
            "title": chart.title, "count": len(question.rows), "data": charts.described(longest),
        }
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.keep_with_next = True  # the chart and its table's caption on one page
    picture = paragraph.add_run().add_picture(io.BytesIO(charts.png(chart)), width=width)
    picture._inline.docPr.set("title", chart.title)
    picture._inline.docPr.set("descr", text)


def report_docx(data: ReportData, *, draft: bool = True) -> bytes:
    """The same report as a Word document: real heading styles, tables with repeating header rows, title and language
    in the core properties.

    Each survey question with rows gets the PDF's chart as a picture (a PNG drawn from the same layout, `_chart`)
    and then its data table, which stays the accessible form of the numbers.
    """
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    with translation.override(LANGUAGE):
        document = Document()
        document.core_properties.title = data.title
        document.core_properties.language = "pl-PL"
        document.core_properties.author = data.consultation.organiser or "Dialog"
        document.core_properties.subject = data.consultation.title
        # The language of the text itself (spell-checking, screen readers), not only the file's metadata.
        run_properties = document.styles["Normal"].element.get_or_add_rPr()
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), "pl-PL")
        run_properties.append(language)

        document.add_heading(data.title, level=0)
        if draft:
            document.add_paragraph(_("Draft – not published yet. Generated on %(date)s.") % {"date": _date(data.generated_at, "j E Y, H:i")})
        for key, title, note in data.sections:
            document.add_heading(title, level=1)
            _docx_section(document, data, key)
            if note and key not in ("aim", "conclusions"):
                _paragraphs(document, note)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()


def _docx_section(document, data: ReportData, key: str) -> None:
    consultation, numbers = data.consultation, data.participation
    if key == "aim":
        _paragraphs(document, data.notes["aim"] or _("No introduction written."))
        if consultation.organiser:
            document.add_paragraph(_("Organiser: %(organiser)s") % {"organiser": consultation.organiser})
    elif key == "dates":
        document.add_paragraph(_("From %(start)s to %(end)s.") % {"start": _date(consultation.starts_at), "end": _date(consultation.ends_at)})
        if consultation.submissions_until:
            document.add_paragraph(_("Remarks accepted until %(date)s.") % {"date": _date(consultation.submissions_until, "j E Y, H:i")})
    elif key == "forms":
        for label in data.forms:
            document.add_paragraph(label, style="List Bullet")
        for way in data.documents:
            document.add_paragraph(_("Document for comments: %(title)s; comments: %(count)d") % {"title": way.title, "count": way.count}, style="List Bullet")
        for survey in data.surveys:
            document.add_paragraph(_("Survey: %(title)s; responses: %(count)d") % {"title": survey.title, "count": survey.responses}, style="List Bullet")
        for meeting in data.meetings:
            document.add_paragraph(f"{meeting.title} ({_date(meeting.starts_at, 'j E Y, H:i')})", style="List Bullet")
    elif key == "participation":
        rows = [
            [_("Remarks received"), str(numbers.remarks)], [_("Distinct remarks (duplicates merged)"), str(numbers.distinct_remarks)],
            [_("Survey responses"), str(numbers.responses)], [_("Comments withheld by moderation"), str(numbers.withheld)],
        ]
        _table(document, [_("Measure"), pgettext("count", "Number")], rows, _("Participation in numbers"))
        _table(document, [_("Source"), _("Remarks")], [[t.label, str(t.count)] for t in numbers.by_source], _("Remarks by source"))
        _table(document, [_("Decision"), _("Remarks")], [[t.label, str(t.count)] for t in numbers.by_decision]
               + [[_("without a decision"), str(numbers.undecided)]], _("Remarks by decision"))
    elif key == "results":
        if not data.surveys:
            document.add_paragraph(_("No survey was run in this consultation."))
        for survey in data.surveys:
            document.add_heading(survey.title, level=2)
            document.add_paragraph(_("Responses: %(count)d") % {"count": survey.responses})
            for question in survey.questions:
                document.add_heading(f"{question.number}. {question.text}", level=3)
                document.add_paragraph(_("Answered: %(count)d") % {"count": question.answered})
                if question.rows:  # as the PDF: a chart and a table where there are rows, none for open answers
                    _chart(document, question)
                    _table(document, [_("Answer"), pgettext("count", "Number"), _("Share")],
                           [[row.label, str(row.count), f"{row.share:.0%}"] for row in question.rows], question.text)
                if question.mean is not None:
                    document.add_paragraph(_("Mean: %(mean).2f") % {"mean": question.mean})
                if question.open_count:
                    document.add_paragraph(_("Open answers: %(count)d") % {"count": question.open_count})
    elif key == "remarks":
        if not data.remarks:
            document.add_paragraph(_("No remarks were submitted."))
            return
        _table(document, [_("No."), _("Received"), _("Remark"), _("Decision"), _("Justification")], [
            [str(line.number), f"{_date(line.received_on, 'd.m.Y')}, {line.source}; {line.author}",
             f"{line.where}: {line.text}" if line.where else line.text,
             line.decision_text, line.justification]
            for line in data.remarks
        ], _("Every remark with its decision and justification"))
    elif key == "conclusions":
        _paragraphs(document, data.notes["conclusions"] or _("No conclusions written."))
    elif key == "attachments":
        if not data.attachments:
            document.add_paragraph(_("No attachments."))
        for attachment in data.attachments:
            document.add_paragraph(attachment.title, style="List Bullet")

