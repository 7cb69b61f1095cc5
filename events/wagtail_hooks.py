"""Plugs registration into Wagtail's admin: the settings viewset, the per-event list of registrations, the summaries
and the audit-log action of publishing a summary."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import EventSummary, RegistrationSettings
from .viewsets import EventSummaryViewSet, RegistrationSettingsViewSet, StaffOnlyPolicy

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


@hooks.register("register_admin_urls")
def events_admin_urls():
    return [path("", include("events.admin_urls"))]
