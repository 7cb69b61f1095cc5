"""The planner's back-office views: timeline (Gantt chart), month calendar, "My tasks" and the quick edit of an action.

Server-rendered inside Wagtail's admin. Each view reads what it shows in a fixed number of queries
(`campaigns.selectors`), runs the planner's rules (`campaigns.rules`) over what it read, and turns
actions into plain rows (`ActionRow`) so templates only print strings. Every write goes through
`campaigns.services.update_action`. Only staff roles plan: a partner gets 404 here, as anywhere
the back-office names something a partner may not see.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from html import escape
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy, pgettext
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import CampaignPage
from core.roles import sees_whole_catalog

from .. import rules, selectors, services, timeline
from ..forms_planner import MonthForm, PlannerFilterForm, QuickEditForm, TimelineForm, datetime_local, staff_users
from ..models import OPEN_STATUSES, Action, ActionStatus
from ..planner_selectors import plan_rows

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


class PlannerView(WagtailAdminTemplateMixin, TemplateView):
    """Staff only; the filters come from the query string and invalid ones are reported, not applied."""

    header_icon = "calendar-alt"
    form_class = PlannerFilterForm
    drop_filters: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not sees_whole_catalog(request.user):
            raise Http404  # a partner: the planner does not exist for them
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def form(self):
        form = self.form_class(self.request.GET or None, drop=self.drop_filters)
        if form.is_bound:
            form.is_valid()
        return form

    @cached_property
    def now(self) -> datetime:
        return timezone.now()

    def render_to_response(self, context, **kwargs):
        if self.form.is_bound and self.form.errors:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)

    def url_with(self, **params) -> str:
        """This view's address with the active filters and `params` (None drops a parameter)."""
        query = {**self.form.active_filters(), **params}
        query = {key: value for key, value in query.items() if value not in (None, "")}
        return f"{self.request.path}?{urlencode(query)}" if query else self.request.path

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.form
        context["filter_controls"] = filter_controls(self.form)
        context["error_fields"] = [
            {"anchor": self.form[name].id_for_label, "label": self.form[name].label, "errors": errors}
            for name, errors in self.form.errors.items() if name in self.form.fields
        ]
        context["error_heading"] = _("Some filters are not valid and were not applied:")
        context["reset_url"] = self.request.path
        context["nav_links"] = planner_links(self.request.path)
        return context

    def quick_edit_context(self) -> dict:
        """The choices of the quick-edit form, read once for the whole page."""
        return {
            "staff_choices": [(user.pk, get_user_display_name(user)) for user in staff_users()],
            "status_choices": ActionStatus.choices,
        }


def filter_controls(form) -> list[dict]:
    """The filter form's fields with their options worked out here: Django's widget templates render every
    `<option>` through a template of its own, which cost a tenth of a big timeline."""
    controls = []
    for field in form:
        control = {"name": field.name, "id": field.id_for_label, "label": field.label, "input_type": None, "options": []}
        widget_type = getattr(field.field.widget, "input_type", "select")
        value = field.value()
        if value in (None, ""):
            value = field.initial  # the select shows what the view uses when the address says nothing
        chosen = "" if value is None else str(value)
        if hasattr(field.field, "choices") and widget_type == "select":
            control["options"] = [(str(key), label, str(key) == chosen) for key, label in field.field.choices]
        else:
            control["input_type"] = widget_type
            control["value"] = field.value() or ""
            if hasattr(control["value"], "isoformat"):
                control["value"] = control["value"].isoformat()
        controls.append(control)
    return controls


def planner_links(current: str) -> list[dict]:
    items = [
        (reverse("campaigns:planner_timeline"), _("Timeline")),
        (reverse("campaigns:planner_month"), _("Month calendar")),
        (reverse("campaigns:planner_my_tasks"), _("My tasks")),
    ]
    return [{"url": url, "label": label, "current": url == current} for url, label in items]


