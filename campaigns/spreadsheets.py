"""A campaign's plan as an XLSX sheet: export for officials, and import of the same layout (no views here).

The layout is a file format, so its headers are fixed Polish words whatever the interface language;
an exported sheet imports back unchanged. One row is one action:

    Data | Godzina | Data zakończenia | Godzina zakończenia | Kanał | Działanie | Rodzaj | Odpowiedzialny | Status | Uwagi | Link
    | Lp. | Po (Lp.) | Ogłasza wyniki

Dates and times are real Excel cells (dd.mm.yyyy, hh:mm) in the city's time zone (`TIME_ZONE`,
Europe/Warsaw). A person is written as "Full Name (username)"; import reads the username in the
brackets (usernames cannot contain brackets or spaces) or a bare username, so it is unambiguous.
"Lp." is the row's number in the sheet (1, 2, 3… in export order) and "Po (Lp.)" the numbers of the
actions it depends on (`Action.depends_on`: done first), e.g. "3, 7"; "Ogłasza wyniki" is
`Action.reports_results` as "tak"/"nie". An exported sheet imported into another (empty) campaign
therefore gives the same plan, dependencies and "reports results" included. Only dependencies on
actions of another campaign (the model allows them) cannot be written as a number of this sheet:
export leaves them out, so a round trip drops them.

Import adds the rows to the plan as new actions through `services.create_action`; actions already in
the plan are left as they are. It is all-or-nothing: every problem of every row is reported, and
nothing is written unless the whole sheet is valid. A row with the same title and start as an action
already in the plan is a problem too, so importing the same file twice does not double the plan.
The last three columns are optional (sheets made before they existed, or by hand, import without
them); when given, a Lp. is a whole number > 0 used once in the sheet, and "Po (Lp.)" names only
Lp. numbers of the same sheet, never the row itself, without a cycle. Actions are created so that
each one's dependencies exist before it, and get them through `services.create_action`.
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
    ("number", "Lp.", 6),
    ("after", "Po (Lp.)", 12),
    ("reports_results", "Ogłasza wyniki", 15),
]
HEADERS = [header for _key, header, _width in COLUMNS]
HEADER_OF = {key: header for key, header, _width in COLUMNS}
OPTIONAL_COLUMNS = frozenset({"number", "after", "reports_results"})  # absent from sheets made before they existed
YES, NO = "tak", "nie"
DATE_FORMAT = "DD.MM.YYYY"
TIME_FORMAT = "HH:MM"
MAX_ROWS = 20_000  # a plan is tens or hundreds of actions; this bounds the work a single upload can cause
_USERNAME_IN_BRACKETS = re.compile(r"\(([^()\s]+)\)\s*$")
_TEXT_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")
_TEXT_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?$")
_NUMBER_LIST_SEPARATOR = re.compile(r"[,;\s]+")
_YES_NO = {
    **dict.fromkeys(("tak", "yes", "1", "prawda", "true"), True),
    **dict.fromkeys(("nie", "no", "0", "fałsz", "falsz", "false"), False),
}
_CYCLE_SHOWN = 10  # Lp. numbers a cycle's message lists at most


# ---------------------------------------------------------------------------------------------- export


def sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of []:*?/\\ in a sheet's name."""
    cleaned = INVALID_TITLE_REGEX.sub(" ", title).strip().strip("'") or "Plan"
    return cleaned[:31].rstrip()


EXPORT_ORDER = ("starts_at", "pk")
EXPORT_FIELDS = (
    "pk", "starts_at", "ends_at", "channel__name", "title", "kind", "responsible__username", "responsible__first_name",
    "responsible__last_name", "status", "notes", "result_url", "reports_results",
)


def export_rows(campaign: CampaignPage):
    """The plan's rows as tuples of `EXPORT_FIELDS`, streamed in chunks: no model instances, flat memory at any size."""
    return campaign.actions.order_by(*EXPORT_ORDER).values_list(*EXPORT_FIELDS).iterator(chunk_size=2000)


