"""Plugs surveys into Wagtail's admin: the survey viewset (menu "Ankiety"), the survey's own staff views and the
audit-log actions of codes and paper responses."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.permissions import register_permission_policy

from core.permissions import StaffOnlyPolicy

from .models import Survey
from .viewsets import SurveyViewSet

register_permission_policy(Survey, StaffOnlyPolicy(Survey))


@hooks.register("register_admin_viewset")
def register_viewset():
    return SurveyViewSet("surveys_surveys")


@hooks.register("register_log_actions")
def register_surveys_log_actions(actions):
    actions.register_action("surveys.codes_generated", _("Generate survey codes"), _("Survey codes generated"))
    actions.register_action("surveys.paper_response", _("Type in a paper response"), _("Paper response typed in"))


@hooks.register("register_admin_urls")
def surveys_admin_urls():
    return [path("", include("surveys.admin_urls"))]