def number_warnings(warnings: list[rules.PlanWarning]) -> tuple[list[dict], dict[int, list[tuple[int, str]]]]:
    """Numbered warnings for the list, and for each action id the numbers that name it."""
    listed, by_action = [], {}
    for number, warning in enumerate(warnings, start=1):
        listed.append({"number": number, "message": warning.message, "code": warning.code, "action_ids": warning.action_ids})
        for pk in warning.action_ids:
            by_action.setdefault(pk, []).append((number, warning.message))
    return listed, by_action


class TimelineView(PlannerView):
    """All campaigns' plans (or one campaign's) on a week, month or quarter, with the same data as a table."""

    template_name = "campaigns/planner/timeline.html"
    form_class = TimelineForm
    page_title = gettext_lazy("Timeline of campaigns")

    @cached_property
    def campaign(self) -> CampaignPage | None:
        return None

    @cached_property
    def period(self) -> timeline.Period:
        return timeline.period_for(self.form.zoom(), self.anchor_day(), timezone.get_current_timezone())

    def anchor_day(self) -> date:
        return self.form.day()

    def plan(self, window: QuerySet) -> list[Action]:
        """Every action of the campaigns that show: the rules need the whole plan, not the window."""
        return plan_rows(Action.objects.filter(campaign__in=window.order_by().values("campaign_id")))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        period = self.period
        base = Action.objects.all() if self.campaign is None else Action.objects.filter(campaign=self.campaign)
        window = self.form.filter_actions(selectors.actions_between(period.start, period.end, base))
        shown = set(window.order_by().values_list("pk", flat=True))
        plan = self.plan(window)

        by_campaign: dict[int, list[Action]] = {}
        for action in plan:
            by_campaign.setdefault(action.campaign_id, []).append(action)
        warnings = []
        for actions in by_campaign.values():
            campaign = self.campaign or actions[0].campaign
            for warning in rules.campaign_warnings(campaign, actions):
                if not warning.action_ids or shown.intersection(warning.action_ids):
                    warnings.append(warning)
        if self.campaign is not None and not by_campaign:
            warnings = rules.campaign_warnings(self.campaign, [])
        listed, by_action = number_warnings(warnings)

        edit_url = url_maker("wagtailsnippets_campaigns_action:edit")
        items = []
        for action in plan:
            if action.pk not in shown:
                continue
            campaign = action.campaign
            items.append(timeline.TimelineItem(
                key=action.pk, start=action.starts_at, end=action.ends_at,
                group_key=campaign.pk, group_label=campaign.title, group_order=campaign_order(campaign),
                payload=action,
            ))
        groups = []
        if self.campaign is not None:
            groups = [(self.campaign.pk, self.campaign.title, campaign_order(self.campaign))]
        chart = timeline.layout(items, period, self.now, groups=groups)
        campaign_timeline = url_maker("campaigns:planner_campaign_timeline")
        page_edit = url_maker("wagtailadmin_pages:edit")
        zoom_query = urlencode({"skala": period.zoom.value, "data": period.first.isoformat()})
        for group in chart.groups:
            group.timeline_url = f"{campaign_timeline(group.key)}?{zoom_query}"
            group.edit_url = page_edit(group.key)
            group.action_rows = [
                ActionRow(row.item.payload, now=self.now, edit_url=edit_url, warnings=by_action.get(row.item.key, ()),
                          placement=row.placement)
                for row in group.rows
            ]
        editing = self.editing_pk(shown)
        context.update(
            chart=chart,
            period=period,
            period_label=period_label(period),
            ticks=[{"style": tick.style, "label": tick_label(tick, period), "title": date_format(tick.day, "l, j E Y")
                    if period.zoom is not timeline.Zoom.QUARTER else date_format(tick.day, "F Y")} for tick in chart.ticks],
            warnings=listed,
            previous_url=self.url_with(data=period.previous().first.isoformat(), zmien=None),
            next_url=self.url_with(data=period.next().first.isoformat(), zmien=None),
            today_url=self.url_with(data=timezone.localdate().isoformat(), zmien=None),
            zoom_links=[
                {"label": label, "url": self.url_with(skala=zoom.value, data=self.anchor_day().isoformat()),
                 "current": zoom is period.zoom}
                for zoom, label in ((timeline.Zoom.WEEK, _("Week")), (timeline.Zoom.MONTH, _("Month")),
                                    (timeline.Zoom.QUARTER, _("Quarter")))
            ],
            campaign=self.campaign,
            editing=editing,
            back_url=self.url_with(zmien=None),
            row_count=chart.row_count,
            overdue_count=sum(row.is_overdue for group in chart.groups for row in group.action_rows),
            **(self.quick_edit_context() if editing else {}),
        )
        back = context["back_url"]
        html = RowHtml(edit_base=f"{back}{'&' if '?' in back else '?'}zmien=")
        table = []
        for group in chart.groups:
            group.chart_html = mark_safe("".join(html.chart(row) for row in group.action_rows))  # noqa: S308 – every value escaped in RowHtml
            for row in group.action_rows:
                form = ""
                if row.pk == editing:
                    form = render_to_string("campaigns/planner/_quick_edit_form.html", {**context, "row": row}, request=self.request)
                table.append(html.table(row, form))
        context["table_html"] = mark_safe("".join(table))  # noqa: S308 – every value escaped in RowHtml
        return context

    def editing_pk(self, shown: set[int]) -> int | None:
        """`?zmien=<id>`: the table row of this action opens its quick-edit form in place."""
        try:
            pk = int(self.request.GET.get("zmien", ""))
        except ValueError:
            return None
        return pk if pk in shown else None


