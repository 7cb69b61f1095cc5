"""Layout of the planner's timeline (a Gantt chart): pure date arithmetic, no database, no Django.

A period (a week, a month or a quarter) is the width of the chart. Each item becomes one row: a bar
from its start to its end, or a marker on its date when it is a one-off; rows are grouped (by
campaign) and ordered by date. Positions are percentages of the period, written as CSS, so the
server renders the chart as plain HTML and the browser needs no script.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

# A lasting item shorter than this still gets a bar one can see (percent of the period).
MIN_BAR_WIDTH = 0.6


class Zoom(StrEnum):
    """The GET values of the zoom (Polish, as they show in the address)."""

    WEEK = "tydzien"
    MONTH = "miesiac"
    QUARTER = "kwartal"


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Tick:
    """A column of the chart's scale: a day (week and month zoom) or a month (quarter zoom)."""

    day: date
    left: float
    width: float

    @property
    def style(self) -> str:
        return f"left:{self.left:.3f}%;width:{self.width:.3f}%"


@dataclass(frozen=True)
class Period:
    zoom: Zoom
    first: date  # first day shown
    after: date  # first day not shown
    tz: tzinfo

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first, time.min, tzinfo=self.tz)

    @property
    def end(self) -> datetime:
        return datetime.combine(self.after, time.min, tzinfo=self.tz)

    @property
    def last(self) -> date:
        return self.after - timedelta(days=1)

    def previous(self) -> "Period":
        return period_for(self.zoom, self.first - timedelta(days=1), self.tz)

    def next(self) -> "Period":
        return period_for(self.zoom, self.after, self.tz)

    def offset(self, moment: datetime) -> float:
        """Where `moment` falls, in percent of the period, clamped to [0, 100]."""
        # In UTC: Python subtracts two times of the same zone by the wall clock, which is wrong across a clock change.
        start = self.start.astimezone(UTC)
        total = (self.end.astimezone(UTC) - start).total_seconds()
        share = (moment.astimezone(UTC) - start).total_seconds() / total * 100
        return min(100.0, max(0.0, share))

    def contains(self, moment: datetime) -> bool:
        return self.start <= moment < self.end

    def ticks(self) -> list[Tick]:
        if self.zoom is Zoom.QUARTER:
            starts = [_add_months(self.first, n) for n in range(3)]
            bounds = [*starts, self.after]
        else:
            days = (self.after - self.first).days
            bounds = [self.first + timedelta(days=n) for n in range(days + 1)]
        ticks = []
        for first, after in zip(bounds, bounds[1:], strict=False):
            left = self.offset(datetime.combine(first, time.min, tzinfo=self.tz))
            right = self.offset(datetime.combine(after, time.min, tzinfo=self.tz))
            ticks.append(Tick(first, round(left, 3), round(right - left, 3)))
        return ticks


def period_for(zoom: Zoom | str, day: date, tz: tzinfo) -> Period:
    """The week (Monday first), month or quarter that contains `day`."""
    zoom = Zoom(zoom)
    if zoom is Zoom.WEEK:
        first = day - timedelta(days=day.weekday())
        return Period(zoom, first, first + timedelta(days=7), tz)
    if zoom is Zoom.MONTH:
        first = day.replace(day=1)
        return Period(zoom, first, _add_months(first, 1), tz)
    first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return Period(zoom, first, _add_months(first, 3), tz)


@dataclass(frozen=True)
class Placement:
    left: float
    width: float
    is_marker: bool  # a one-off item: a point in time, not a span
    starts_before: bool  # the bar is cut at the period's left edge
    ends_after: bool  # ... and at its right edge

    @property
    def style(self) -> str:
        """Inline CSS; written here with a dot as the decimal separator whatever the locale."""
        if self.is_marker:
            return f"left:{self.left:.3f}%"
        return f"left:{self.left:.3f}%;width:{self.width:.3f}%"


def overlaps(start: datetime, end: datetime | None, period: Period) -> bool:
    """The same rule as `campaigns.selectors.actions_between`: one-offs in [start, end), spans touching it."""
    if end is None:
        return period.contains(start)
    return start < period.end and end >= period.start


def place(start: datetime, end: datetime | None, period: Period) -> Placement:
    if end is None:
        return Placement(round(period.offset(start), 3), 0.0, True, False, False)
    left = period.offset(start)
    right = period.offset(end)
    width = max(right - left, MIN_BAR_WIDTH)
    left = min(left, 100.0 - width)
    return Placement(round(left, 3), round(width, 3), False, start < period.start, end > period.end)


@dataclass(frozen=True)
class TimelineItem:
    """What the layout needs to know about an action; `payload` carries anything the template shows."""

    key: Hashable
    start: datetime
    end: datetime | None
    group_key: Hashable
    group_label: str
    group_order: tuple = ()
    payload: Any = None


@dataclass(frozen=True)
class Row:
    item: TimelineItem
    placement: Placement


@dataclass
class Group:
    key: Hashable
    label: str
    order: tuple
    rows: list[Row] = field(default_factory=list)


@dataclass
class Layout:
    period: Period
    groups: list[Group]
    today: float | None  # the "today" line, in percent; None when today is outside the period
    ticks: list[Tick]

    @property
    def today_style(self) -> str:
        return "" if self.today is None else f"left:{self.today:.3f}%"

    @property
    def row_count(self) -> int:
        return sum(len(group.rows) for group in self.groups)


def layout(items: Iterable[TimelineItem], period: Period, now: datetime, groups: Iterable[tuple] = ()) -> Layout:
    """Rows of the items that fall in the period, grouped and sorted by date.

    `groups` (key, label, order) adds groups that must show even without rows (a campaign's own timeline).
    """
    by_key: dict[Hashable, Group] = {key: Group(key, label, order) for key, label, order in groups}
    for item in items:
        if not overlaps(item.start, item.end, period):
            continue
        group = by_key.get(item.group_key)
        if group is None:
            group = by_key[item.group_key] = Group(item.group_key, item.group_label, item.group_order)
        group.rows.append(Row(item, place(item.start, item.end, period)))
    for group in by_key.values():
        group.rows.sort(key=lambda row: (row.item.start, str(row.item.key)))
    ordered = sorted(by_key.values(), key=lambda group: (group.order, group.label, str(group.key)))
    today = round(period.offset(now), 3) if period.contains(now) else None
    return Layout(period, ordered, today, period.ticks())
