"""Wagtail registration of publishing: the messages snippet, who wrote a message, the audit log's words, the
emergency-publishing menu item and pages, the deliveries page, and the dashboard panels (posts that need a
person, emergency publications to confirm)."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.action_menu import ActionMenuItem
from wagtail.snippets.models import register_snippet

from . import admin_urls
from .models import Message
from .panels import DeliveriesPanel, EmergencyConfirmationsPanel
from .services import EMERGENCY_PERMISSION
from .viewsets import MessageViewSet

register_snippet(MessageViewSet)


@hooks.register("after_create_snippet")
def remember_the_author(request, instance):
    if isinstance(instance, Message) and instance.created_by_id is None:
        Message.objects.filter(pk=instance.pk).update(created_by=request.user)


@hooks.register("register_log_actions")
def register_publishing_log_actions(actions):
    actions.register_action("publishing.emergency_publish", _("Publish in an emergency"), _("Published in an emergency"))
    actions.register_action("publishing.emergency_confirm", _("Confirm an emergency publication"), _("Emergency publication confirmed"))
    actions.register_action("publishing.delivery_published_by_hand", _("Mark as published by hand"), _("Marked as published by hand"))
    actions.register_action("publishing.delivery_retried", _("Retry a delivery"), _("Delivery retried"))
    actions.register_action("publishing.delivery_cancelled", _("Cancel a delivery"), _("Delivery cancelled"))
    actions.register_action("publishing.delivery_metrics_recorded", _("Enter the results of a post"), _("Results of a post entered"))


class EmergencyPublishMenuItem(ActionMenuItem):
    """In the message's action menu, for those with the emergency right, while the message is not live."""

    name = "action-emergency-publish"
    label = _("Publish in an emergency…")
    icon_name = "warning"
    order = 70

    def is_shown(self, context):
        instance = context.get("instance")
        return (context.get("view") == "edit" and instance is not None and not instance.live
                and context["request"].user.has_perm(EMERGENCY_PERMISSION))

    def get_url(self, parent_context):
        return reverse("publishing:emergency_publish", args=[parent_context["instance"].pk])


@hooks.register("register_snippet_action_menu_item")
def emergency_publish_menu_item(model):
    return EmergencyPublishMenuItem() if model is Message else None


@hooks.register("register_admin_urls")
def publishing_admin_urls():
    return [path("komunikaty/", include(admin_urls, namespace="publishing"))]


@hooks.register("construct_homepage_panels")
def add_publishing_panels(request, panels):
    if request.user.has_perm("publishing.change_message"):
        panels.append(DeliveriesPanel())
    if request.user.has_perm(EMERGENCY_PERMISSION):
        panels.append(EmergencyConfirmationsPanel())


@hooks.register("register_admin_menu_item")
def deliveries_menu_item():
    return MenuItem(pgettext_lazy("delivery", "Deliveries"), reverse_lazy("publishing:deliveries"), icon_name="mail",
                    order=161, attrs={}, name="deliveries")
