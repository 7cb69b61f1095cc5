"""Plugs the noticeboard into Wagtail's admin: its pages, menu entries, dashboard panels and the announcements snippet."""

from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.snippets.models import register_snippet

from core.request_memo import memoised
from core.roles import sees_whole_catalog

from .panels import AnnouncementsPanel, NotificationsPanel, unread_notifications
from .viewsets import AnnouncementViewSet

register_snippet(AnnouncementViewSet)


def is_staff(request) -> bool:
    return memoised(f"noticeboard.staff:{request.user.pk}", lambda: sees_whole_catalog(request.user))


@hooks.register("register_admin_urls")
def noticeboard_urls():
    return [path("", include("noticeboard.admin_urls"))]


class NotificationsMenuItem(MenuItem):
    """"Notifications (3)": the label carries the unread count (one COUNT per request, shared with the dashboard)."""

    def render_component(self, request):
        count = unread_notifications(request)
        label = _("Notifications (%(count)s)") % {"count": count} if count else _("Notifications")
        return LinkMenuItemComponent(
            self.name, label, reverse("noticeboard:notifications"), icon_name=self.icon_name, classname=self.classname, attrs=self.attrs
        )


class BoardMenuItem(MenuItem):
    def is_shown(self, request) -> bool:
        return is_staff(request)

    def render_component(self, request):
        self.url = reverse("noticeboard:board")
        return super().render_component(request)


@hooks.register("register_admin_menu_item")
def notifications_menu_item():
    return NotificationsMenuItem(gettext_lazy("Notifications"), "", name="notifications", icon_name="info-circle", order=90)


@hooks.register("register_admin_menu_item")
def board_menu_item():
    return BoardMenuItem(gettext_lazy("Announcements"), "", name="announcements-board", icon_name="clipboard-list", order=95)


@hooks.register("construct_homepage_panels")
def add_noticeboard_panels(request, panels):
    panels.append(NotificationsPanel())
    if is_staff(request):
        panels.append(AnnouncementsPanel())
