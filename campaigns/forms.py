"""Forms of the planner that are not Wagtail's snippet forms: a campaign from a template."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.timezone import localdate
from django.utils.translation import gettext_lazy as _

from catalog.models import ConsultationPage

from .models import CampaignTemplate


class CampaignFromTemplateForm(forms.Form):
    template = forms.ModelChoiceField(label=_("Template"), queryset=CampaignTemplate.objects.all(), empty_label=None)
    title = forms.CharField(label=_("Title of the campaign"), max_length=255)
    consultation = forms.ModelChoiceField(
        label=_("Consultation"), queryset=ConsultationPage.objects.order_by("-starts_at", "title"), required=False,
        help_text=_("The template's actions are placed around its dates."),
    )
    start = forms.DateField(label=_("Start of the anchor period"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                            help_text=_("Without a consultation, or to override its dates."))
    end = forms.DateField(label=_("End of the anchor period"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    responsible = forms.ModelChoiceField(
        label=_("Responsible person"), queryset=get_user_model().objects.filter(is_active=True).order_by("last_name", "username"),
        required=False, help_text=_("Gets every action of the plan; you can reassign them later."),
    )

    def clean(self):
        data = super().clean()
        consultation = data.get("consultation")
        start = data.get("start") or (localdate(consultation.starts_at) if consultation and consultation.starts_at else None)
        end = data.get("end") or (localdate(consultation.ends_at) if consultation and consultation.ends_at else None)
        if not self.errors and (start is None or end is None):
            raise forms.ValidationError(_("Choose a consultation with dates, or give the start and end of the anchor period."))
        if start and end and end < start:
            self.add_error("end", _("The end cannot be earlier than the start."))
        return data