class CampaignTimelineView(TimelineView):
    drop_filters = ("campaign", "district")

    @cached_property
    def campaign(self) -> CampaignPage:
        return get_object_or_404(CampaignPage.objects.select_related("consultation"), pk=self.kwargs["campaign_id"])

    def get_page_title(self):
        return _("Timeline: %(campaign)s") % {"campaign": self.campaign.title}

    def anchor_day(self) -> date:
        """Without a date asked for, a campaign that is not running now opens on its start."""
        chosen = self.form.cleaned_data.get("data") if self.form.is_bound else None
        if chosen:
            return chosen
        campaign, now = self.campaign, self.now
        if campaign.starts_at and (campaign.starts_at > now or (campaign.ends_at and campaign.ends_at < now)):
            return timezone.localtime(campaign.starts_at).date()
        return timezone.localdate()

    def plan(self, window: QuerySet) -> list[Action]:
        return plan_rows(self.campaign.actions.all(), campaigns={self.campaign.pk: self.campaign})


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


def campaign_order(campaign: CampaignPage) -> tuple:
    starts = campaign.starts_at
    return (starts is None, starts.timestamp() if starts else 0.0)


def period_label(period: timeline.Period) -> str:
    if period.zoom is timeline.Zoom.MONTH:
        return date_format(period.first, "F Y").capitalize()
    if period.zoom is timeline.Zoom.QUARTER:
        quarter = (period.first.month - 1) // 3 + 1
        return _("Quarter %(number)d of %(year)d") % {"number": quarter, "year": period.first.year}
    return f"{date_format(period.first, 'j E Y')} – {date_format(period.last, 'j E Y')}"


def tick_label(tick: timeline.Tick, period: timeline.Period) -> str:
    if period.zoom is timeline.Zoom.QUARTER:
        return date_format(tick.day, "F")
    if period.zoom is timeline.Zoom.WEEK:
        return date_format(tick.day, "D j.m")
    return str(tick.day.day)


