"""Plugs citizen panels into Wagtail's admin: the panels viewset, the management page and the audit-log actions."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import CitizenPanel
from .viewsets import CitizenPanelViewSet, CoordinatorsOnlyPolicy

register_permission_policy(CitizenPanel, CoordinatorsOnlyPolicy(CitizenPanel))


@hooks.register("register_admin_viewset")
def register_viewset():
    return CitizenPanelViewSet("citizen_panels")


@hooks.register("register_log_actions")
def register_panels_log_actions(actions):
    actions.register_action("panels.selection_run", _("Draw a citizen panel"), _("Citizen panel drawn"))
    actions.register_action("panels.recommendation_recorded", _("Record a recommendation"), _("Recommendation recorded"))


@hooks.register("register_admin_urls")
def panels_admin_urls():
    return [path("", include("panels.admin_urls"))]
