"""Actions as the planner shows them: plain rows of strings and flags (`ActionRow`) and their HTML (`RowHtml`).

A timeline of 2,000 actions prints every row twice (chart and table); working the strings out once
per row, and labels once per page or language, is what keeps such a page fast.
"""

from datetime import date, datetime
from functools import lru_cache
from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_user_display_name

from ..forms_planner import datetime_local
from ..models import OPEN_STATUSES, Action, ActionStatus

STATUS_LABELS = dict(ActionStatus.choices)


def url_maker(name: str):
    """`reverse` once, then fill in the id: a page of 2,000 rows does not reverse 2,000 times."""
    sentinel = "987654321"
    head, tail = reverse(name, args=[int(sentinel)]).split(sentinel)
    return lambda pk: f"{head}{pk}{tail}"


def quick_edit_url(pk: int) -> str:
    global _quick_edit_url
    if _quick_edit_url is None:
        _quick_edit_url = url_maker("campaigns:planner_quick_edit")
    return _quick_edit_url(pk)


_quick_edit_url = None


def person_name(user) -> str:
    """A person's display name, worked out once per user object (the plan rows share one per person)."""
    name = getattr(user, "_planner_display_name", None)
    if name is None:
        name = user._planner_display_name = get_user_display_name(user)
    return name


def local_day_time(value: datetime) -> str:
    """"3 grudnia 2026, 10:00": the day's words are formatted once per day and language, not once per row."""
    local = timezone.localtime(value)
    return f"{_day_words(local.date(), get_language())}, {local:%H:%M}"


@lru_cache(maxsize=4096)
def _day_words(day: date, language: str) -> str:
    return date_format(day, "j E Y")


@lru_cache(maxsize=64)
def _status_words(status: str, language: str) -> str:
    """A status's label, translated once per language rather than once per row."""
    return str(STATUS_LABELS.get(status, status))


class ActionRow:
    """What a chart row, a table row and a task show about an action, as strings and flags."""

    __slots__ = (
        "pk", "title", "edit_url", "campaign_id", "campaign_title", "channel", "person", "person_id", "status",
        "status_label", "start", "end", "start_value", "is_one_off", "is_overdue", "after", "warnings", "placement",
        "quick_url",
    )

    def __init__(self, action: Action, *, now: datetime, edit_url, warnings=(), placement=None):
        self.pk = action.pk
        self.title = action.title
        self.edit_url = edit_url(action.pk)
        self.quick_url = quick_edit_url(action.pk)
        self.campaign_id = action.campaign_id
        self.campaign_title = action.campaign.title
        self.channel = action.channel.name if action.channel_id else ""
        self.person = person_name(action.responsible) if action.responsible_id else ""
        self.person_id = action.responsible_id
        self.status = action.status
        self.status_label = _status_words(action.status, get_language())
        self.start = local_day_time(action.starts_at)
        self.end = local_day_time(action.ends_at) if action.ends_at else ""
        self.start_value = action.starts_at  # written as the date field's value only when a form shows it
        self.is_one_off = action.ends_at is None
        self.is_overdue = action.status in OPEN_STATUSES and action.finishes_at < now
        befores = getattr(action, "depends_on_list", None)
        self.after = [before.title for before in (action.depends_on.all() if befores is None else befores)]
        self.warnings = list(warnings)  # (number, message) of the warnings that name this action
        self.placement = placement

    @property
    def values(self) -> dict:
        """What the quick-edit fields show for this action."""
        return {"pk": self.pk, "status": self.status, "responsible": str(self.person_id or ""),
                "starts_at": datetime_local(self.start_value)}


class RowHtml:
    """A chart row and a table row of the timeline, written in Python.

    At 2,000 actions Django's template language took seconds for these two loops alone (every row is
    about fifty variable lookups, filters and translations); the page around them stays a template.
    Every value is escaped here; labels are translated once per page.
    """

    def __init__(self, *, edit_base: str):
        self.edit_base = escape(edit_base)
        self.overdue_badge = f'<strong class="planner-badge planner-badge--overdue">{escape(pgettext("planner", "Overdue"))}</strong>'
        self.overdue_cell = f'<strong class="planner-badge planner-badge--overdue">{escape(pgettext("planner", "overdue"))}</strong>'
        self.warnings_label = escape(_("Warnings:"))
        self.after_label = escape(_("after:"))
        self.one_off = escape(_("one-off"))
        self.no = escape(_("no"))
        self.change = escape(_("Change"))

    def chart(self, row: ActionRow) -> str:
        classes = "planner-chart__row" + (" is-overdue" if row.is_overdue else "") + (" has-warnings" if row.warnings else "")
        extra = self.overdue_badge if row.is_overdue else ""
        if row.warnings:
            links = ", ".join(f'<a href="#warning-{number}">{number}</a>' for number, _message in row.warnings)
            extra += (f'<span class="planner-badge planner-badge--warning"><span aria-hidden="true">⚠</span> '
                      f"{self.warnings_label} {links}</span>")
        if row.after:
            extra += f'<span class="planner-after">↳ {self.after_label} {escape(", ".join(row.after))}</span>'
        placement = row.placement
        bar = "planner-bar" + (" planner-bar--marker" if placement.is_marker else "") + (
            " planner-bar--cut-start" if placement.starts_before else "") + (
            " planner-bar--cut-end" if placement.ends_after else "") + f" status-{row.status}"
        return (f'<li class="{classes}" id="bar-{row.pk}"><div class="planner-chart__label">'
                f'<a href="#action-{row.pk}">{escape(row.title)}</a> {extra}</div>'
                f'<div class="planner-chart__track" aria-hidden="true"><span class="{bar}" style="{placement.style}"></span></div></li>')

    def table(self, row: ActionRow, form_html: str = "") -> str:
        warnings = "".join(
            f'<p class="planner-table__warning"><a href="#warning-{number}">{number}.</a> {escape(message)}</p>'
            for number, message in row.warnings
        ) or "–"
        change = form_html or (f'<a href="{self.edit_base}{row.pk}#action-{row.pk}" data-quick-edit>{self.change}'
                               f'<span class="w-sr-only"> {escape(row.title)}</span></a>')
        return (
            f'<tr id="action-{row.pk}"{' class="is-overdue"' if row.is_overdue else ""} data-action-id="{row.pk}">'
            f'<th scope="row"><a href="{row.edit_url}">{escape(row.title)}</a></th>'
            f"<td>{escape(row.campaign_title)}</td><td>{escape(row.channel) or '–'}</td>"
            f"<td data-person>{escape(row.person) or '–'}</td><td>{row.start}</td><td>{row.end or self.one_off}</td>"
            f'<td data-status="{row.status}">{escape(row.status_label)}</td>'
            f"<td>{self.overdue_cell if row.is_overdue else self.no}</td><td>{warnings}</td>"
            f"<td>{escape(', '.join(row.after)) or '–'}</td><td>{change}</td></tr>"
        )
