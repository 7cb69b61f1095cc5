"""Plugs registration into Wagtail's admin: the settings viewset, the per-event list of registrations, the summaries
the attendance statistics of a period and the audit-log actions (publishing a summary, deciding on a registration)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from core.permissions import StaffOnlyPolicy

from .models import EventSummary, RegistrationSettings
from .viewsets import EventSummaryViewSet, RegistrationSettingsViewSet

register_permission_policy(RegistrationSettings, StaffOnlyPolicy(RegistrationSettings))
register_permission_policy(EventSummary, StaffOnlyPolicy(EventSummary))


@hooks.register("register_admin_viewset")
def register_viewset():
    return RegistrationSettingsViewSet("events_registration_settings")


@hooks.register("register_admin_viewset")
def register_summary_viewset():
    return EventSummaryViewSet("events_summaries")


@hooks.register("register_log_actions")
def register_events_log_actions(actions):
    actions.register_action("events.summary_published", _("Publish an event summary"), _("Event summary published"))
    actions.register_action("events.registration_approved", _("Approve a registration"), _("Registration approved"))
    actions.register_action("events.registration_rejected", _("Reject a registration"), _("Registration rejected"))


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        from core.roles import sees_whole_catalog

        return sees_whole_catalog(request.user)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StaffMenuItem(_("Attendance at events"), reverse("events_admin:statistics"), icon_name="table", order=162)


@hooks.register("register_admin_urls")
def events_admin_urls():
    return [path("", include("events.admin_urls"))]
