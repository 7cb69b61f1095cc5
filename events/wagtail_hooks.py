"""Plugs registration into Wagtail's admin: the settings viewset and the per-event list of registrations."""

from django.urls import include, path
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import RegistrationSettings
from .viewsets import RegistrationSettingsViewSet, StaffOnlyPolicy

register_permission_policy(RegistrationSettings, StaffOnlyPolicy(RegistrationSettings))


@hooks.register("register_admin_viewset")
def register_viewset():
    return RegistrationSettingsViewSet("events_registration_settings")


@hooks.register("register_admin_urls")
def events_admin_urls():
    return [path("", include("events.admin_urls"))]
