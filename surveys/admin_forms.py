"""Staff forms of surveys: generating printed codes, typing in a paper response, filtering the results."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import District
from portal.forms import ErrorSummaryMixin

from .forms import SurveyPageForm

MAX_CODES = 500


class GenerateCodesForm(forms.Form):
    count = forms.IntegerField(label=_("How many codes"), min_value=1, max_value=MAX_CODES, initial=50)
    batch = forms.CharField(label=_("For which meeting"), max_length=100, help_text=_("Shown on the printout, e.g. “Spotkanie w Nowej Hucie, 12 marca”."))


class PaperResponseForm(SurveyPageForm):
    """Every question of the version on one form, plus where the paper came from."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, page=None, **kwargs)
        self.fields["paper_reference"] = forms.CharField(
            label=_("Number or mark of the paper form"), max_length=100, required=False,
            help_text=_("Write it on the paper too, so the two can be matched."),
        )
        self.fields["idempotency_key"] = forms.UUIDField(widget=forms.HiddenInput)


class ResultsFilterForm(ErrorSummaryMixin, forms.Form):
    """Filters of the results page and its exports, read from the query string (GET)."""

    dzielnica = forms.ModelChoiceField(
        label=pgettext_lazy("survey results", "District"), queryset=District.objects.order_by("number"), required=False,
        empty_label=_("all districts"), error_messages={"invalid_choice": _("Choose a district from the list.")},
    )
    od = forms.DateField(
        label=_("Sent from"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the first day as a date, e.g. 15.03.2026.")},
    )
    do = forms.DateField(
        label=_("Sent until"), required=False, input_formats=["%Y-%m-%d", "%d.%m.%Y"], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Enter the last day as a date, e.g. 31.03.2026.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("od") and cleaned.get("do") and cleaned["od"] > cleaned["do"]:
            self.add_error("do", _("The last day cannot come before the first day."))
        return cleaned

    def filters(self) -> dict:
        """Keyword arguments of `results.survey_results` / `results.counted_responses` (none if the form is invalid)."""
        if not self.is_valid():
            return {}
        return {"district": self.cleaned_data["dzielnica"], "date_from": self.cleaned_data["od"], "date_to": self.cleaned_data["do"]}
