"""Cells of the XLSX files Dialog writes from what residents typed (surveys, panels, registrations).

Every process reads this module (the content type, the upload form's `accept`); openpyxl, which only the processes
that write a spreadsheet need, is imported where a cell is made.
"""

import re

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# The control characters XML 1.0 cannot hold; tab, line feed and carriage return it can (openpyxl's ILLEGAL_CHARACTERS_RE).
CONTROL_CHARACTERS = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


def without_control_characters(value):
    """Text without the control characters XML cannot hold (tab and line breaks stay); other values as they are."""
    return CONTROL_CHARACTERS.sub("", value) if isinstance(value, str) else value


def safe_cell(sheet, value):
    """`value` for a write-only sheet: text without the control characters openpyxl refuses (one would fail the whole
    export), and text starting with "=" kept as text – openpyxl stores it as a formula, so a resident's
    `=HYPERLINK(…)` would run in the staff member's spreadsheet program."""
    if not isinstance(value, str):
        return value
    value = without_control_characters(value)
    if value.startswith("="):
        from openpyxl.cell import WriteOnlyCell

        text = WriteOnlyCell(sheet, value)
        text.data_type = "s"
        return text
    return value
