"""Back-office of registration: settings per event (a ModelViewSet), each event's list of registrations and the
events' summaries (a ModelViewSet with a "publish" action that goes through `services.publish_summary`).

Participants' personal data is for staff roles only (`core.roles.sees_whole_catalog`): partners get neither the
menu entry nor the views (404 for the list, Wagtail's permission denial for the settings).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from catalog.models import EventPage
from core.roles import sees_whole_catalog

from . import selectors, services
from .admin_views import may_decide
from .models import EventSummary, RegistrationSettings


class RegistrationsLinkColumn(Column):
    def get_value(self, instance):
        return _("registrations")

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = reverse("events_admin:registrations", args=[instance.event_id])
        return context


class RegistrationSettingsViewSet(ModelViewSet):
    model = RegistrationSettings
    icon = "group"
    menu_label = _("Event registration")
    add_to_admin_menu = True
    menu_order = 160
    url_prefix = "zapisy-ustawienia"
    panels = [
        *(FieldPanel(name) for name in (
            "event", "enabled", "capacity", "opens_at", "closes_at", "mode", "invitation_code", "waiting_list", "offer_hours",
            "step_free_access", "induction_loop", "accessible_toilet", "parking", "public_transport", "accessibility_notes",
        )),
        InlinePanel(
            "questions", label=_("Questions on the registration form"),
            help_text=_("Your own questions to people who register, in the order shown. Answers keep the wording as asked."),
        ),
    ]
    list_display = ["event", "enabled", "capacity", "mode"]
    list_filter = ["enabled", "mode"]
    search_fields = None
    ordering = ["-event__starts_at"]

    def get_queryset(self, request):
        return RegistrationSettings.objects.select_related("event")


class RegistrationsView(WagtailAdminTemplateMixin, TemplateView):
    """One event's registrations, attendance, the summary of accessibility needs (counts per need), links to
    check-in and to the XLSX export."""

    template_name = "events/admin/registrations.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not sees_whole_catalog(request.user):
            raise Http404
        self.event = get_object_or_404(EventPage, pk=kwargs["event_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Registrations: %(event)s") % {"event": self.event.title}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            event=self.event,
            registrations=selectors.event_registrations(self.event),
            counts=selectors.status_counts(self.event),
            needs=selectors.needs_summary(self.event),
            settings_row=selectors.registration_settings_for(self.event),
            attendance=selectors.attendance(self.event),
            by_district=selectors.event_attendance_by_home_district(self.event),
            pending=selectors.pending_registrations(self.event),
            may_decide=may_decide(self.request.user),
            answer_columns=selectors.answer_columns(self.event),
        )
        return context


# -------------------------------------------------------------------------------------------- summaries


class SummaryEditView(generic.EditView):
    """The summary's editor, with "Publikuj podsumowanie" in the header while it is a draft."""

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if not self.object.is_published:
            buttons.insert(0, Button(
                _("Publish the summary"), url=reverse("events_summaries:publish", args=[self.object.pk]), icon_name="upload",
                priority=5,
            ))
        return buttons


class PublishSummaryView(WagtailAdminTemplateMixin, TemplateView):
    """Asks (GET), then publishes and tells the participants (POST). Staff only; partners get 404."""

    template_name = "events/admin/publish_summary.html"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_active or not sees_whole_catalog(request.user):
            raise Http404
        self.summary = get_object_or_404(EventSummary.objects.select_related("event"), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Publish the summary: %(event)s") % {"event": self.summary.event.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_summaries:index"), "label": EventSummary._meta.verbose_name_plural},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            summary=self.summary,
            participants=selectors.attendance(self.summary.event).registered,
            edit_url=reverse("events_summaries:edit", args=[self.summary.pk]),
        )
        return context

    def post(self, request, *args, **kwargs):
        was_published = self.summary.is_published
        services.publish_summary(summary=self.summary, user=request.user)
        if was_published:
            messages.info(request, _("The summary was already published; nobody was notified again."))
        else:
            messages.success(request, _("The summary is published and the participants will be notified."))
        return redirect("events_summaries:edit", self.summary.pk)


class EventSummaryViewSet(ModelViewSet):
    model = EventSummary
    icon = "doc-full-inverse"
    menu_label = _("Event summaries")
    add_to_admin_menu = True
    menu_order = 161
    url_prefix = "podsumowania"
    edit_view_class = SummaryEditView
    form_fields = ["event", "conclusions", "notes", "presentations", "photos", "recording_url"]
    list_display = ["event", "published_at"]
    search_fields = None
    ordering = ["-event__starts_at"]

    def get_queryset(self, request):
        return EventSummary.objects.select_related("event")

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/publikuj/", PublishSummaryView.as_view(), name="publish"),
        ]
