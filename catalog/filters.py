"""The filters residents, staff and API clients use on the catalog: one definition for portal and API."""

from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import District, Topic

from .statuses import Status


@dataclass(frozen=True)
class RecordFilters:
    query: str = ""
    districts: list[District] = field(default_factory=list)
    topics: list[Topic] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)
    date_from: date | None = None
    date_to: date | None = None


class RecordFilterForm(forms.Form):
    """Validates query-string filters; unknown values become Polish error messages, never a 500."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    district = forms.ModelMultipleChoiceField(
        label=_("District"), queryset=District.objects.all(), to_field_name="slug", required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no district “%(value)s”.")},
    )
    topic = forms.ModelMultipleChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), to_field_name="slug", required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no topic “%(value)s”.")},
    )
    status = forms.MultipleChoiceField(
        label=_("Status"), choices=Status.choices, required=False, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("There is no status “%(value)s”.")},
    )
    date_from = forms.DateField(
        label=pgettext_lazy("start of a date range", "From"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2026-03-16.")},
    )
    date_to = forms.DateField(
        label=pgettext_lazy("end of a date range", "To"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Enter the date as YYYY-MM-DD, e.g. 2026-03-16.")},
    )

    def __init__(self, *args, allowed_statuses: list[Status] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if allowed_statuses is not None:
            self.fields["status"].choices = [(s.value, s.label) for s in allowed_statuses]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date cannot be earlier than the start date."))
        return cleaned

    def has_active_filters(self) -> bool:
        return any(self.cleaned_data.get(name) for name in self.fields)

    def to_filters(self) -> RecordFilters:
        data = self.cleaned_data
        return RecordFilters(
            query=data.get("q") or "",
            districts=list(data.get("district") or []),
            topics=list(data.get("topic") or []),
            statuses=list(data.get("status") or []),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
