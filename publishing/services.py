"""Writes of publishing: the message workflow, deliveries of a published message, emergency publishing.

A message reaches channels only when it is published, and it is published only by the last approval of
its workflow (`workflows.finish_workflow`) or by a Koordynator's emergency publication, which another
Koordynator must then confirm. Publishing writes one `Delivery` per channel variant, unique per variant
key, so publishing a message again (a corrected revision) never sends a variant twice.
"""

from django.contrib.auth.models import AbstractBaseUser, Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Revision, Workflow, WorkflowContentType, WorkflowTask

from .models import Delivery, FourEyesApprovalTask, Message

WORKFLOW_NAME = "Zatwierdzenie komunikatu"
REVIEW_TASK = "Przegląd redakcyjny"
APPROVAL_TASK = "Akceptacja koordynatora"
EMERGENCY_PERMISSION = "publishing.emergency_publish_message"


@transaction.atomic
def ensure_message_workflow(*, reviewers: list[Group], approvers: list[Group]) -> Workflow:
    """The two-step workflow of every message (review, then approval), both four-eyes; idempotent."""
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    for order, (name, groups) in enumerate(((REVIEW_TASK, reviewers), (APPROVAL_TASK, approvers))):
        task = FourEyesApprovalTask.objects.filter(name=name).first() or FourEyesApprovalTask.objects.create(name=name)
        task.groups.set(groups)
        WorkflowTask.objects.update_or_create(workflow=workflow, task=task, defaults={"sort_order": order})
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Message), defaults={"workflow": workflow},
    )
    return workflow


def create_deliveries(message: Message, *, now=None) -> list[Delivery]:
    """One delivery per variant of the live message, frozen as published; variants already on their way are left alone."""
    now = now or timezone.now()
    record_url = (message.record.full_url or "") if message.record else ""
    created = []
    for variant in message.variants.all():
        images = [
            {"image_id": block.value["image"].pk, "alt_text": block.value["alt_text"]}
            for block in variant.images if block.value.get("image") is not None
        ]
        delivery, was_created = Delivery.objects.get_or_create(
            variant_key=variant.key,
            defaults={
                "message": message, "channel": variant.channel, "text": variant.text,
                "link": variant.link or record_url, "images": images,
                "due_at": variant.scheduled_at or now,
            },
        )
        if was_created:
            created.append(delivery)
    return created


def on_message_published(sender, instance, revision, **kwargs) -> None:
    """Wagtail's `published` signal, sent inside the publishing transaction: the deliveries commit with it."""
    if isinstance(instance, Message):
        create_deliveries(instance)


@transaction.atomic
def publish_in_emergency(*, message: Message, user: AbstractBaseUser, reason: str) -> Message:
    """Publish now without the workflow; marked, logged, and waiting for another Koordynator's confirmation."""
    if not user.has_perm(EMERGENCY_PERMISSION):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the message cannot wait for approval.")})
    message = Message.objects.select_for_update().get(pk=message.pk)
    revision_id = (message.get_latest_revision() or message.save_revision(user=user)).pk
    if message.current_workflow_state is not None:
        message.current_workflow_state.cancel(user=user)
    Message.objects.filter(pk=message.pk).update(
        emergency_published_by=user, emergency_published_at=timezone.now(), emergency_reason=reason,
        emergency_confirmed_by=None, emergency_confirmed_at=None,
    )
    message = Message.objects.get(pk=message.pk)  # the revision keeps these fields as they are now (Message.with_content_json)
    message.publish(Revision.objects.get(pk=revision_id), user=user, skip_permission_checks=True)
    message.refresh_from_db()
    log(instance=message, action="publishing.emergency_publish", user=user, data={"reason": reason})
    return message


@transaction.atomic
def confirm_emergency(*, message: Message, user: AbstractBaseUser) -> Message:
    """The second pair of eyes after an emergency publication: another person with the same right."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if not message.awaits_emergency_confirmation:
        raise ValidationError(_("This message is not waiting for a confirmation."))
    if not user.has_perm(EMERGENCY_PERMISSION) or user.pk == message.emergency_published_by_id:
        raise PermissionDenied
    message.emergency_confirmed_by = user
    message.emergency_confirmed_at = timezone.now()
    message.save(update_fields=["emergency_confirmed_by", "emergency_confirmed_at"])
    log(instance=message, action="publishing.emergency_confirm", user=user)
    return message
