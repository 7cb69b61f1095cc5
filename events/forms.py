"""The public registration form; rules about the event itself are checked by `services.register`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.forms import ErrorSummaryMixin

from .models import AccessibilityNeed, RegistrationMode, RegistrationSettings
from .services import REFUSALS

# Which form field a refusal of the service belongs to (the rest go to the top of the form).
REFUSAL_FIELDS = {
    "invalid_email": "email", "name_required": "full_name", "wrong_code": "invitation_code",
    "needs_consent": "needs_consent", "unknown_need": "needs",
}


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

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("needs") or cleaned.get("needs_other", "").strip()) and not cleaned.get("needs_consent"):
            self.add_error("needs_consent", REFUSALS["needs_consent"])
        return cleaned

    def add_refusal(self, code: str, message: str) -> None:
        field = REFUSAL_FIELDS.get(code)
        self.add_error(field if field in self.fields else None, message)
