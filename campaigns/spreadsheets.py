"""A campaign's plan as an XLSX sheet: export for officials, and import of the same layout (no views here).

The layout is a file format, so its headers are fixed Polish words whatever the interface language;
an exported sheet imports back unchanged. One row is one action:

    Data | Godzina | Data zakończenia | Godzina zakończenia | Kanał | Działanie | Rodzaj | Odpowiedzialny | Status | Uwagi | Link

Dates and times are real Excel cells (dd.mm.yyyy, hh:mm) in the city's time zone (`TIME_ZONE`,
Europe/Warsaw). A person is written as "Full Name (username)"; import reads the username in the
brackets (usernames cannot contain brackets or spaces) or a bare username, so it is unambiguous.

Import adds the rows to the plan as new actions through `services.create_action`; actions already in
the plan are left as they are. It is all-or-nothing: every problem of every row is reported, and
nothing is written unless the whole sheet is valid. A row with the same title and start as an action
already in the plan is a problem too, so importing the same file twice does not double the plan.
Not in the layout (and so not carried by a round trip): dependencies and "reports results".
"""

import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.child import INVALID_TITLE_REGEX

from catalog.models import CampaignPage
from core.models import Channel

from .models import Action, ActionKind, ActionStatus
from .services import create_action

# (key, header, column width in characters)
COLUMNS = [
    ("date", "Data", 12),
    ("time", "Godzina", 9),
    ("end_date", "Data zakończenia", 17),
    ("end_time", "Godzina zakończenia", 20),
    ("channel", "Kanał", 24),
    ("title", "Działanie", 50),
    ("kind", "Rodzaj", 26),
    ("responsible", "Odpowiedzialny", 32),
    ("status", "Status", 22),
    ("notes", "Uwagi", 50),
    ("link", "Link", 40),
]
HEADERS = [header for _key, header, _width in COLUMNS]
DATE_FORMAT = "DD.MM.YYYY"
TIME_FORMAT = "HH:MM"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_ROWS = 20_000  # a plan is tens or hundreds of actions; this bounds the work a single upload can cause
_USERNAME_IN_BRACKETS = re.compile(r"\(([^()\s]+)\)\s*$")
_TEXT_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
_TEXT_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")


# ---------------------------------------------------------------------------------------------- export


def sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    cleaned = INVALID_TITLE_REGEX.sub(" ", title).strip().strip("'") or "Plan"
    return cleaned[:31].rstrip()


EXPORT_FIELDS = (
    "starts_at", "ends_at", "channel__name", "title", "kind", "responsible__username", "responsible__first_name",
    "responsible__last_name", "status", "notes", "result_url",
)


def export_rows(campaign: CampaignPage):
    """The plan's rows as tuples of `EXPORT_FIELDS`, streamed in chunks: no model instances, flat memory at any size."""
    return campaign.actions.order_by("starts_at", "pk").values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)


