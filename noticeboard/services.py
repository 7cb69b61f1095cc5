"""Writes of the noticeboard: notifications, reading, preferences, digests and confirmations of announcements.

`action_assigned` and `action_status_changed` are called by `campaigns.services` inside its transaction,
so a notification exists exactly when the change it reports does.
"""

import logging
from datetime import date, datetime
from functools import partial
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.admin.utils import get_user_display_name

from campaigns.models import Action, ActionStatus

from . import selectors
from .digest import build_digest
from .models import (
    Announcement,
    AnnouncementRead,
    DigestDelivery,
    DigestOutcome,
    NoticePreferences,
    Notification,
    NotificationKind,
)

logger = logging.getLogger(__name__)


def notify(*, recipient: AbstractBaseUser, kind: str, message: str, url: str = "") -> Notification:
    """Put a message in a person's notifications. `message` is final text (Polish); `url` a back-office address."""
    return Notification.objects.create(recipient=recipient, kind=kind, message=message, url=url)


def _action_url(action: Action) -> str:
    return reverse("wagtailsnippets_campaigns_action:edit", args=[action.pk])


def _when(action: Action) -> str:
    return date_format(timezone.localtime(action.starts_at, ZoneInfo(settings.TIME_ZONE)), "j E Y, H:i")


@transaction.atomic
def action_assigned(*, action: Action, by: AbstractBaseUser | None) -> Notification | None:
    """Tell the action's (new) responsible person it is theirs now, unless they took it themselves."""
    person = action.responsible
    if person is None or (by is not None and person.pk == by.pk):
        return None
    with translation.override(settings.LANGUAGE_CODE):
        values = {"action": action.title, "campaign": action.campaign.title, "date": _when(action)}
        if by is None:
            message = _("You are responsible for the action “%(action)s” of the campaign “%(campaign)s” (%(date)s).") % values
        else:
            message = _(
                "%(person)s made you responsible for the action “%(action)s” of the campaign “%(campaign)s” (%(date)s)."
            ) % {**values, "person": get_user_display_name(by)}
    return notify(recipient=person, kind=NotificationKind.ACTION_ASSIGNED, message=message, url=_action_url(action))


@transaction.atomic
def plan_assigned(*, campaign, person: AbstractBaseUser, count: int, by: AbstractBaseUser | None) -> Notification | None:
    """One message for a whole plan made at once (from a template) instead of one per action."""
    if by is not None and person.pk == by.pk:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        message = ngettext(
            "You are responsible for %(count)d action of the new campaign “%(campaign)s”.",
            "You are responsible for %(count)d actions of the new campaign “%(campaign)s”.",
            count,
        ) % {"count": count, "campaign": campaign.title}
    url = reverse("wagtailadmin_pages:edit", args=[campaign.pk])
    return notify(recipient=person, kind=NotificationKind.ACTION_ASSIGNED, message=message, url=url)


@transaction.atomic
def proposal_reviewed(*, review) -> Notification:
    """Tell the partner who proposed an event what became of it (and why, when it was rejected)."""
    event = review.event
    with translation.override(settings.LANGUAGE_CODE):
        if review.decision == "accepted":
            message = _("Your proposed event “%(event)s” was accepted and waits for publication.") % {"event": event.title}
        else:
            message = _("Your proposed event “%(event)s” was not accepted. Reason: %(reason)s") % {
                "event": event.title, "reason": review.reason,
            }
    return notify(recipient=event.owner, kind=NotificationKind.OTHER, message=message,
                  url=reverse("wagtailadmin_pages:edit", args=[event.pk]))


@transaction.atomic
def action_status_changed(*, action: Action, old_status: str, by: AbstractBaseUser | None) -> list[Notification]:
    """Tell the responsible person and the campaign's owner the action's new status; never the one who changed it."""
    if old_status == action.status:
        return []
    recipients = {}
    for person in (action.responsible, action.campaign.owner_person):
        if person is not None and (by is None or person.pk != by.pk):
            recipients[person.pk] = person
    if not recipients:
        return []
    with translation.override(settings.LANGUAGE_CODE):
        values = {
            "action": action.title,
            "campaign": action.campaign.title,
            "old": ActionStatus(old_status).label if old_status in ActionStatus.values else old_status,
            "new": ActionStatus(action.status).label,
        }
        values = {key: str(value) for key, value in values.items()}
        if by is None:
            message = _("The action “%(action)s” of the campaign “%(campaign)s” changed from “%(old)s” to “%(new)s”.") % values
        else:
            message = _(
                "%(person)s changed the action “%(action)s” of the campaign “%(campaign)s” from “%(old)s” to “%(new)s”."
            ) % {**values, "person": get_user_display_name(by)}
    url = _action_url(action)
    return [
        notify(recipient=person, kind=NotificationKind.ACTION_STATUS_CHANGED, message=message, url=url)
        for person in recipients.values()
    ]


def mark_read(*, notification: Notification) -> Notification:
    """Idempotent: the first reading time is kept."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now())
        notification.refresh_from_db(fields=["read_at"])
    return notification


def mark_all_read(*, user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())


def set_preferences(*, user: AbstractBaseUser, daily_digest: bool) -> NoticePreferences:
    preferences, _created = NoticePreferences.objects.update_or_create(user=user, defaults={"daily_digest": daily_digest})
    return preferences


def send_daily_digest(*, user: AbstractBaseUser, day: date) -> str | None:
    """Send `user` their digest for `day` once: the outcome ("sent" or "empty"), or None if it was dealt with already.

    The delivery row (unique per person and day) is inserted in the transaction that sends the mail: a second
    worker or scheduler waits on the unique index and then fails to insert, so it sends nothing. If sending
    fails, the row is rolled back and the next run tries again. An empty digest is recorded, not sent, so
    the person is not looked at again that day.
    """
    if not selectors.digest_recipients().filter(pk=user.pk).exists():
        return None  # opted out, left the staff or has no address since the task was enqueued
    digest = build_digest(user=user, day=day)
    outcome = DigestOutcome.EMPTY if digest.is_empty else DigestOutcome.SENT
    try:
        with transaction.atomic():
            DigestDelivery.objects.create(user=user, day=day, outcome=outcome)
            if outcome == DigestOutcome.SENT:
                digest.email().send()
    except IntegrityError:
        return None
    return outcome


def enqueue_due_digests(*, now: datetime) -> list[int]:
    """From DIALOG_DIGEST_HOUR (local time) on, enqueue a digest task for everybody not yet dealt with today.

    Called by the periodic job every few minutes: it enqueues nothing once everybody's row exists, and a task
    that runs twice does no harm (`send_daily_digest`).
    """
    from .tasks import send_digest

    local = timezone.localtime(now, ZoneInfo(settings.TIME_ZONE))
    if local.hour < settings.DIALOG_DIGEST_HOUR:
        return []
    day = local.date().isoformat()
    user_ids = selectors.pending_digest_user_ids(local.date())
    for user_id in user_ids:
        transaction.on_commit(partial(send_digest.enqueue, user_id, day))
    return user_ids


def confirm_announcement(*, announcement: Announcement, user: AbstractBaseUser) -> AnnouncementRead:
    """Record that `user` read `announcement`; confirming again keeps the first time."""
    read, _created = AnnouncementRead.objects.get_or_create(announcement=announcement, user=user)
    return read