def export_numbers(campaign: CampaignPage) -> tuple[dict[int, int], dict[int, str]]:
    """Each action's Lp. (pk → 1, 2, 3… in export order) and its "Po (Lp.)" text (pk → "3, 7"), in two queries.

    Only ids and small ints are held (about 1 MB for 10,000 actions). Dependencies on actions of another
    campaign have no Lp. in this sheet and are left out.
    """
    numbers = {
        pk: number
        for number, pk in enumerate(campaign.actions.order_by(*EXPORT_ORDER).values_list("pk", flat=True).iterator(), start=1)
    }
    befores: dict[int, list[int]] = {}
    pairs = Action.depends_on.through.objects.filter(from_action__campaign=campaign).values_list("from_action_id", "to_action_id")
    for source, target in pairs.iterator():
        if target in numbers:
            befores.setdefault(source, []).append(numbers[target])
    return numbers, {pk: ", ".join(map(str, sorted(set(lps)))) for pk, lps in befores.items()}


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
    numbers, afters = export_numbers(campaign)
    count = len(numbers)
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
    for (pk, starts_at, ends_at, channel, title, kind, username, first_name, last_name, status, notes, url,
         reports_results) in export_rows(campaign):
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
            numbers.get(pk),  # None only for an action added while the sheet was being written: it has no Lp.
            afters.get(pk),
            YES if reports_results else NO,
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


@dataclass(frozen=True)
class PlanRow:
    """A valid row of the sheet: its Excel row number, the fields for `create_action`, and the Excel row numbers
    of the rows it depends on (its "Po (Lp.)" read through the sheet's "Lp." column)."""

    row: int
    fields: dict[str, Any]
    after: tuple[int, ...] = ()


def import_plan(*, campaign: CampaignPage, file: IO[bytes], user: AbstractBaseUser | None) -> list[Action]:
    """Add every row of the sheet to the campaign's plan, or nothing: any problem raises PlanImportError.

    Returns the new actions in the order of the sheet's rows.
    """
    rows = read_plan(file)
    with transaction.atomic():
        # One import into a campaign at a time: the duplicate check below then sees the other import's rows.
        CampaignPage.objects.select_for_update().filter(pk=campaign.pk).values_list("pk", flat=True).get()
        problems = _duplicates(campaign, rows)
        if problems:
            raise PlanImportError(problems)
        created: dict[int, Action] = {}
        for item in rows:  # an action's dependencies come before it, so they exist when it is created
            try:
                created[item.row] = create_action(
                    campaign=campaign, user=user, depends_on=[created[row] for row in item.after], **item.fields
                )
            except ValidationError as error:  # the same checks ran above; a model rule added later. Raising rolls back.
                raise PlanImportError(_validation_problems(item.row, error)) from error
    return [created[row] for row in sorted(created)]


def read_plan(file: IO[bytes]) -> list[PlanRow]:
    """Check the whole sheet; return its rows in the order to create them, or raise PlanImportError.

    The order is the sheet's, except that a row comes after the rows it depends on.
    """
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
        raw_rows.append((row_number, {
            key: values[positions[key]] if key in positions and positions[key] < len(values) else None
            for key, _header, _width in COLUMNS
        }))
    if not raw_rows:
        raise PlanImportError([ImportProblem("no_rows", _("The sheet has headers but no actions."), row=2)])

    lookups = _Lookups.build(raw_rows)
    problems = []
    all_fields, numbers, afters = [], [], []
    for row_number, raw in raw_rows:
        fields, row_problems = _read_row(row_number, raw, lookups)
        number, after, link_problems = _read_links(row_number, raw)
        problems.extend(row_problems + link_problems)
        all_fields.append(fields)
        numbers.append(number)
        afters.append(after)
    row_numbers = [row_number for row_number, _raw in raw_rows]
    edges, order, link_problems = _dependencies(row_numbers, numbers, afters)
    problems.extend(link_problems)
    if problems:
        raise PlanImportError(sorted(problems, key=lambda problem: problem.row or 0))  # by row; a row's in the order found
    return [
        PlanRow(row_numbers[index], all_fields[index], tuple(row_numbers[before] for before in edges[index]))
        for index in order
    ]


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
        if key not in positions and key not in OPTIONAL_COLUMNS:
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

    def problem(key: str, code: str, message: str) -> None:
        problems.append(ImportProblem(code, message, row=row, column=HEADER_OF[key]))

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

    reports_results = False
    if not _blank(raw["reports_results"]):
        reports_results = _read_yes_no(raw["reports_results"])
        if reports_results is None:
            problem("reports_results", "bad_yes_no",
                    _("“%(value)s” is not yes or no: write “tak” or “nie”.") % {"value": _shown(raw["reports_results"])})

    fields = {
        "title": title, "kind": kind, "channel": channel, "starts_at": starts_at, "ends_at": ends_at,
        "responsible": responsible, "status": status, "notes": notes, "result_url": link, "reports_results": reports_results,
    }
    return fields, problems


