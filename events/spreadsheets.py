"""An event's participants as an XLSX workbook for staff (openpyxl, write-only: memory stays flat).

Sheet "Uczestnicy": one row per registration (every status, in order of registration) with Polish headers,
a frozen header row and a filter: name, e-mail address, status, registered at, checked in at, district of residence,
then one column per question of the form (per wording as answered: an edited question gets a new column). Times are real
Excel cells in the city's time zone. Accessibility needs are special-category data (RODO art. 9): a
per-person column appears only while the event's needs are still retained (they are purged after the event),
and its header says what the data is. Sheet "Podsumowanie": attendance counts and the number of people per need.
"""

from typing import IO

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX

from catalog.models import EventPage
from core.spreadsheets import safe_cell

from . import selectors
from .models import RegistrationStatus

DATETIME_FORMAT = "dd.mm.yyyy hh:mm"
LANGUAGE = "pl"


def _local(value):
    return timezone.localtime(value).replace(microsecond=0, tzinfo=None) if value else None


def write_participants(event: EventPage, stream: IO[bytes]) -> int:
    """Write the workbook into a binary stream; return the number of registrations written."""
    with translation.override(LANGUAGE):
        return _write(event, stream)


def _write(event: EventPage, stream: IO[bytes]) -> int:
    with_needs = selectors.registrations_with_needs(event)
    columns = [
        (_("Full name"), 32), (_("E-mail address"), 34), (pgettext("registration", "Status"), 22),
        (_("Registered at"), 18), (_("Checked in at"), 18), (_("District of residence"), 24),
    ]
    if with_needs:
        columns.append((_("Accessibility needs – special category data (GDPR art. 9)"), 50))
    answer_columns = selectors.answer_columns(event)
    columns.extend((text, 30) for _question_id, text in answer_columns)

    workbook = Workbook(write_only=True)
    workbook.properties.title = _("Participants: %(event)s") % {"event": event.title}
    workbook.properties.creator = "Dialog"
    sheet = workbook.create_sheet(title=pgettext("sheet", "Participants"))
    for index, (_header, width) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE3EA")
    wrap = Alignment(vertical="center", wrap_text=True)
    header = []
    for text, _width in columns:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        header.append(cell)
    if with_needs:
        header[len(columns) - len(answer_columns) - 1].comment = Comment(
            _("Special category data (GDPR art. 9), given with consent for this event only. "
              "Do not copy or pass on; delete the file when the event is over."),
            "Dialog",
        )
    sheet.append(header)

    def moment(value):
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=_local(value))
        cell.number_format = DATETIME_FORMAT
        return cell

    statuses = {value: str(label) for value, label in RegistrationStatus.choices}
    registrations = list(selectors.event_registrations(event))
    for registration in registrations:
        row = [
            registration.full_name, registration.email, statuses.get(registration.status, registration.status),
            moment(registration.created_at), moment(registration.checked_in_at),
            registration.district.name if registration.district else None,
        ]
        if with_needs:
            needs = ", ".join(registration.need_labels())
            if registration.needs_other:
                needs = f"{needs}; {registration.needs_other}" if needs else registration.needs_other
            row.append(needs or None)
        answers = {(answer.question_id, answer.question_text): answer.answer for answer in registration.answers.all()}
        row.extend(answers.get(column) for column in answer_columns)
        sheet.append([safe_cell(sheet, value) for value in row])  # names and answers come from the public form
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(registrations) + 1}"

    summary = workbook.create_sheet(title=INVALID_TITLE_REGEX.sub("", pgettext("sheet", "Summary"))[:31])
    summary.column_dimensions["A"].width = 48
    summary.column_dimensions["B"].width = 14
    counts = selectors.attendance(event)
    title = WriteOnlyCell(summary, value=event.title)
    title.font = bold
    summary.append([title])
    for label, value in (
        (_("Registered (confirmed)"), counts.registered),
        (_("Attended"), counts.attended),
        (_("No-shows"), counts.no_shows if counts.ended else _("after the event")),
        (_("On the waiting list"), counts.waiting),
        (pgettext("registrations", "Cancelled"), counts.cancelled),
    ):
        summary.append([label, value])
    summary.append([])
    heading = WriteOnlyCell(summary, value=_("Accessibility needs (number of people)"))
    heading.font = bold
    summary.append([heading])
    for label, count in selectors.needs_summary(event):
        summary.append([label[:1].upper() + label[1:], count])
    workbook.save(stream)
    return len(registrations)
