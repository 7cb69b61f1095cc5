from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NoticePreferences


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = NoticePreferences
        fields = ["daily_digest"]
        labels = {"daily_digest": _("Send me the daily e-mail digest")}
