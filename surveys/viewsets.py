"""Back-office of surveys: build and edit a survey with its questions (a ModelViewSet with an InlinePanel), see
response counts, and from a survey's header: results, preview, printed codes, typing in a paper response.

Saving a survey makes the version residents answer (`services.current_version`): a new one only if the questions
changed, and never a change to one responses already point at. Staff roles only (`core.roles.sees_whole_catalog`).
"""

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from . import selectors, services
from .models import ParticipationMode, Survey


class SurveyForm(WagtailAdminModelForm):
    """Checks what one question cannot check alone: codes unique, conditions pointing at an earlier question."""

    def clean(self):
        cleaned = super().clean()
        formset = self.formsets.get("questions")
        if formset is None:
            return cleaned
        formset.is_valid()  # cleans every question form, so their own errors show with these
        kept = [form for form in formset.forms if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")]
        kept.sort(key=lambda form: form.cleaned_data.get("ORDER") or 0)
        seen: dict[str, int] = {}
        for form in kept:
            code, page = form.cleaned_data.get("code"), form.cleaned_data.get("page") or 1
            if code in seen:
                form.add_error("code", _("Another question already has this code."))
            condition = form.cleaned_data.get("show_if_code")
            if condition and (condition not in seen or seen[condition] > page):
                form.add_error("show_if_code", _("Give the code of a question placed earlier (on this or an earlier page)."))
            if code:
                seen[code] = page
        return cleaned


class SurveyEditView(generic.EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        survey = self.object
        buttons.append(Button(pgettext_lazy("survey", "Preview"), url=reverse("surveys_admin:preview", args=[survey.pk]), icon_name="view", priority=5))
        buttons.append(Button(_("Results"), url=reverse("surveys_admin:results", args=[survey.pk]), icon_name="table", priority=4))
        buttons.append(Button(_("Type in a paper response"), url=reverse("surveys_admin:paper", args=[survey.pk]), icon_name="edit", priority=6))
        if survey.mode == ParticipationMode.CODE:
            buttons.append(Button(_("Single-use codes"), url=reverse("surveys_admin:codes", args=[survey.pk]), icon_name="key", priority=7))
        return buttons

    def save_instance(self):
        instance = super().save_instance()
        services.current_version(survey=instance)
        return instance


class SurveyCreateView(generic.CreateView):
    def save_instance(self):
        instance = super().save_instance()
        services.current_version(survey=instance)
        return instance


class CountColumn(Column):
    def get_value(self, instance):
        value = instance.response_count
        extra = []
        if instance.unconfirmed_count:
            extra.append(_("%(count)s awaiting e-mail confirmation") % {"count": instance.unconfirmed_count})
        if instance.unverified_count:
            extra.append(_("%(count)s without the anti-robot check") % {"count": instance.unverified_count})
        return f"{value} ({'; '.join(str(text) for text in extra)})" if extra else str(value)


class SurveyIndexView(generic.IndexView):
    def get_base_queryset(self):
        return selectors.with_response_counts(Survey.objects.select_related("consultation"))


class SurveyViewSet(ModelViewSet):
    model = Survey
    icon = "list-ul"
    menu_label = pgettext_lazy("survey", "Surveys")
    add_to_admin_menu = True
    menu_order = 170
    url_prefix = "ankiety"
    edit_view_class = SurveyEditView
    add_view_class = SurveyCreateView
    index_view_class = SurveyIndexView
    edit_handler = ObjectList(Survey.panels, base_form_class=SurveyForm)
    list_display = ["title", "status", "mode", CountColumn("response_count", label=pgettext_lazy("survey", "responses"))]
    list_filter = ["status", "mode"]
    search_fields = None
