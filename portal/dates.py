"""Dates and statuses as the portal writes them: "16 marca 2026, 18:00–20:00", in the reader's language.

Shared by the template tags and by the listing's cards (`portal.selectors.listing_cards`).
"""

import html
from datetime import time
from functools import cache

from django.utils.dates import MONTHS_ALT
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog.statuses import Status

DATE_TIME_FORMAT = "j E Y, H:i"  # "16 marca 2026, 18:00": E is the genitive month name in Polish
DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
LAST_MINUTE = time(23, 59)
STATUS_LABELS = dict(Status.choices)  # what record.get_status_display() returns, without rebuilding the dict per record


@cache
def _month_names(language: str | None) -> dict[int, str]:
    """The genitive month names of the active language ("marca"), translated once per language and process."""
    return {number: str(name) for number, name in MONTHS_ALT.items()}


def _written(local, fmt: str) -> str:
    """`local` as `django.utils.dateformat.format(local, fmt)` writes it, for the formats above.

    Django parses the format anew for every value; a listing writes up to 40 dates.
    """
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if fmt == TIME_FORMAT:
        return clock
    day = f"{local.day} {_month_names(get_language())[local.month]} {local.year:04d}"
    return day if fmt == DATE_FORMAT else f"{day}, {clock}"


def _time(local, fmt: str) -> str:
    """A `<time>` element; built by hand rather than with `format_html`, whose checks cost more than the
    formatting (a listing writes up to 40 of these): the ISO date is digits, the written date is escaped."""
    iso = local.date().isoformat() if fmt == DATE_FORMAT else local.isoformat(timespec="seconds")
    return f'<time datetime="{iso}">{html.escape(_written(local, fmt))}</time>'


def _is_whole_days(start, end) -> bool:
    """A period from midnight to 23:59 (consultations, campaigns) is about days; its hours mean nothing."""
    return (start is None or start.time() == time.min) and (end is None or end.time() >= LAST_MINUTE)


def date_range(start, end=None) -> str:
    """A record's period in the reader's language; one day is written once, e.g. "16 marca 2026, 18:00–20:00".

    Whole days are written without hours: "1 grudnia 2026 – 15 stycznia 2027".
    """
    start = localtime(start) if start else None
    end = localtime(end) if end else None
    fmt = DATE_FORMAT if _is_whole_days(start, end) else DATE_TIME_FORMAT
    if start and end:
        if start.date() == end.date():
            if fmt == DATE_FORMAT:
                return mark_safe(_time(start, fmt))  # noqa: S308 – built by _time
            return mark_safe(f"{_time(start, fmt)}–{_time(end, TIME_FORMAT)}")  # noqa: S308 – idem
        return mark_safe(f"{_time(start, fmt)} – {_time(end, fmt)}")  # noqa: S308 – idem
    if start:
        return mark_safe(_time(start, fmt))  # noqa: S308 – idem
    if end:
        return format_html(_("until {}"), mark_safe(_time(end, fmt)))  # noqa: S308 – idem
    return ""
