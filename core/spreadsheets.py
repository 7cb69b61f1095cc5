"""Cells of the XLSX files Dialog writes from what residents typed (surveys, panels, registrations)."""

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE


def without_control_characters(value):
    """Text without the control characters XML cannot hold (tab and line breaks stay); other values as they are."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def safe_cell(sheet, value):
    """`value` for a write-only sheet: text without the control characters openpyxl refuses (one would fail the whole
    export), and text starting with "=" kept as text – openpyxl stores it as a formula, so a resident's
    `=HYPERLINK(…)` would run in the staff member's spreadsheet program."""
    if not isinstance(value, str):
        return value
    value = without_control_characters(value)
    if value.startswith("="):
        text = WriteOnlyCell(sheet, value)
        text.data_type = "s"
        return text
    return value
