"""Who may do what with a consultation report.

The report holds every remark (residents' words): the unit's editors, coordinators and administrators write it,
as they handle the remarks (`consultations.admin_views.may_handle_remarks`). Publishing is a publication of the
city: only a Koordynator or an Administrator (the project's invariant, ARCHITECTURE.md).
"""

from consultations.admin_views import may_handle_remarks
from core.roles import ADMINISTRATOR, KOORDYNATOR, has_role

PUBLISHING_ROLES = [ADMINISTRATOR, KOORDYNATOR]


def may_edit_report(user) -> bool:
    return may_handle_remarks(user)


def may_publish_report(user) -> bool:
    return has_role(user, PUBLISHING_ROLES)
