"""The planner's back-office views: their base (`PlannerView`), month calendar, "My tasks" and the quick edit of an action.

The timeline is in `timelines.py`, actions as rows in `rows.py`.

Server-rendered inside Wagtail's admin. Each view reads what it shows in a fixed number of queries
(`campaigns.selectors`), runs the planner's rules (`campaigns.rules`) over what it read, and turns
actions into plain rows (`ActionRow`) so templates only print strings. Every write goes through
`campaigns.services.update_action`. Only staff roles plan: a partner gets 404 here, as anywhere
the back-office names something a partner may not see.
"""

from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import TemplateView
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.roles import sees_whole_catalog

from .. import rules, selectors, services
from ..forms_planner import MonthForm, PlannerFilterForm, QuickEditForm, datetime_local, staff_users
from ..models import Action, ActionStatus
from ..planner_selectors import plan_rows
from .rows import STATUS_LABELS, ActionRow, local_day_time, url_maker


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
