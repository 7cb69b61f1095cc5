"""Plugs campaign plans into Wagtail's admin: actions, templates, and the planner's views under /admin/plany/."""

from django.contrib import messages
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from catalog.models import CampaignPage

from . import (
    hooks_files,  # noqa: F401 – plan files: "Mój kalendarz" menu item, XLSX buttons on a campaign's page
    hooks_planner,  # noqa: F401 – the planner: "Planowanie" submenu (timeline, month calendar, my tasks)
    rules,
    selectors,
)
from .hooks_planner import PlannerUrlMenuItem
from .models import Action
from .views.templates import may_plan
from .viewsets import CampaignPlansGroup

register_snippet(CampaignPlansGroup)


class TemplateMenuItem(PlannerUrlMenuItem):
    def is_shown(self, request) -> bool:
        return may_plan(request.user)


class ProposalsMenuItem(PlannerUrlMenuItem):
    def is_shown(self, request) -> bool:
        return request.user.has_perm("campaigns.change_action")


@hooks.register("register_planner_menu_item")
def campaign_from_template_menu_item():
    return TemplateMenuItem(_("New campaign from a template"), "campaigns:campaign_from_template", name="planner-from-template",
                            icon_name="doc-full", order=400)


@hooks.register("register_planner_menu_item")
def proposals_menu_item():
    return ProposalsMenuItem(_("Events proposed by partners"), "campaigns:proposals", name="planner-proposals", icon_name="group", order=500)


@hooks.register("register_admin_urls")
def planner_urls():
    return [path("plany/", include("campaigns.admin_urls"))]


def _warn(request, warnings) -> None:
    for warning in warnings:
        messages.warning(request, warning.message)


def _campaign_warnings(campaign):
    return rules.campaign_warnings(campaign, selectors.plan_actions(campaign))


@hooks.register("before_edit_page")
def warn_about_the_plan_of_a_campaign(request, page):
    """Opening a campaign in the editor lists what its plan breaks; it never stops the editor."""
    if request.method == "GET" and isinstance(page.specific, CampaignPage):
        _warn(request, _campaign_warnings(page.specific))


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def warn_about_a_saved_action(request, instance):
    """After an action is saved in the back-office: the plan's warnings that concern it."""
    if isinstance(instance, Action):
        _warn(request, [w for w in _campaign_warnings(instance.campaign.specific) if instance.pk in w.action_ids or not w.action_ids])
