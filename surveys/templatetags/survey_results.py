"""Template helpers of the results includes: the SVG chart of a result and Polish percentages."""

from django import template

from .. import charts
from ..results import Row

register = template.Library()


@register.simple_tag
def result_chart(rows, prefix: str, ident, title: str):
    """The chart of these rows; its ids are "<prefix>-<ident>-title"/"-desc", unique on a page of several surveys."""
    return charts.bar_chart(rows, chart_id=f"{prefix}-{ident}", title=title)


@register.simple_tag
def question_chart(result, prefix: str):
    """A question's chart, titled as the DOCX report titles it (`charts.question_title`); ids "<prefix>-<key>-…"."""
    return charts.bar_chart(result.rows, chart_id=f"{prefix}-{result.key}", title=charts.question_title(result))


@register.simple_tag
def day_chart(by_day, prefix: str, ident, title: str):
    """The responses per day as bars labelled with the date (shares of all responses)."""
    total = sum(count for _day, count in by_day)
    rows = [Row(day.strftime("%d.%m.%Y"), count, count / total if total else 0.0) for day, count in by_day]
    return charts.bar_chart(rows, chart_id=f"{prefix}-{ident}", title=title)


@register.filter
def percent(share):
    return charts.percent(share)


@register.filter
def decimal_pl(number):
    """A mean with two decimals and a decimal comma: 3,45."""
    return f"{number:.2f}".replace(".", ",")
