"""Permission policies shared by the back-office of several apps."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from .roles import STAFF_ROLES, sees_whole_catalog


class StaffOnlyPolicy(ModelPermissionPolicy):
    """Every staff role may manage the model; partner accounts may not (no model permissions are granted for it)."""

    def user_has_permission(self, user, action):
        return user.is_active and sees_whole_catalog(user)

    def user_has_any_permission(self, user, actions):
        return self.user_has_permission(user, None)

    def users_with_any_permission(self, actions):
        return get_user_model().objects.filter(is_active=True).filter(
            Q(is_superuser=True) | Q(groups__name__in=STAFF_ROLES)
        ).distinct()