class MonthCalendarView(PlannerView):
    """Weeks × days of one month: actions (time, title, channel) and events (time, title, district)."""

    template_name = "campaigns/planner/month.html"
    form_class = MonthForm
    page_title = gettext_lazy("Month calendar")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        tz = timezone.get_current_timezone()
        month = self.form.month()
        after = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
        first = month - timedelta(days=month.weekday())
        last = after - timedelta(days=1)
        last = last + timedelta(days=6 - last.weekday())
        start = datetime.combine(first, time.min, tzinfo=tz)
        end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz)

        actions = plan_rows(self.form.filter_actions(selectors.actions_between(start, end)))
        events = selectors.events_between(start, end)
        data = getattr(self.form, "cleaned_data", {})
        if data.get("district"):
            events = events.filter(districts=data["district"])
        if data.get("campaign"):
            events = events.filter(promoting_campaigns=data["campaign"])
        events = list(events)

        days: dict[date, dict] = {}
        day = first
        today = timezone.localdate()
        while day <= last:
            days[day] = {
                "date": day, "iso": day.isoformat(), "number": day.day, "label": date_format(day, "l, j E Y"),
                "in_month": day.month == month.month, "is_today": day == today, "actions": [], "events": [],
            }
            day += timedelta(days=1)
        edit_url = url_maker("wagtailsnippets_campaigns_action:edit")
        for action in actions:
            row = ActionRow(action, now=self.now, edit_url=edit_url)
            starts = timezone.localtime(action.starts_at)
            if starts.date() in days:
                days[starts.date()]["actions"].append({"row": row, "time": starts.strftime("%H:%M"), "part": "start" if action.ends_at else ""})
            if action.ends_at:
                ends = timezone.localtime(action.ends_at)
                if ends.date() != starts.date() and ends.date() in days:
                    days[ends.date()]["actions"].append({"row": row, "time": ends.strftime("%H:%M"), "part": "end"})
        page_edit = url_maker("wagtailadmin_pages:edit")
        for event in events:
            starts = timezone.localtime(event.starts_at)
            if starts.date() in days:
                days[starts.date()]["events"].append({
                    "title": event.title, "time": starts.strftime("%H:%M"), "edit_url": page_edit(event.pk),
                    "districts": ", ".join(district.name for district in event.districts.all()),
                    "proposed": not event.live,
                })
        ordered = list(days.values())
        weeks = [ordered[i : i + 7] for i in range(0, len(ordered), 7)]
        warnings = [*rules.overlapping_events(events), *rules.crowded_channel_days(actions)]
        listed, _by_action = number_warnings(warnings)
        previous = (month - timedelta(days=1)).replace(day=1)
        context.update(
            weeks=[{"label": _("Week %(number)d") % {"number": week[0]["date"].isocalendar().week},
                    "range": f"{date_format(week[0]['date'], 'j E')} – {date_format(week[-1]['date'], 'j E Y')}",
                    "days": week} for week in weeks],
            weekdays=[date_format(first + timedelta(days=n), "l") for n in range(7)],
            weekdays_short=[date_format(first + timedelta(days=n), "D") for n in range(7)],
            month_label=date_format(month, "F Y").capitalize(),
            previous_url=self.url_with(miesiac=previous.strftime("%Y-%m")),
            next_url=self.url_with(miesiac=after.strftime("%Y-%m")),
            current_url=self.url_with(miesiac=None),
            previous_label=date_format(previous, "F Y"),
            next_label=date_format(after, "F Y"),
            warnings=listed,
            action_count=len(actions),
            event_count=len(events),
        )
        return context


class MyTasksView(PlannerView):
    """The logged-in person's open actions: overdue first, then today's, then later ones; each changeable in place."""

    template_name = "campaigns/planner/my_tasks.html"
    page_title = gettext_lazy("My tasks")
    drop_filters = ("person",)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        actions = self.form.filter_actions(selectors.my_open_actions(self.request.user))
        today = timezone.localdate()
        edit_url = url_maker("wagtailsnippets_campaigns_action:edit")
        sections = {"overdue": [], "today": [], "later": []}
        for action in actions:
            row = ActionRow(action, now=self.now, edit_url=edit_url)
            if row.is_overdue:
                sections["overdue"].append(row)
            elif timezone.localtime(action.starts_at).date() <= today:
                sections["today"].append(row)
            else:
                sections["later"].append(row)
        context.update(
            sections=[
                {"key": "overdue", "title": pgettext("planner", "Overdue"), "rows": sections["overdue"]},
                {"key": "today", "title": _("Due today"), "rows": sections["today"]},
                {"key": "later", "title": _("Later"), "rows": sections["later"]},
            ],
            task_count=sum(len(rows) for rows in sections.values()),
            back_url=self.request.get_full_path(),
            **self.quick_edit_context(),
        )
        return context


