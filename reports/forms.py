"""Forms of consultation reports: the staff's draft, and the filters of the public decisions list."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from consultations.models import Decision
from portal.forms import ErrorSummaryMixin

from .selectors import SECTIONS

TEXT_MAX = 20_000
NOTE_MAX = 5_000


class ReportDraftForm(forms.Form):
    """The written parts: the introduction (aim and subject), the conclusions, and a note under any other section."""

    introduction = forms.CharField(
        label=_("Introduction: aim and subject"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Prefilled from the announcement. Say in plain words what the consultation was about and why."),
    )
    conclusions = forms.CharField(
        label=_("Conclusions"), required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the city will do with the results."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, title in SECTIONS:
            if key in ("aim", "conclusions"):
                continue
            self.fields[f"note_{key}"] = forms.CharField(
                label=_("Note to the section “%(section)s”") % {"section": title}, required=False, max_length=NOTE_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
                help_text=_("Optional; printed under the section's generated content."),
            )

    @classmethod
    def initial_for(cls, report) -> dict:
        return {
            "introduction": report.introduction, "conclusions": report.conclusions,
            **{f"note_{key}": text for key, text in (report.notes or {}).items()},
        }

    def notes(self) -> dict[str, str]:
        return {name.removeprefix("note_"): value for name, value in self.cleaned_data.items() if name.startswith("note_")}


class DecisionFilterForm(ErrorSummaryMixin, forms.Form):
    """Filters of the public "you said, we did" list; a value that is not on the list is a Polish error, never a 500."""

    decyzja = forms.ChoiceField(
        label=pgettext_lazy("report decision", "Decision"), required=False,
        choices=[("", _("all decisions")), *Decision.choices],
        error_messages={"invalid_choice": _("There is no decision “%(value)s”. Choose one from the list.")},
    )
    kategoria = forms.TypedChoiceField(
        label=_("Category"), required=False, coerce=int, empty_value=None,
        error_messages={"invalid_choice": _("There is no such category. Choose one from the list.")},
    )

    def __init__(self, *args, categories: list[tuple[int, str]], **kwargs):
        """`categories`: (id, name) of the categories the published decisions carry."""
        super().__init__(*args, **kwargs)
        self.fields["kategoria"].choices = [("", _("all categories")), *((str(pk), name) for pk, name in categories)]
