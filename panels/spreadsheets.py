"""The current draw's candidates with their selection probabilities as an XLSX sheet for the Koordynator
(openpyxl, write-only). One row per candidate in number order: pseudonymous number, name, e-mail, result, order in
the draw, the answer to each criterion (its label), then the chance under LEXIMIN and under simple random sampling
within quotas as numbers (shown as percentages), so the report's figures can be checked or sorted."""

from typing import IO

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import safe_cell

from . import selectors
from .models import CitizenPanel, SelectionRun

PROBABILITY_FORMAT = "0.000%"
LANGUAGE = "pl"


def write_probabilities(panel: CitizenPanel, run: SelectionRun, stream: IO[bytes]) -> int:
    """Write the workbook into a binary stream; return the number of candidates written."""
    with translation.override(LANGUAGE):
        criteria = list(selectors.panel_with_criteria(CitizenPanel.objects.filter(pk=panel.pk)).get().criteria.all())
        labels = {c.key: {o.value: o.label for o in c.options.all()} for c in criteria}
        columns = [(_("Number"), 10), (_("Name and surname"), 32), (_("E-mail"), 34), (_("Result"), 16),
                   (_("Order in the draw"), 12)]
        columns += [(c.label, 24) for c in criteria]
        columns += [(_("Chance (LEXIMIN)"), 16), (_("Chance (simple random sampling)"), 16)]
        workbook = Workbook(write_only=True)
        workbook.properties.title = _("Selection probabilities: %(panel)s") % {"panel": panel.title}
        workbook.properties.creator = "Dialog"
        sheet = workbook.create_sheet(title=_("Probabilities"))
        for index, (_header, width) in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
        bold = Font(bold=True)
        header = []
        for text, _width in columns:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        written = 0
        for row in selectors.result_rows(run):
            candidate = row.candidate
            chances = []
            for value in (row.leximin_probability, row.srs_probability):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = PROBABILITY_FORMAT
                chances.append(cell)
            answers = [labels[c.key].get(candidate.answers.get(c.key), candidate.answers.get(c.key, "")) for c in criteria]
            texts = [candidate.full_name, candidate.email, row.get_role_display()]
            sheet.append([candidate.number, *(safe_cell(sheet, text) for text in texts), row.position,
                          *(safe_cell(sheet, answer) for answer in answers), *chances])
            written += 1
        workbook.save(stream)
    return written


def export_filename(panel: CitizenPanel, run: SelectionRun) -> str:
    return f"szanse-{panel.slug}-{run.run_at:%Y-%m-%d}.xlsx"
