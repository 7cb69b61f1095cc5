"""The public registration form; rules about the event itself are checked by `services.register`."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.choices import BaseChoiceIterator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import District
from portal.forms import ErrorSummaryMixin

from .models import AccessibilityNeed, QuestionKind, RegistrationMode, RegistrationQuestion, RegistrationSettings
from .services import ANSWER_MAX_LENGTH, REFUSALS, RegistrationRefused

# Which form field a refusal of the service belongs to (the rest go to the top of the form).
REFUSAL_FIELDS = {
    "invalid_email": "email", "name_required": "full_name", "wrong_code": "invitation_code",
    "needs_consent": "needs_consent", "unknown_need": "needs", "unknown_district": "district",
}
QUESTION_PREFIX = "question_"


class RegistrationForm(ErrorSummaryMixin, forms.Form):
    full_name = forms.CharField(
        label=_("Your name and surname"), max_length=200,
        error_messages={"required": REFUSALS["name_required"]},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"), max_length=254,
        error_messages={"required": _("Enter your e-mail address."), "invalid": REFUSALS["invalid_email"]},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    invitation_code = forms.CharField(
        label=_("Invitation code"), max_length=64, required=False,
        error_messages={"required": _("Enter the invitation code you received.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    district = forms.TypedChoiceField(
        label=_("District where you live (optional)"), required=False, coerce=int, empty_value=None,
        help_text=_("Only for statistics of attendance by district."),
        error_messages={"invalid_choice": REFUSALS["unknown_district"]},
    )
    needs = forms.MultipleChoiceField(
        label=_("What support do you need to take part? (optional)"), required=False,
        choices=AccessibilityNeed.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": REFUSALS["unknown_need"]},
    )
    needs_other = forms.CharField(
        label=_("Other needs or details (optional)"), max_length=500, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    needs_consent = forms.BooleanField(
        label=_(
            "I agree that the organiser processes the information about my needs (health data) only to prepare "
            "the event. It will be deleted after the event."
        ),
        required=False,
    )

    def __init__(self, *args, registration_settings: RegistrationSettings, **kwargs):
        super().__init__(*args, **kwargs)
        if registration_settings.mode == RegistrationMode.INVITATION:
            self.fields["invitation_code"].required = True
        else:
            del self.fields["invitation_code"]
        self.fields["district"].choices = DistrictChoices()
        # The event page's query already says whether there are questions; a POST asks the database.
        has_questions = getattr(registration_settings, "has_questions", True)
        self.questions = list(registration_settings.questions.all()) if has_questions else []
        for question in self.questions:
            self.fields[f"{QUESTION_PREFIX}{question.pk}"] = question_field(question)

    def question_fields(self) -> list[tuple[RegistrationQuestion, forms.BoundField]]:
        return [(question, self[f"{QUESTION_PREFIX}{question.pk}"]) for question in self.questions]

    def answers(self) -> dict[int, str]:
        """The answers by question id, for `services.register` (which checks them again under its lock)."""
        return {question.pk: self.cleaned_data.get(f"{QUESTION_PREFIX}{question.pk}") or "" for question in self.questions}

    def error_links(self) -> list[tuple[str, str]]:
        """As the portal's, but a group of radio buttons (a choice or yes/no question) links to its first button."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for name, messages in self.errors.items():
            if name == NON_FIELD_ERRORS:
                continue
            bound = self[name]
            is_group = isinstance(bound.field.widget, forms.CheckboxSelectMultiple | forms.RadioSelect)
            anchor = f"{bound.auto_id}_0" if is_group else bound.id_for_label
            links.extend((anchor, str(message)) for message in messages)
        return links

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("needs") or cleaned.get("needs_other", "").strip()) and not cleaned.get("needs_consent"):
            self.add_error("needs_consent", REFUSALS["needs_consent"])
        return cleaned

    def add_refusal(self, refusal: RegistrationRefused) -> None:
        if "question_id" in refusal.params:
            field = f"{QUESTION_PREFIX}{refusal.params['question_id']}"
        else:
            field = REFUSAL_FIELDS.get(refusal.code)
        self.add_error(field if field in self.fields else None, refusal.message)


class DistrictChoices(BaseChoiceIterator):
    """The districts, read once and only when needed: to render the select, or to check a chosen district (a POST
    without one, the usual case, reads nothing)."""

    def __init__(self):
        self.choices = None

    def __iter__(self):
        if self.choices is None:
            self.choices = [("", _("I prefer not to say")), *District.objects.values_list("pk", "name").order_by("number")]
        return iter(self.choices)


def question_field(question: RegistrationQuestion) -> forms.Field:
    """The form field of an organiser's question; its errors name the question, in the page's language."""
    # Django formats "invalid_choice" and "max_length" with its own parameters, so a "%" in the question is doubled there.
    escaped = question.text.replace("%", "%%")
    error_messages = {
        "required": REFUSALS["answer_required"] % {"question": question.text},
        "invalid_choice": REFUSALS["invalid_answer"] % {"question": escaped},
        "max_length": REFUSALS["answer_too_long"] % {"question": escaped, "limit": ANSWER_MAX_LENGTH},
    }
    common = {"label": question.text, "required": question.required, "help_text": question.help_text, "error_messages": error_messages}
    if question.kind == QuestionKind.CHOICE:
        return forms.ChoiceField(choices=[(choice, choice) for choice in question.choice_list()], widget=forms.RadioSelect, **common)
    if question.kind == QuestionKind.YES_NO:
        return forms.ChoiceField(
            choices=[("yes", pgettext_lazy("answer", "yes")), ("no", pgettext_lazy("answer", "no"))],
            widget=forms.RadioSelect, **common,
        )
    return forms.CharField(max_length=ANSWER_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), **common)
