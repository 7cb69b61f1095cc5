"""Back-office of registration: settings per event (a ModelViewSet) and each event's list of registrations.

Participants' personal data is for staff roles only (`core.roles.sees_whole_catalog`): partners get neither the
menu entry nor the views (404 for the list, Wagtail's permission denial for the settings).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from catalog.models import EventPage
from core.roles import STAFF_ROLES, sees_whole_catalog

from . import selectors
from .models import RegistrationSettings


class StaffOnlyPolicy(ModelPermissionPolicy):
    """Every staff role may manage registration; partners may not (core/roles.py grants no model permissions for it yet)."""

    def user_has_permission(self, user, action):
        return user.is_active and sees_whole_catalog(user)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(groups__name__in=STAFF_ROLES)
        ).distinct()


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
    form_fields = [
        "event", "enabled", "capacity", "opens_at", "closes_at", "mode", "invitation_code", "waiting_list", "offer_hours",
        "step_free_access", "induction_loop", "accessible_toilet", "parking", "public_transport", "accessibility_notes",
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
        )
        return context
