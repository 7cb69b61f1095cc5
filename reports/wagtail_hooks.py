"""Plugs consultation reports into Wagtail's admin: the "Raporty z konsultacji" menu item and views, a "Report"
button in the header of a consultation's page, and the audit-log actions."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from catalog.models import ConsultationPage

from .permissions import may_edit_report


class ReportsMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_edit_report(request.user)


@hooks.register("register_admin_menu_item")
def reports_menu_item():
    return ReportsMenuItem(_("Consultation reports"), reverse("reports_admin:index"), icon_name="doc-full", order=166)


@hooks.register("register_admin_urls")
def reports_admin_urls():
    return [path("raporty/", include("reports.admin_urls"))]


@hooks.register("register_page_header_buttons")
def report_button(page, user, view_name, next_url=None):
    """On a consultation's page in the admin: a way to its report (the remarks page's neighbour)."""
    if page.specific_class is ConsultationPage and may_edit_report(user):
        yield Button(_("Consultation report"), reverse("reports_admin:edit", args=[page.pk]), icon_name="doc-full", priority=40)


@hooks.register("register_log_actions")
def register_reports_log_actions(actions):
    actions.register_action("reports.draft_saved", _("Save the draft of a consultation report"), _("Report draft saved"))
    actions.register_action("reports.published", _("Publish a consultation report"), _("Consultation report published"))
