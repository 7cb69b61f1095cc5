"""Dashboard panels: the person's latest notifications and the announcements they have not confirmed yet."""

from django.urls import reverse
from wagtail.admin.ui.components import Component

from core.request_memo import memoised

from . import selectors

PANEL_ROWS = 5


def unread_notifications(request) -> int:
    """Asked by the menu and the dashboard panel: one COUNT per request."""
    return memoised(f"noticeboard.unread:{request.user.pk}", lambda: selectors.unread_count(request.user))


class NotificationsPanel(Component):
    name = "notifications"
    order = 40
    template_name = "noticeboard/panels/notifications.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        return {
            "unread_count": unread_notifications(request),
            "notifications": list(selectors.inbox(request.user)[:PANEL_ROWS]),
            "list_url": reverse("noticeboard:notifications"),
            "request": request,
        }


class AnnouncementsPanel(Component):
    name = "announcements"
    order = 45
    template_name = "noticeboard/panels/announcements.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        unread = list(selectors.unread_announcements(request.user)[: PANEL_ROWS + 1])
        return {
            "announcements": unread[:PANEL_ROWS],
            "has_more": len(unread) > PANEL_ROWS,
            "board_url": reverse("noticeboard:board"),
            "request": request,
        }
