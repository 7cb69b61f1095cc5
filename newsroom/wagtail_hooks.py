"""Plugs the press room into Wagtail's admin: the "Dla mediów" menu, a release's secret link and "send to the media"
buttons, and the audit-log actions of the newsroom."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from .admin_views import SecretLinkView
from .models import Distribution, MediaList, PressContact, PressReleasePage
from .viewsets import PressOfficePolicy, PressViewSetGroup, is_press_office

register_permission_policy(MediaList, PressOfficePolicy(MediaList))
register_permission_policy(PressContact, PressOfficePolicy(PressContact))
register_permission_policy(Distribution, PressOfficePolicy(Distribution, actions=["add", "view"]))


@hooks.register("register_admin_viewset")
def register_press_viewsets():
    return PressViewSetGroup()


@hooks.register("register_admin_urls")
def newsroom_admin_urls():
    return [path("prasa/komunikat/<int:pk>/link/", SecretLinkView.as_view(), name="newsroom_admin_secret_link")]


@hooks.register("register_log_actions")
def register_newsroom_log_actions(actions):
    actions.register_action("newsroom.embargo_link_rotated", _("Replace the secret link"), _("Secret link replaced"))
    actions.register_action("newsroom.distributed", _("Send to the media"), _("Sent to the media"))
    actions.register_action("newsroom.distribution_stopped", _("Stop sending to the media"),
                            _("Sending to the media stopped"))


@hooks.register("register_page_header_buttons")
def press_release_buttons(page, user, view_name, next_url=None):
    if not issubclass(page.specific_class or type(page), PressReleasePage) or not is_press_office(user):
        return
    yield Button(_("Link for journalists"), reverse("newsroom_admin_secret_link", args=[page.pk]), icon_name="link", priority=90)
    yield Button(_("Send to the media"), reverse("newsroom_distribution:add") + f"?release={page.pk}", icon_name="mail", priority=91)
