"""Dashboard panels: the records that need the user's attention, each a short table linking to the editor."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail.admin.navigation import get_site_for_user
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.components import Component
from wagtail.models import Page

from catalog.models import CatalogPage

from . import selectors

PANEL_ROWS = 10


class VisiblePagesSummaryItem(PagesSummaryItem):
    """Wagtail's "N stron" counts every page under the user's explorable root, other organisations' records
    and drafts included; this one counts only the pages the user may see."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        root = get_site_for_user(self.request.user)["root_page"]
        if root:
            pages = Page.objects.descendant_of(root, inclusive=True).exclude(depth=1)  # the tree root is no page
            context["total_pages"] = selectors.restrict_to_visible(pages, self.request.user).count()
        return context


class RecordsPanel(Component):
    template_name = "backoffice/panels/records.html"

    def __init__(
        self, *, name: str, heading: str, empty_message: str, order: int,
        records: Callable[[AbstractBaseUser], list[CatalogPage]],
    ):
        self.name = name
        self.heading = heading
        self.empty_message = empty_message
        self.order = order
        self.records = records

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "empty_message": self.empty_message,
            "records": self.records(request.user),
            "request": request,
        }


def dashboard_panels() -> list[RecordsPanel]:
    days = settings.DIALOG_UPCOMING_DAYS
    return [
        RecordsPanel(
            name="my-records", order=50, heading=_("My records"),
            empty_message=_("You are not responsible for any record yet and have not created one."),
            records=lambda user: selectors.my_records(user, limit=PANEL_ROWS),
        ),
        RecordsPanel(
            name="upcoming-records", order=60,
            heading=ngettext("In the next %(days)s day", "In the next %(days)s days", days) % {"days": days},
            empty_message=ngettext(
                "No record starts or ends in the next %(days)s day.", "No record starts or ends in the next %(days)s days.", days
            ) % {"days": days},
            records=lambda user: selectors.upcoming_records(user, days=days, limit=PANEL_ROWS),
        ),
        RecordsPanel(
            name="records-without-person", order=70, heading=_("Records without a responsible person"),
            empty_message=_("Every record has a responsible person."),
            records=lambda user: selectors.records_without_person(user, limit=PANEL_ROWS),
        ),
    ]
