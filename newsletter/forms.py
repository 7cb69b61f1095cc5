"""The newsletter's public forms. Empty topics or districts mean "everything"."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.models import District, Topic
from portal.forms import ErrorSummaryMixin


class PreferencesForm(ErrorSummaryMixin, forms.Form):
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive news on every topic."),
    )
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts"), queryset=District.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose none to receive news from the whole city."),
    )


class SubscribeForm(PreferencesForm):
    field_order = ["email", "topics", "districts", "consent"]

    email = forms.EmailField(
        label=_("E-mail address"), max_length=254,
        error_messages={"required": pgettext_lazy("newsletter", "Enter your e-mail address."),
                        "invalid": pgettext_lazy("newsletter", "Enter the e-mail address in the form name@example.pl.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I want to receive the newsletter and I agree to the processing of my e-mail address for this purpose."),
        error_messages={"required": _("To subscribe, tick that you agree to receive the newsletter.")},
    )
