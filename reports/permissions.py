"""Who may do what with a consultation report.

The report holds every remark (residents' words): the unit's editors, coordinators and administrators write it,
as they handle the remarks (`consultations.admin_views.may_handle_remarks`). Publishing is a publication of the
city: only a Koordynator or an Administrator (the project's invariant, ARCHITECTURE.md).
"""

from consultations.admin_views import may_handle_remarks
from core.request_memo import memoised
from core.roles import ADMINISTRATOR, KOORDYNATOR

PUBLISHING_ROLES = [ADMINISTRATOR, KOORDYNATOR]


def may_edit_report(user) -> bool:
    return may_handle_remarks(user)


def may_publish_report(user) -> bool:
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return memoised(f"reports.may_publish:{user.pk}", lambda: user.groups.filter(name__in=PUBLISHING_ROLES).exists())