def write_plan(campaign: CampaignPage, stream: IO[bytes]) -> int:
    """Write the campaign's plan as an XLSX workbook into a binary stream; return the number of actions.

    openpyxl's write-only mode streams rows to a temporary file, so memory stays flat at any size.
    """
    zone = timezone.get_default_timezone()
    workbook = Workbook(write_only=True)
    workbook.properties.title = f"Plan kampanii: {campaign.title}"
    workbook.properties.creator = "Dialog"
    sheet = workbook.create_sheet(title=sheet_title(campaign.title))
    for index, (_key, _header, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    count = campaign.actions.count()
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE3EA")
    wrap = Alignment(vertical="center", wrap_text=True)
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font, cell.fill, cell.alignment = bold, fill, wrap
        header.append(cell)
    sheet.append(header)

    def formatted(value, number_format: str):
        if value is None:
            return None
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = number_format
        return cell

    # Labels translated once, not once per row.
    kinds = {value: str(label) for value, label in ActionKind.choices}
    statuses = {value: str(label) for value, label in ActionStatus.choices}
    written = 0
    for starts_at, ends_at, channel, title, kind, username, first_name, last_name, status, notes, url in export_rows(campaign):
        start = timezone.localtime(starts_at, zone).replace(microsecond=0, tzinfo=None)
        end = timezone.localtime(ends_at, zone).replace(microsecond=0, tzinfo=None) if ends_at else None
        name = f"{first_name} {last_name}".strip() if username else ""  # "Anna Nowak (anowak)", or the bare username
        sheet.append([
            formatted(start.date(), DATE_FORMAT),
            formatted(start.time(), TIME_FORMAT),
            formatted(end.date(), DATE_FORMAT) if end else None,
            formatted(end.time(), TIME_FORMAT) if end else None,
            channel,
            title,
            kinds.get(kind, kind),
            (f"{name} ({username})" if name else username) or None,
            statuses.get(status, status),
            notes or None,
            url or None,
        ])
        written += 1
    workbook.save(stream)
    return written


# ---------------------------------------------------------------------------------------------- import


@dataclass(frozen=True)
class ImportProblem:
    """One reason the sheet cannot be imported: where (Excel row number, column header) and why, in the interface language."""

    code: str
    message: str
    row: int | None = None
    column: str | None = None

    @property
    def column_letter(self) -> str:
        if self.column in HEADERS:
            return get_column_letter(HEADERS.index(self.column) + 1)
        return ""


class PlanImportError(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__(f"{len(problems)} problem(s) in the plan sheet")
        self.problems = problems


def import_plan(*, campaign: CampaignPage, file: IO[bytes], user: AbstractBaseUser | None) -> list[Action]:
    """Add every row of the sheet to the campaign's plan, or nothing: any problem raises PlanImportError."""
    rows = read_plan(file)
    with transaction.atomic():
        # One import into a campaign at a time: the duplicate check below then sees the other import's rows.
        CampaignPage.objects.select_for_update().filter(pk=campaign.pk).values_list("pk", flat=True).get()
        problems = _duplicates(campaign, rows)
        if problems:
            raise PlanImportError(problems)
        created = []
        for row_number, fields in rows:
            try:
                created.append(create_action(campaign=campaign, user=user, **fields))
            except ValidationError as error:  # the same checks ran above; a model rule added later. Raising rolls back.
                raise PlanImportError(_validation_problems(row_number, error)) from error
    return created


def read_plan(file: IO[bytes]) -> list[tuple[int, dict[str, Any]]]:
    """Check the whole sheet; return (Excel row number, fields for `create_action`) or raise PlanImportError."""
    sheet_rows = _sheet_rows(file)
    try:
        header = next(sheet_rows)
    except StopIteration:
        raise PlanImportError([ImportProblem("empty_file", _("The sheet is empty: it has no header row."), row=1)]) from None
    positions, problems = _read_header(header)
    if problems:
        raise PlanImportError(problems)

    raw_rows = []
    for row_number, values in enumerate(sheet_rows, start=2):
        if all(_blank(value) for value in values):
            continue
        if len(raw_rows) >= MAX_ROWS:
            raise PlanImportError([ImportProblem(
                "too_many_rows", _("The sheet has more than %(max)d rows; split it into smaller files.") % {"max": MAX_ROWS},
                row=row_number,
            )])
        raw_rows.append((row_number, {key: values[index] if index < len(values) else None for key, index in positions.items()}))
    if not raw_rows:
        raise PlanImportError([ImportProblem("no_rows", _("The sheet has headers but no actions."), row=2)])

    lookups = _Lookups.build(raw_rows)
    rows, problems = [], []
    for row_number, raw in raw_rows:
        fields, row_problems = _read_row(row_number, raw, lookups)
        problems.extend(row_problems)
        if not row_problems:
            rows.append((row_number, fields))
    if problems:
        raise PlanImportError(problems)
    return rows


def _sheet_rows(file: IO[bytes]) -> Iterable[tuple]:
    not_xlsx = PlanImportError([ImportProblem("not_xlsx", _("This is not an Excel file (.xlsx). Save the sheet as “Excel Workbook (.xlsx)” and try again."))])
    try:
        file.seek(0)
        if not zipfile.is_zipfile(file):
            raise not_xlsx
        file.seek(0)
        workbook = load_workbook(file, read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
    except PlanImportError:
        raise
    except Exception as error:  # openpyxl raises many kinds (KeyError, InvalidFileException, XML errors) on files it cannot read
        raise not_xlsx from error

    def rows():
        try:
            yield from sheet.iter_rows(values_only=True)
        except Exception as error:  # a damaged sheet inside a valid zip
            raise not_xlsx from error
        finally:
            workbook.close()

    return rows()


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_header(header: tuple) -> tuple[dict[str, int], list[ImportProblem]]:
    expected = {text.casefold(): key for key, text, _width in COLUMNS}
    positions: dict[str, int] = {}
    problems = []
    for index, value in enumerate(header):
        if _blank(value):
            continue
        text = str(value).strip()
        key = expected.get(text.casefold())
        if key is None:
            problems.append(ImportProblem(
                "extra_header", _("Unknown column “%(header)s” (column %(letter)s).") % {"header": text, "letter": get_column_letter(index + 1)},
                row=1, column=text,
            ))
        elif key in positions:
            problems.append(ImportProblem("duplicate_header", _("The column “%(header)s” appears twice.") % {"header": text}, row=1, column=text))
        else:
            positions[key] = index
    for key, text, _width in COLUMNS:
        if key not in positions:
            problems.append(ImportProblem("missing_header", _("The column “%(header)s” is missing.") % {"header": text}, row=1, column=text))
    return positions, problems


def _choice_lookup(choices) -> dict[str, str]:
    """A choice by its code or its label in Polish, English or the current language, ignoring case."""
    lookup = {}
    for value, label in choices:
        lookup[value.casefold()] = value
        lookup[str(label).casefold()] = value
        for language in ("pl", "en"):
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


@dataclass
class _Lookups:
    channels: dict[str, Channel]
    users: dict[str, AbstractBaseUser]
    kinds: dict[str, str]
    statuses: dict[str, str]

    @classmethod
    def build(cls, raw_rows) -> "_Lookups":
        channels = {}
        for channel in Channel.objects.all():
            channels[channel.slug.casefold()] = channel
        for channel in Channel.objects.all():  # names win over slugs
            channels[channel.name.casefold()] = channel
        usernames = {_username(raw["responsible"]) for _row, raw in raw_rows if not _blank(raw["responsible"])}
        users = {user.get_username(): user for user in get_user_model().objects.filter(username__in=usernames, is_active=True)}
        return cls(channels, users, _choice_lookup(ActionKind.choices), _choice_lookup(ActionStatus.choices))


def _username(value: Any) -> str:
    text = str(value).strip()
    match = _USERNAME_IN_BRACKETS.search(text)
    return match.group(1) if match else text


def _read_row(row: int, raw: dict[str, Any], lookups: _Lookups) -> tuple[dict[str, Any], list[ImportProblem]]:
    problems: list[ImportProblem] = []
    header = {key: text for key, text, _width in COLUMNS}

    def problem(key: str, code: str, message: str) -> None:
        problems.append(ImportProblem(code, message, row=row, column=header[key]))

    title = "" if _blank(raw["title"]) else str(raw["title"]).strip()
    if not title:
        problem("title", "empty_title", _("The action has no title."))
    elif len(title) > Action._meta.get_field("title").max_length:
        problem("title", "title_too_long", _("The title is longer than %(max)d characters.") % {"max": Action._meta.get_field("title").max_length})

    start_day = _read_date(raw["date"])
    if start_day is None:
        problem("date", "bad_date", _("Missing date.") if _blank(raw["date"]) else _("“%(value)s” is not a date (use dd.mm.yyyy).") % {"value": _shown(raw["date"])})
    start_time = _read_time(raw["time"])
    if start_time is None:
        problem("time", "bad_time", _("Missing time.") if _blank(raw["time"]) else _("“%(value)s” is not a time (use hh:mm).") % {"value": _shown(raw["time"])})

    end_day = None
    if not _blank(raw["end_date"]):
        end_day = _read_date(raw["end_date"])
        if end_day is None:
            problem("end_date", "bad_date", _("“%(value)s” is not a date (use dd.mm.yyyy).") % {"value": _shown(raw["end_date"])})
    end_time = None
    if not _blank(raw["end_time"]):
        end_time = _read_time(raw["end_time"])
        if end_time is None:
            problem("end_time", "bad_time", _("“%(value)s” is not a time (use hh:mm).") % {"value": _shown(raw["end_time"])})
    elif end_day is not None:
        problem("end_time", "bad_time", _("An end date needs an end time."))

    zone = timezone.get_default_timezone()
    starts_at = ends_at = None
    if start_day and start_time:
        starts_at = timezone.make_aware(datetime.combine(start_day, start_time), zone)
    if end_time is not None and (end_day or start_day):
        ends_at = timezone.make_aware(datetime.combine(end_day or start_day, end_time), zone)
    if starts_at and ends_at and ends_at < starts_at:
        problem("end_date", "end_before_start", _("The end is earlier than the start."))

    channel = None
    if not _blank(raw["channel"]):
        channel = lookups.channels.get(str(raw["channel"]).strip().casefold())
        if channel is None:
            problem("channel", "unknown_channel", _("Unknown channel “%(value)s”.") % {"value": _shown(raw["channel"])})

    kind = ActionKind.OTHER.value
    if not _blank(raw["kind"]):
        kind = lookups.kinds.get(str(raw["kind"]).strip().casefold())
        if kind is None:
            problem("kind", "unknown_kind", _("Unknown type of action “%(value)s”.") % {"value": _shown(raw["kind"])})

    status = ActionStatus.TODO.value
    if not _blank(raw["status"]):
        status = lookups.statuses.get(str(raw["status"]).strip().casefold())
        if status is None:
            problem("status", "unknown_status", _("Unknown status “%(value)s”.") % {"value": _shown(raw["status"])})

    responsible = None
    if not _blank(raw["responsible"]):
        responsible = lookups.users.get(_username(raw["responsible"]))
        if responsible is None:
            problem("responsible", "unknown_person", _("Unknown person “%(value)s”: give the login (username) of an active account.") % {"value": _shown(raw["responsible"])})

    notes = "" if _blank(raw["notes"]) else str(raw["notes"]).strip()
    link = "" if _blank(raw["link"]) else str(raw["link"]).strip()
    if link:
        try:
            Action._meta.get_field("result_url").clean(link, None)
        except ValidationError:
            problem("link", "bad_link", _("“%(value)s” is not a web address (it should start with https://).") % {"value": _shown(link)})

    fields = {
        "title": title, "kind": kind, "channel": channel, "starts_at": starts_at, "ends_at": ends_at,
        "responsible": responsible, "status": status, "notes": notes, "result_url": link,
    }
    return fields, problems


def _shown(value: Any) -> str:
    """A cell's value as the message quotes it: short, dates as the sheet shows them."""
    if isinstance(value, datetime):
        text = value.strftime("%d.%m.%Y %H:%M")
    elif isinstance(value, date):
        text = value.strftime("%d.%m.%Y")
    else:
        text = str(value).strip()
    return text if len(text) <= 60 else text[:59] + "…"


def _read_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2_958_466:
        return date(1899, 12, 30) + timedelta(days=int(value))  # an Excel serial day in a cell not formatted as a date
    if isinstance(value, str):
        text = value.strip()
        for pattern in _TEXT_DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()  # noqa: DTZ007 – a calendar day, no time zone involved
            except ValueError:
                continue
    return None


def _read_time(value: Any) -> time | None:
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        # Excel keeps times as fractions of a day; round off the float noise openpyxl may bring back.
        seconds = round(value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1_000_000)
        return time(*divmod(seconds // 60, 60), seconds % 60) if seconds < 86400 else None
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 <= value < 1:
        seconds = round(value * 86400)
        return time(*divmod(seconds // 60, 60), seconds % 60) if seconds < 86400 else None
    if isinstance(value, str):
        match = _TEXT_TIME.match(value.strip())
        if match:
            hours, minutes, seconds = int(match[1]), int(match[2]), int(match[3] or 0)
            if hours < 24 and minutes < 60 and seconds < 60:
                return time(hours, minutes, seconds)
    return None


def _duplicates(campaign: CampaignPage, rows) -> list[ImportProblem]:
    starts = [fields["starts_at"] for _row, fields in rows]
    existing = set(
        campaign.actions.filter(starts_at__gte=min(starts), starts_at__lte=max(starts)).values_list("title", "starts_at")
    )
    return [
        ImportProblem(
            "duplicate", _("The plan already has the action “%(title)s” at this time; remove the row or change the action.") % {"title": fields["title"]},
            row=row, column="Działanie",
        )
        for row, fields in rows
        if (fields["title"], fields["starts_at"]) in existing
    ]


def _validation_problems(row: int, error: ValidationError) -> list[ImportProblem]:
    columns = {"title": "Działanie", "starts_at": "Data", "ends_at": "Data zakończenia", "channel": "Kanał", "kind": "Rodzaj",
               "responsible": "Odpowiedzialny", "status": "Status", "notes": "Uwagi", "result_url": "Link"}
    if not hasattr(error, "error_dict"):
        return [ImportProblem("invalid", " ".join(error.messages), row=row)]
    return [
        ImportProblem("invalid", " ".join(messages), row=row, column=columns.get(field))
        for field, messages in error.message_dict.items()
    ]
