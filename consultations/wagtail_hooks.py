"""Plugs e-consultations into Wagtail's admin: the announcement's warnings in the page editor, status changes (by the
status form or the clock; the editor shows a published consultation's status read-only, `catalog.admin_forms`) in the
page's history, the "Uwagi konsultacji" menu with its views, and the audit-log actions of remarks."""

from django.contrib import messages
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.log_actions import LogFormatter

from campaigns import selectors as campaign_selectors
from catalog.models import ConsultationPage
from catalog.statuses import Status

from . import rules
from .admin_views import may_handle_remarks


def announcement_warnings(consultation: ConsultationPage):
    campaigns = [(campaign, campaign_selectors.plan_actions(campaign)) for campaign in consultation.campaigns.all()]
    return rules.announcement_warnings(
        consultation, campaigns_with_actions=campaigns, announced_at=consultation.first_published_at or timezone.now()
    )


@hooks.register("before_edit_page")
def warn_about_the_announcement(request, page):
    """Opening a consultation in the editor (also right after a save) lists what its announcement lacks or breaks."""
    if request.method == "GET" and isinstance(page.specific, ConsultationPage):
        for warning in announcement_warnings(page.specific.get_latest_revision_as_object()):
            messages.warning(request, warning.message)


class RemarksMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return may_handle_remarks(request.user)


@hooks.register("register_admin_menu_item")
def remarks_menu_item():
    return RemarksMenuItem(_("Remarks of consultations"), reverse("consultations_admin:index"), icon_name="comment", order=165)


@hooks.register("register_admin_urls")
def consultations_admin_urls():
    return [path("konsultacje/", include("consultations.admin_urls"))]


class StatusChangedFormatter(LogFormatter):
    """The page's history says from which status to which, who (or the clock) and why."""

    label = _("Change the status of a consultation")

    def format_message(self, log_entry):
        data = log_entry.data or {}
        labels = dict(Status.choices)
        message = _("Status changed from “%(from)s” to “%(to)s”") % {
            "from": labels.get(data.get("from"), data.get("from")), "to": labels.get(data.get("to"), data.get("to")),
        }
        if data.get("automatic"):
            return _("%(change)s automatically, by the consultation's dates.") % {"change": message}
        if data.get("reason"):
            return _("%(change)s. Reason: %(reason)s") % {"change": message, "reason": data["reason"]}
        return f"{message}."


@hooks.register("register_log_actions")
def register_consultations_log_actions(actions):
    actions.register_action("consultations.status_changed")(StatusChangedFormatter)
    actions.register_action("consultations.document_status", _("Change the status of a document"), _("Document status changed"))
    actions.register_action("consultations.remark_registered", _("Register a remark"), _("Remark registered"))
    actions.register_action("consultations.remark_moderated", _("Moderate a remark"), _("Remark moderated"))
    actions.register_action("consultations.remark_merged", _("Merge a remark"), _("Remark merged"))
    actions.register_action("consultations.remark_decided", _("Decide on a remark"), _("Decision on a remark"))
    actions.register_action("consultations.remark_coded", _("Code a remark"), _("Remark coded"))
    actions.register_action("consultations.category_renamed", _("Rename a category of remarks"), _("Category of remarks renamed"))
    actions.register_action("consultations.category_merged", _("Merge categories of remarks"), _("Category of remarks merged into another"))
    actions.register_action("consultations.category_deleted", _("Delete a category of remarks"), _("Category of remarks deleted"))
    actions.register_action(
        "consultations.survey_answers_synced", _("Take in open answers of surveys"), _("Open answers of surveys added to the remarks")
    )
