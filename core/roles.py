"""Staff roles as Wagtail groups, their permissions and the approval workflow.

Administrator – everything; Koordynator – approves and publishes, plans; Redaktor – edits and
reviews, submits for approval; Autor – staff of other units, drafts only (Wagtail lets a user with
"add" edit only pages they created); Partner – a district council or NGO account that can propose
events (drafts under the event listing) and sees its own organisation's records.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from core.request_memo import memoised

ADMINISTRATOR = "Administrator"
KOORDYNATOR = "Koordynator"
REDAKTOR = "Redaktor"
AUTOR = "Autor"
PARTNER = "Partner"
ROLES = [ADMINISTRATOR, KOORDYNATOR, REDAKTOR, AUTOR, PARTNER]
# Roles of the unit's and the City Hall's own staff: they see the whole catalog; partners see their organisation's part.
STAFF_ROLES = [ADMINISTRATOR, KOORDYNATOR, REDAKTOR, AUTOR]

PAGE_PERMISSIONS = {
    ADMINISTRATOR: ["add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"],
    KOORDYNATOR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    REDAKTOR: ["add_page", "change_page", "lock_page"],
    AUTOR: ["add_page"],
}
COLLECTION_PERMISSIONS = {
    ADMINISTRATOR: ["add_image", "change_image", "choose_image", "delete_image", "add_document", "change_document", "choose_document", "delete_document"],
    KOORDYNATOR: ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    REDAKTOR: ["add_image", "change_image", "choose_image", "add_document", "change_document", "choose_document"],
    AUTOR: ["add_image", "choose_image", "add_document", "choose_document"],
    PARTNER: ["add_image", "choose_image", "choose_document"],
}
# Model permissions ("app_label.codename"); every role may enter the admin. What records a role sees
# and edits is decided by the page permissions above, not by model permissions on the page types.
_PLANNING = ["campaigns.add_action", "campaigns.change_action", "campaigns.delete_action", "core.view_channel"]
_TEMPLATES = ["campaigns.add_campaigntemplate", "campaigns.change_campaigntemplate", "campaigns.delete_campaigntemplate"]
_ANNOUNCEMENTS = ["noticeboard.add_announcement", "noticeboard.change_announcement", "noticeboard.delete_announcement"]
# Messages: nobody may publish one directly – the workflow's last approval does (four eyes, publishing/workflows.py).
_MESSAGES = ["publishing.add_message", "publishing.change_message", "publishing.lock_message"]
MODEL_PERMISSIONS = {
    ADMINISTRATOR: [
        "core.add_topic", "core.change_topic", "core.delete_topic", "core.change_district",
        "core.add_channel", "core.change_channel", "core.delete_channel",
        "directory.add_organisation", "directory.change_organisation", "directory.delete_organisation",
        "directory.add_person", "directory.change_person", "directory.delete_person",
        "core.change_branding",
        "auth.add_user", "auth.change_user", "auth.delete_user",
        *_PLANNING, *_TEMPLATES, *_ANNOUNCEMENTS, *_MESSAGES, "publishing.delete_message", "publishing.unlock_message",
        "publishing.emergency_publish_message",
    ],
    KOORDYNATOR: [
        "core.add_topic", "core.change_topic", "core.view_district", "directory.add_organisation", "directory.change_organisation",
        "directory.add_person", "directory.change_person",
        *_PLANNING, *_TEMPLATES, *_ANNOUNCEMENTS,  # coordinators plan, keep the templates and inform the department
        *_MESSAGES, "publishing.unlock_message", "publishing.emergency_publish_message",
    ],
    REDAKTOR: [
        "core.add_topic", "core.change_topic", "core.view_district", "directory.add_organisation", "directory.change_organisation",
        "directory.add_person", "directory.change_person",
        *_PLANNING, "campaigns.view_campaigntemplate", *_MESSAGES,
    ],
    AUTOR: ["campaigns.view_action", "publishing.add_message", "publishing.change_message"],
    PARTNER: [],
}

def has_role(user, roles) -> bool:
    """Whether an active user holds one of `roles` (a superuser holds them all).

    Many menu items, panels and views ask in one admin request: the user's role names are read once per request.
    """
    if user is None or not user.is_active:
        return False
    if user.is_superuser:
        return True
    names = memoised(f"core.roles:{user.pk}", lambda: frozenset(user.groups.values_list("name", flat=True)))
    return not names.isdisjoint(roles)


def sees_whole_catalog(user) -> bool:
    """Staff roles see every record (drafts included); partners only their organisation's part."""
    return has_role(user, STAFF_ROLES)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_roles(*, root_page: Page, partner_page: Page) -> dict[str, Group]:
    """Create the groups with their permissions and the approval workflow; idempotent."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    access_admin = _permission("wagtailadmin.access_admin")
    root_collection = Collection.get_first_root_node()
    for name, group in groups.items():
        group.permissions.add(access_admin, *(_permission(p) for p in MODEL_PERMISSIONS[name]))
        for codename in PAGE_PERMISSIONS.get(name, []):
            GroupPagePermission.objects.get_or_create(
                group=group, page=root_page, permission=_permission(f"wagtailcore.{codename}")
            )
        for codename in COLLECTION_PERMISSIONS[name]:
            app = "wagtailimages" if codename.endswith("image") else "wagtaildocs"
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root_collection, permission=_permission(f"{app}.{codename}")
            )
    # Partners may propose events only: "add" on the event listing, never publish.
    GroupPagePermission.objects.get_or_create(
        group=groups[PARTNER], page=partner_page, permission=_permission("wagtailcore.add_page")
    )
    _ensure_workflow(root_page=root_page, approvers=groups[KOORDYNATOR])
    return groups


def _ensure_workflow(*, root_page: Page, approvers: Group) -> Workflow:
    """Everything published on the portal goes through a Koordynator's approval."""
    workflow, _ = Workflow.objects.get_or_create(name="Zatwierdzenie publikacji")
    task = GroupApprovalTask.objects.filter(name="Akceptacja koordynatora").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name="Akceptacja koordynatora")
    task.groups.set([approvers])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    WorkflowPage.objects.get_or_create(page=root_page, defaults={"workflow": workflow})
    return workflow
