"""Forms of the planner's views: the shared GET filters, the period of each view and the quick edit of an action."""

import re
from datetime import date

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.utils import get_user_display_name

from catalog.models import CampaignPage
from core.models import Channel, District
from core.roles import STAFF_ROLES

from .models import ActionStatus
from .timeline import Zoom


def staff_users() -> QuerySet:
    """People an action can be given to: active accounts with a staff role (never partners)."""
    return (
        get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name__in=STAFF_ROLES), is_active=True)
        .distinct().order_by("last_name", "first_name", "username")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return get_user_display_name(obj)


class PlannerFilterForm(forms.Form):
    """Filters shared by the timeline, the month calendar and "My tasks" (each drops what it does not use)."""

    campaign = forms.ModelChoiceField(
        label=_("Campaign"), required=False, empty_label=pgettext_lazy("planner", "All"), queryset=CampaignPage.objects.only("pk", "title").order_by("title"),
    )
    channel = forms.ModelChoiceField(label=_("Channel"), required=False, empty_label=pgettext_lazy("planner", "All"), queryset=Channel.objects.all())
    person = PersonChoiceField(label=_("Person"), required=False, empty_label=_("Everybody"), queryset=staff_users())
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", pgettext_lazy("planner", "All")), *ActionStatus.choices])
    district = forms.ModelChoiceField(label=_("District"), required=False, empty_label=pgettext_lazy("planner", "All"), queryset=District.objects.all())

    def __init__(self, *args, drop: tuple[str, ...] = (), **kwargs):
        super().__init__(*args, **kwargs)
        for name in drop:
            del self.fields[name]

    def filter_actions(self, actions: QuerySet) -> QuerySet:
        """Apply the valid filters (an invalid field is left out, its error is shown)."""
        data = getattr(self, "cleaned_data", {})
        if data.get("campaign"):
            actions = actions.filter(campaign=data["campaign"])
        if data.get("channel"):
            actions = actions.filter(channel=data["channel"])
        if data.get("person"):
            actions = actions.filter(responsible=data["person"])
        if data.get("status"):
            actions = actions.filter(status=data["status"])
        if data.get("district"):
            actions = actions.filter(campaign__districts=data["district"])
        return actions

    def active_filters(self) -> dict[str, str]:
        """The valid filters as GET parameters, to carry over to other periods and back after an edit."""
        data = getattr(self, "cleaned_data", {})
        return {name: str(getattr(value, "pk", value)) for name, value in data.items() if value not in (None, "")}


class TimelineForm(PlannerFilterForm):
    skala = forms.ChoiceField(
        label=_("Zoom"), required=False, initial=Zoom.MONTH.value,
        choices=[(Zoom.WEEK.value, _("Week")), (Zoom.MONTH.value, _("Month")), (Zoom.QUARTER.value, _("Quarter"))],
    )
    data = forms.DateField(label=_("Date in the period"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def zoom(self) -> Zoom:
        return Zoom(getattr(self, "cleaned_data", {}).get("skala") or Zoom.MONTH)

    def day(self) -> date:
        return getattr(self, "cleaned_data", {}).get("data") or timezone.localdate()


MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")


class MonthForm(PlannerFilterForm):
    miesiac = forms.CharField(label=_("Month (YYYY-MM)"), required=False, max_length=7)

    def clean_miesiac(self) -> date | None:
        value = self.cleaned_data["miesiac"].strip()
        if not value:
            return None
        match = MONTH_PATTERN.match(value)
        if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
            raise forms.ValidationError(_("Enter a month as year and month, e.g. 2026-12."))
        return date(int(match[1]), int(match[2]), 1)

    def month(self) -> date:
        return getattr(self, "cleaned_data", {}).get("miesiac") or timezone.localdate().replace(day=1)

    def active_filters(self) -> dict[str, str]:
        filters = super().active_filters()
        if "miesiac" in filters:
            filters["miesiac"] = self.cleaned_data["miesiac"].strftime("%Y-%m")
        return filters


class QuickEditForm(forms.Form):
    """Status, person and date of one action, changed from a list without opening the editor.

    A lasting action moves as a whole: its end shifts by as much as its start, so its length stays.
    """

    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    responsible = PersonChoiceField(label=_("Responsible person"), required=False, empty_label=_("Nobody"), queryset=staff_users())
    starts_at = forms.DateTimeField(
        label=_("Date (start or due)"), input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def changes_for(self, action) -> dict:
        """Keyword arguments for `services.update_action`: only what differs from the action now."""
        data = self.cleaned_data
        changes = {}
        if data["status"] != action.status:
            changes["status"] = data["status"]
        if (data["responsible"].pk if data["responsible"] else None) != action.responsible_id:
            changes["responsible"] = data["responsible"]
        # The form's input has minutes; seconds the action had are not a change.
        if data["starts_at"] != action.starts_at.replace(second=0, microsecond=0):
            changes["starts_at"] = data["starts_at"]
            if action.ends_at is not None:
                changes["ends_at"] = action.ends_at + (data["starts_at"] - action.starts_at)
        return changes


def datetime_local(value) -> str:
    """An aware datetime as the value of an `<input type="datetime-local">`, in the city's time."""
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""
