"""Back-office of citizen panels: the panels as a ModelViewSet and, per panel, one management page (criteria and
quotas, candidates and counts per answer, the draw and its report, recommendations and votes).

Only a Koordynator or an Administrator configures panels and sees candidates (`can_manage_panels`): the other
roles and partners get neither the menu entry nor the views (Wagtail's permission denial, or 404).
"""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from core.roles import ADMINISTRATOR, KOORDYNATOR, has_role

from .models import CitizenPanel

MANAGING_ROLES = [ADMINISTRATOR, KOORDYNATOR]


def can_manage_panels(user) -> bool:
    return has_role(user, MANAGING_ROLES)


class CoordinatorsOnlyPolicy(ModelPermissionPolicy):
    """Koordynator and Administrator only: candidates' personal data stays with the people who run the draw."""

    def user_has_permission(self, user, action):
        return can_manage_panels(user)

    def user_has_any_permission(self, user, actions):
        return can_manage_panels(user)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(groups__name__in=MANAGING_ROLES)
        ).distinct()


class ManageLinkColumn(Column):
    def get_value(self, instance):
        return _("criteria, candidates and draw")

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["value"] = reverse("panels_admin:manage", args=[instance.pk])
        return context


class CitizenPanelViewSet(ModelViewSet):
    model = CitizenPanel
    icon = "group"
    menu_label = _("Citizen panels")
    add_to_admin_menu = True
    menu_order = 165
    url_prefix = "panele"
    form_fields = [
        "title", "slug", "description", "consultation", "project", "recruitment_opens_at", "recruitment_closes_at",
        "panel_size", "reserve_size", "status", "meetings",
    ]
    list_display = ["title", "status", "recruitment_closes_at", ManageLinkColumn("manage", label=_("Panel"))]
    list_filter = ["status"]
    search_fields = None
    ordering = ["-recruitment_opens_at"]
