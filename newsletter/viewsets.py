"""Back-office of the newsletter: who is subscribed (with each address's consent log) and how each edition went.

Read-only: subscriptions change only through their owners' links (consent is theirs to give and withdraw) and
editions come from approved messages (`publishing`). Addresses are personal data: Administrator, Koordynator
and Redaktor see them; Autor and partners do not.
"""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from core.roles import ADMINISTRATOR, KOORDYNATOR, REDAKTOR, has_role

from .models import DispatchState, Edition, Subscriber

READERS = [ADMINISTRATOR, KOORDYNATOR, REDAKTOR]


class ReadOnlyForEditors(ModelPermissionPolicy):
    def _reads(self, user) -> bool:
        return has_role(user, READERS)

    def user_has_permission(self, user, action):
        return action == "view" and self._reads(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self._reads(user)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return get_user_model().objects.filter(is_active=True).filter(Q(is_superuser=True) | Q(groups__name__in=READERS)).distinct()


class SubscriberViewSet(ModelViewSet):
    model = Subscriber
    icon = "user"
    menu_label = _("Subscribers")
    url_prefix = "newsletter/subskrybenci"
    inspect_view_enabled = True
    form_fields = ["status"]  # Wagtail builds the forms; the policy never lets anyone use them
    inspect_view_fields = ["email", "status", "language", "topics", "districts", "created_at", "confirmed_at", "unsubscribed_at", "soft_bounces"]
    list_display = ["email", "status", "created_at", "confirmed_at"]
    list_filter = ["status"]
    search_fields = ["email"]
    ordering = ["-created_at"]


class EditionViewSet(ModelViewSet):
    model = Edition
    icon = "mail"
    menu_label = _("Editions")
    url_prefix = "newsletter/wydania"
    inspect_view_enabled = True
    form_fields = ["subject"]  # Wagtail builds the forms; the policy never lets anyone use them
    inspect_view_fields = ["subject", "text", "link_url", "record", "status", "recipients", "created_at", "finished_at"]
    list_display = [
        "subject", "status", "recipients", Column("sent", label=pgettext_lazy("newsletter", "sent")),
        Column("failed", label=_("refused by the mail server")), "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["subject"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return Edition.objects.annotate(
            sent=Count("dispatches", filter=Q(dispatches__state=DispatchState.SENT)),
            failed=Count("dispatches", filter=Q(dispatches__state=DispatchState.FAILED)),
        )


class NewsletterViewSetGroup(ViewSetGroup):
    items = (EditionViewSet("newsletter_edition"), SubscriberViewSet("newsletter_subscriber"))
    menu_label = _("Newsletter")
    menu_icon = "mail"
    menu_order = 170