class QuickEditView(PlannerView):
    """POST: change status, person and date of one action, then back to the list it came from with a message.

    GET (or invalid input): the same form on a page of its own, with the errors; nothing is saved.
    """

    template_name = "campaigns/planner/quick_edit.html"
    page_title = gettext_lazy("Change an action")
    form_class = QuickEditForm
    default_next = reverse_lazy("campaigns:planner_my_tasks")

    @cached_property
    def action(self) -> Action:
        return get_object_or_404(selectors.actions_with_relations(Action.objects.all()), pk=self.kwargs["pk"])

    @cached_property
    def form(self):
        if self.request.method == "POST":
            return QuickEditForm(self.request.POST)
        action = self.action
        return QuickEditForm(initial={
            "status": action.status, "responsible": action.responsible_id, "starts_at": datetime_local(action.starts_at),
            "next": self.request.GET.get("next", ""),
        })

    def next_url(self) -> str:
        candidate = self.form.data.get("next") or self.request.GET.get("next") or ""
        if candidate and url_has_allowed_host_and_scheme(candidate, {self.request.get_host()}, self.request.is_secure()):
            return candidate
        return str(self.default_next)

    def post(self, request, *args, **kwargs):
        action, form = self.action, self.form
        if form.is_valid():
            changes = form.changes_for(action)
            try:
                services.update_action(action=action, user=request.user, **changes)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, change_message(action, changes))
                return HttpResponseRedirect(f"{self.next_url()}#action-{action.pk}")
        return self.render_to_response(self.get_context_data(), status=400)

    def render_to_response(self, context, **kwargs):
        return TemplateView.render_to_response(self, context, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        edit_url = url_maker("wagtailsnippets_campaigns_action:edit")
        context.update(
            row=ActionRow(self.action, now=self.now, edit_url=edit_url),
            next_url=self.next_url(),
            error_fields=[
                {"anchor": f"quick-{self.action.pk}-{name}", "label": self.form[name].label, "errors": errors}
                for name, errors in self.form.errors.items() if name in self.form.fields and name != "next"
            ],
            error_heading=_("The action was not changed:"),
            non_field_errors=self.form.non_field_errors(),
            values=self.form_values(),
            **self.quick_edit_context(),
        )
        return context

    def form_values(self) -> dict:
        """What the fields show: the input as sent after an error, the action's values otherwise."""
        if self.form.is_bound:
            data = self.form.data
            return {"pk": self.action.pk, "status": data.get("status", ""), "responsible": data.get("responsible", ""),
                    "starts_at": data.get("starts_at", "")}
        action = self.action
        return {"pk": action.pk, "status": action.status, "responsible": str(action.responsible_id or ""),
                "starts_at": datetime_local(action.starts_at)}


def change_message(action: Action, changes: dict) -> str:
    if not changes:
        return _("Nothing changed in “%(action)s”.") % {"action": action.title}
    parts = []
    if "status" in changes:
        parts.append(_("status: %(status)s") % {"status": STATUS_LABELS[changes["status"]]})
    if "responsible" in changes:
        person = changes["responsible"]
        parts.append(_("responsible person: %(person)s") % {"person": get_user_display_name(person) if person else _("nobody")})
    if "starts_at" in changes:
        parts.append(_("date: %(date)s") % {"date": local_day_time(changes["starts_at"])})
    return _("Saved “%(action)s” – %(changes)s.") % {"action": action.title, "changes": "; ".join(parts)}
