"""Staff forms of surveys: generating printed codes and typing in a paper response."""

from django import forms
from django.utils.translation import gettext_lazy as _

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
