"""Plugs the newsletter into Wagtail's admin: a menu group with editions and subscribers, read-only."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from .models import Edition, Subscriber
from .viewsets import NewsletterViewSetGroup, ReadOnlyForEditors

register_permission_policy(Subscriber, ReadOnlyForEditors(Subscriber))
register_permission_policy(Edition, ReadOnlyForEditors(Edition))


@hooks.register("register_admin_viewset")
def register_newsletter_viewsets():
    return NewsletterViewSetGroup()
