"""Wagtail hooks of plan files and calendars; `campaigns/wagtail_hooks.py` imports this module (Wagtail reads only that file).

- "My calendar" in the main menu, for staff;
- on a campaign's page in the editor, "Download the plan (XLSX)" and "Import the plan from XLSX" in the header's actions.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from catalog.models import CampaignPage
from core.roles import sees_whole_catalog


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return sees_whole_catalog(request.user)


@hooks.register("register_admin_menu_item")
def my_calendar_menu_item():
    return StaffMenuItem(_("My calendar"), reverse("campaigns:my_calendar"), name="my-calendar", icon_name="calendar", order=151)


@hooks.register("register_page_header_buttons")
def campaign_plan_file_buttons(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), CampaignPage) or not sees_whole_catalog(user):
        return
    yield Button(_("Download the plan (XLSX)"), reverse("campaigns:plan_xlsx", args=[page.pk]), icon_name="download", priority=90)
    if user.has_perm("campaigns.add_action"):
        yield Button(_("Import the plan from XLSX"), reverse("campaigns:plan_import", args=[page.pk]), icon_name="upload", priority=91)
