"""The public sign-up form (one radio group per criterion) and the staff forms of the selection and recommendations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import ErrorSummaryMixin

from .models import CitizenPanel
from .services import MAX_SEED


class SignUpForm(ErrorSummaryMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Your name and surname"), max_length=200,
        error_messages={"required": _("Enter your name and surname.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        error_messages={"required": _("Enter your e-mail address."),
                        "invalid": _("Enter the e-mail address in the form name@example.pl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number (optional)"), max_length=40, required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my data to enter me in the draw of the citizen panel and to contact me "
                "if I am drawn."),
        error_messages={"required": _("Tick the consent to the processing of your data: without it we cannot enter you "
                                      "in the draw.")},
    )

    def __init__(self, *args, panel: CitizenPanel, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(panel.criteria.all())
        consent = self.fields.pop("consent")
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.key}"] = forms.ChoiceField(
                label=criterion.label, widget=forms.RadioSelect,
                choices=[(o.value, o.label) for o in criterion.options.all()],
                error_messages={"required": _("Choose one of the answers."),
                                "invalid_choice": _("Choose one of the answers.")},
            )
        self.fields["consent"] = consent

    def criterion_fields(self):
        return [self[f"criterion_{c.key}"] for c in self.criteria]

    def answers(self) -> dict[str, str]:
        return {c.key: self.cleaned_data[f"criterion_{c.key}"] for c in self.criteria}

    def error_links(self):
        """Radio groups have no single input (Django gives them no label id): the link goes to the first answer."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for name, messages in self.errors.items():
            if name == "__all__":
                continue
            bound = self[name]
            anchor = f"{bound.auto_id}_0" if name.startswith("criterion_") else bound.id_for_label
            links.extend((anchor, str(message)) for message in messages)
        return links


class RunSelectionForm(forms.Form):
    seed = forms.IntegerField(
        label=_("Seed"), required=False, min_value=0, max_value=MAX_SEED - 1,
        help_text=_("Type the seed announced before the draw, or leave empty to generate one (it will be shown and "
                    "published)."),
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, initial=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)
    within_city_powers = forms.BooleanField(label=_("Within the city's powers"), required=False, initial=True)