def _read_links(row: int, raw: dict[str, Any]) -> tuple[int | None, tuple[int, ...], list[ImportProblem]]:
    """The row's Lp. (None if empty or wrong) and the Lp. numbers of its "Po (Lp.)" (empty if none or wrong)."""
    problems = []
    number = None
    if not _blank(raw["number"]):
        number = _read_number(raw["number"])
        if number is None:
            problems.append(ImportProblem(
                "bad_number", _("“%(value)s” is not an Lp. number: write a whole number greater than 0.") % {"value": _shown(raw["number"])},
                row=row, column=HEADER_OF["number"],
            ))
    after: tuple[int, ...] = ()
    if not _blank(raw["after"]):
        read = _read_number_list(raw["after"])
        if read is None:
            problems.append(ImportProblem(
                "bad_after",
                _("“%(value)s” is not a list of Lp. numbers: write them like this: 3, 7 (a space after each comma).") % {"value": _shown(raw["after"])},
                row=row, column=HEADER_OF["after"],
            ))
        else:
            after = read
    return number, after, problems


def _dependencies(
    rows: list[int], numbers: list[int | None], afters: list[tuple[int, ...]]
) -> tuple[list[list[int]], list[int], list[ImportProblem]]:
    """Read "Po (Lp.)" through "Lp.": each row's dependencies (as indexes of `rows`), an order that puts every row
    after its dependencies (else the sheet's), and the problems: repeated or unknown numbers, a row depending on
    itself, cycles (one problem per cycle found, on the row where it starts, with its numbers)."""
    problems = []
    by_number: dict[int, int] = {}
    for index, number in enumerate(numbers):
        if number is None:
            continue
        if number in by_number:
            problems.append(ImportProblem(
                "duplicate_number",
                _("Lp. %(number)d is already used in row %(row)d; every row needs its own.") % {"number": number, "row": rows[by_number[number]]},
                row=rows[index], column=HEADER_OF["number"],
            ))
        else:
            by_number[number] = index
    edges: list[list[int]] = []
    for index, after in enumerate(afters):
        befores = []
        for number in after:
            if number == numbers[index]:
                problems.append(ImportProblem(
                    "self_dependency", _("The action cannot depend on itself."), row=rows[index], column=HEADER_OF["after"],
                ))
            elif number not in by_number:
                problems.append(ImportProblem(
                    "unknown_number", _("There is no row with Lp. %(number)d.") % {"number": number},
                    row=rows[index], column=HEADER_OF["after"],
                ))
            else:
                befores.append(by_number[number])
        edges.append(befores)

    # Depth first through the dependencies, rows in the sheet's order: a row is done after what it depends on,
    # and meeting a row again while still inside it is a cycle (the rows on the path from it).
    order: list[int] = []
    done = [False] * len(rows)
    on_path: dict[int, int] = {}  # row index → its place on `path`
    for start in range(len(rows)):
        if done[start]:
            continue
        path, children = [start], [iter(edges[start])]
        on_path[start] = 0
        while path:
            for child in children[-1]:
                if child in on_path:
                    problems.append(_cycle_problem(rows, numbers, path, on_path[child]))
                elif not done[child]:
                    on_path[child] = len(path)
                    path.append(child)
                    children.append(iter(edges[child]))
                    break
            else:
                node = path.pop()
                children.pop()
                del on_path[node]
                done[node] = True
                order.append(node)
    return edges, order, problems


