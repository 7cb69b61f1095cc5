"""The planner's entries in Wagtail's admin menu: a "Planning" submenu with the timeline, the month calendar and my tasks.

Imported by `campaigns/wagtail_hooks.py` (`from . import hooks_planner  # noqa: F401`). Partners do not see the
entries (the views answer them 404); whether the user is staff is asked once per request.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from core.request_memo import memoised
from core.roles import sees_whole_catalog


def plans(request) -> bool:
    return memoised(f"campaigns.plans:{request.user.pk}", lambda: sees_whole_catalog(request.user))


class PlannerMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return plans(request)


class PlannerUrlMenuItem(PlannerMenuItem):
    """The address is reversed when the menu is built, after the admin's URLs are loaded."""

    def __init__(self, label, url_name: str, **kwargs):
        self.url_name = url_name
        super().__init__(label, "", **kwargs)

    def render_component(self, request):
        self.url = reverse(self.url_name)
        return super().render_component(request)


planner_menu = Menu(register_hook_name="register_planner_menu_item", construct_hook_name="construct_planner_menu")


@hooks.register("register_planner_menu_item")
def timeline_menu_item():
    return PlannerUrlMenuItem(_("Timeline"), "campaigns:planner_timeline", name="planner-timeline", icon_name="time", order=100)


@hooks.register("register_planner_menu_item")
def month_menu_item():
    return PlannerUrlMenuItem(_("Month calendar"), "campaigns:planner_month", name="planner-month", icon_name="date", order=200)


@hooks.register("register_planner_menu_item")
def my_tasks_menu_item():
    return PlannerUrlMenuItem(_("My tasks"), "campaigns:planner_my_tasks", name="planner-my-tasks", icon_name="tasks", order=300)


@hooks.register("register_admin_menu_item")
def planning_menu():
    return SubmenuMenuItem(_("Planning"), planner_menu, name="planning", icon_name="calendar-check", order=149)
