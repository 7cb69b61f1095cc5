"""The timeline's layout is plain arithmetic on dates: tested without the database."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from campaigns.timeline import MIN_BAR_WIDTH, Period, TimelineItem, Zoom, layout, overlaps, period_for, place

WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: str, hour: int = 0, minute: int = 0) -> datetime:
    return datetime.combine(date.fromisoformat(day), datetime.min.time(), tzinfo=WARSAW).replace(hour=hour, minute=minute)


def item(key, start, end=None, group="A", order=()) -> TimelineItem:
    return TimelineItem(key=key, start=start, end=end, group_key=group, group_label=f"Kampania {group}", group_order=order)


@pytest.mark.parametrize(
    ("zoom", "day", "first", "after"),
    [
        (Zoom.WEEK, date(2026, 12, 3), date(2026, 11, 30), date(2026, 12, 7)),  # a Thursday: its week starts on Monday
        (Zoom.WEEK, date(2026, 11, 30), date(2026, 11, 30), date(2026, 12, 7)),
        (Zoom.MONTH, date(2026, 12, 31), date(2026, 12, 1), date(2027, 1, 1)),
        (Zoom.MONTH, date(2028, 2, 10), date(2028, 2, 1), date(2028, 3, 1)),
        (Zoom.QUARTER, date(2026, 11, 15), date(2026, 10, 1), date(2027, 1, 1)),
        (Zoom.QUARTER, date(2027, 1, 1), date(2027, 1, 1), date(2027, 4, 1)),
    ],
)
def test_a_period_contains_its_day(zoom, day, first, after):
    period = period_for(zoom, day, WARSAW)
    assert (period.first, period.after) == (first, after)
    assert period.start == at(first.isoformat())
    assert period.last == after - timedelta(days=1)


def test_previous_and_next_periods_follow_each_other():
    december = period_for("miesiac", date(2026, 12, 15), WARSAW)
    assert december.next().first == date(2027, 1, 1)
    assert december.previous().first == date(2026, 11, 1)
    week = period_for(Zoom.WEEK, date(2026, 12, 3), WARSAW)
    assert (week.previous().first, week.next().first) == (date(2026, 11, 23), date(2026, 12, 7))
    quarter = period_for(Zoom.QUARTER, date(2026, 12, 3), WARSAW)
    assert (quarter.previous().first, quarter.next().first) == (date(2026, 7, 1), date(2027, 1, 1))


def test_an_unknown_zoom_is_refused():
    with pytest.raises(ValueError):
        period_for("rok", date(2026, 12, 3), WARSAW)


def test_ticks_cover_the_period_without_gaps():
    for zoom, count in ((Zoom.WEEK, 7), (Zoom.MONTH, 31), (Zoom.QUARTER, 3)):
        ticks = period_for(zoom, date(2026, 12, 3), WARSAW).ticks()
        assert len(ticks) == count
        assert ticks[0].left == 0
        assert sum(tick.width for tick in ticks) == pytest.approx(100, abs=0.01)
        for before, after in zip(ticks, ticks[1:], strict=False):
            assert before.left + before.width == pytest.approx(after.left, abs=0.01)


def test_a_week_day_is_a_seventh_and_the_month_tick_is_its_length():
    week = period_for(Zoom.WEEK, date(2026, 12, 3), WARSAW)
    assert week.ticks()[1].left == pytest.approx(100 / 7, abs=0.001)
    quarter = period_for(Zoom.QUARTER, date(2026, 12, 3), WARSAW)  # October 31 days, November 30, December 31 of 92
    assert [round(t.width, 1) for t in quarter.ticks()] == [round(31 / 92 * 100, 1), round(30 / 92 * 100, 1), round(31 / 92 * 100, 1)]


def test_a_lasting_action_is_a_bar_placed_in_percent_of_the_period():
    week = period_for(Zoom.WEEK, date(2026, 12, 3), WARSAW)  # 30 Nov – 6 Dec
    placement = place(at("2026-12-01"), at("2026-12-03"), week)
    assert not placement.is_marker
    assert placement.left == pytest.approx(100 / 7, abs=0.001)
    assert placement.width == pytest.approx(200 / 7, abs=0.001)
    assert not placement.starts_before and not placement.ends_after
    assert placement.style == "left:14.286%;width:28.571%"


def test_a_one_off_action_is_a_marker_at_its_hour():
    week = period_for(Zoom.WEEK, date(2026, 12, 3), WARSAW)
    placement = place(at("2026-12-02", 12), None, week)
    assert placement.is_marker
    assert placement.left == pytest.approx((2.5 / 7) * 100, abs=0.001)
    assert placement.style == "left:35.714%"


def test_a_bar_longer_than_the_period_is_cut_at_both_edges():
    december = period_for(Zoom.MONTH, date(2026, 12, 3), WARSAW)
    placement = place(at("2026-11-20"), at("2027-01-10"), december)
    assert (placement.left, placement.width) == (0, 100)
    assert placement.starts_before and placement.ends_after


def test_a_very_short_bar_stays_visible_and_inside_the_chart():
    december = period_for(Zoom.MONTH, date(2026, 12, 3), WARSAW)
    placement = place(at("2026-12-31", 23, 50), at("2026-12-31", 23, 59), december)
    assert placement.width == MIN_BAR_WIDTH
    assert placement.left + placement.width <= 100


def test_positions_use_the_city_time_across_a_clock_change():
    """The last Sunday of October has 25 hours in Warsaw; noon on the 26th is still after 25 full days."""
    october = period_for(Zoom.MONTH, date(2026, 10, 1), WARSAW)
    total_hours = 31 * 24 + 1
    hours = 25 * 24 + 1 + 12
    assert place(at("2026-10-26", 12), None, october).left == pytest.approx(hours / total_hours * 100, abs=0.001)


def test_overlap_is_the_selector_rule():
    week = period_for(Zoom.WEEK, date(2026, 12, 3), WARSAW)
    assert overlaps(at("2026-11-30"), None, week)
    assert not overlaps(at("2026-12-07"), None, week)  # the first moment after the week
    assert overlaps(at("2026-11-01"), at("2026-11-30"), week)  # ends at the week's first moment
    assert not overlaps(at("2026-11-01"), at("2026-11-29", 23, 59), week)


def test_layout_groups_rows_by_campaign_and_sorts_them_by_date():
    week = period_for(Zoom.WEEK, date(2026, 12, 3), WARSAW)
    items = [
        item(1, at("2026-12-04"), group="B", order=(0, 2.0)),
        item(2, at("2026-12-02"), at("2026-12-05"), group="A", order=(0, 1.0)),
        item(3, at("2026-12-01"), group="B", order=(0, 2.0)),
        item(4, at("2026-12-20"), group="C", order=(0, 0.5)),  # outside the week: no row, no group
    ]
    chart = layout(items, week, now=at("2026-12-03", 12))
    assert [group.key for group in chart.groups] == ["A", "B"]
    assert [[row.item.key for row in group.rows] for group in chart.groups] == [[2], [3, 1]]
    assert chart.row_count == 3
    assert chart.today == pytest.approx(3.5 / 7 * 100, abs=0.001)
    assert chart.today_style == "left:50.000%"


def test_today_outside_the_period_draws_no_line_and_empty_groups_can_be_kept():
    week = period_for(Zoom.WEEK, date(2026, 12, 3), WARSAW)
    chart = layout([], week, now=at("2027-03-01"), groups=[("A", "Kampania A", ())])
    assert chart.today is None and chart.today_style == ""
    assert [(group.key, group.rows) for group in chart.groups] == [("A", [])]


def test_a_period_is_plain_data():
    assert Period(Zoom.WEEK, date(2026, 11, 30), date(2026, 12, 7), WARSAW) == period_for(Zoom.WEEK, date(2026, 12, 1), WARSAW)