def _cycle_problem(rows: list[int], numbers: list[int | None], path: list[int], start: int) -> ImportProblem:
    """The cycle `path[start:]` and back to its first row, as Lp. numbers ("3 → 5 → 3"); a long one shortened.

    Only the shown part of the path is read, so many long cycles in one sheet stay cheap.
    """
    if len(path) - start > _CYCLE_SHOWN:
        shown = [*(str(numbers[index]) for index in path[start:start + _CYCLE_SHOWN - 1]), "…", str(numbers[path[-1]])]
    else:
        shown = [str(numbers[index]) for index in path[start:]]
    return ImportProblem(
        "cycle", _("The dependencies form a cycle: %(cycle)s; remove one of them.") % {"cycle": " → ".join([*shown, shown[0]])},
        row=rows[path[start]], column=HEADER_OF["after"],
    )


def _shown(value: Any) -> str:
    """A cell's value as the message quotes it: short, dates as the sheet shows them."""
    if isinstance(value, datetime):
        text = value.strftime("%d.%m.%Y %H:%M")
    elif isinstance(value, date):
        text = value.strftime("%d.%m.%Y")
    else:
        text = str(value).strip()
    return text if len(text) <= 60 else text[:59] + "…"


def _read_number(value: Any) -> int | None:
    """A whole number > 0 from a number cell (3 or 3.0) or text ("3")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if value > 0 else None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        return int(value.strip()) or None
    return None


def _read_number_list(value: Any) -> tuple[int, ...] | None:
    """Lp. numbers from "3, 7" (also ";" or spaces between them) or a number cell; None if any is not a number.

    A cell like 3.7 is refused rather than read as 3 and 7: Excel in Polish reads "3,7" typed without a space
    as the decimal number 3.7.
    """
    if not isinstance(value, str):
        number = _read_number(value)
        return None if number is None else (number,)
    numbers = []
    for part in _NUMBER_LIST_SEPARATOR.split(value.strip()):
        number = _read_number(part)
        if number is None:
            return None
        if number not in numbers:
            numbers.append(number)
    return tuple(numbers)


def _read_yes_no(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        return _YES_NO.get(value.strip().casefold())
    return None


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


def _duplicates(campaign: CampaignPage, rows: list[PlanRow]) -> list[ImportProblem]:
    starts = [item.fields["starts_at"] for item in rows]
    existing = set(
        campaign.actions.filter(starts_at__gte=min(starts), starts_at__lte=max(starts)).values_list("title", "starts_at")
    )
    return [
        ImportProblem(
            "duplicate", _("The plan already has the action “%(title)s” at this time; remove the row or change the action.") % {"title": item.fields["title"]},
            row=item.row, column=HEADER_OF["title"],
        )
        for item in sorted(rows, key=lambda item: item.row)
        if (item.fields["title"], item.fields["starts_at"]) in existing
    ]


def _validation_problems(row: int, error: ValidationError) -> list[ImportProblem]:
    columns = {"title": "Działanie", "starts_at": "Data", "ends_at": "Data zakończenia", "channel": "Kanał", "kind": "Rodzaj",
               "responsible": "Odpowiedzialny", "status": "Status", "notes": "Uwagi", "result_url": "Link",
               "reports_results": "Ogłasza wyniki", "depends_on": "Po (Lp.)"}
    if not hasattr(error, "error_dict"):
        return [ImportProblem("invalid", " ".join(error.messages), row=row)]
    return [
        ImportProblem("invalid", " ".join(messages), row=row, column=columns.get(field))
        for field, messages in error.message_dict.items()
    ]
