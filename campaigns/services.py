"""Writes of campaign plans: actions and plans made from templates, each logged in Wagtail's audit log."""

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from catalog.models import CampaignPage, ConsultationPage, EventPage
from catalog.services import create_record
from catalog.statuses import Status
from core.models import Channel
from noticeboard import services as notices

from .models import (
    Action,
    ActionStatus,
    CampaignTemplate,
    EventProposalReview,
    ProposalDecision,
    TemplateAction,
    TemplateAnchor,
)

EDITABLE_FIELDS = {
    "title", "kind", "channel", "starts_at", "ends_at", "responsible", "status", "notes", "result_url", "reports_results",
}


@transaction.atomic
def create_action(
    *, campaign: CampaignPage, user: AbstractBaseUser | None, depends_on: list[Action] = (), notify: bool = True, **fields: Any
) -> Action:
    """Add an action to a campaign's plan; invalid fields raise ValidationError and nothing is saved.

    The responsible person is told (unless `notify` is off: a whole plan made at once tells them once).
    """
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not an action field: {', '.join(sorted(unknown))}")
    action = Action(campaign=campaign, **fields)
    action.full_clean()
    action.save()
    action.depends_on.set(depends_on)
    log(instance=action, action="wagtail.create", user=user)
    if notify and action.responsible_id:
        notices.action_assigned(action=action, by=user)
    return action


@transaction.atomic
def update_action(*, action: Action, user: AbstractBaseUser | None, depends_on: list[Action] | None = None, **changes: Any) -> Action:
    """Change an action; the audit log records which fields changed, from what to what."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not an action field: {', '.join(sorted(unknown))}")
    action = Action.objects.select_for_update().get(pk=action.pk)
    changed = {}
    for name, value in changes.items():
        old = getattr(action, name)
        if old != value:
            changed[name] = {"from": _loggable(old), "to": _loggable(value)}
            setattr(action, name, value)
    action.full_clean()
    if changed:
        action.save()
    if depends_on is not None and set(action.depends_on.all()) != set(depends_on):
        action.depends_on.set(depends_on)
        changed["depends_on"] = {"to": [item.pk for item in depends_on]}
    if changed:
        log(instance=action, action="wagtail.edit", user=user, data={"changes": changed})
        if "responsible" in changed and action.responsible_id:
            notices.action_assigned(action=action, by=user)
        if "status" in changed:
            notices.action_status_changed(action=action, old_status=changed["status"]["from"], by=user)
    return action


def _loggable(value: Any) -> Any:
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def anchor_dates(template_action: TemplateAction, *, start: date, end: date) -> date:
    """The day a template action falls on, counted from the start, middle or end of the anchor period."""
    base = {
        TemplateAnchor.START: start,
        TemplateAnchor.MIDDLE: start + (end - start) / 2,
        TemplateAnchor.END: end,
    }[template_action.anchor]
    return base + timedelta(days=template_action.offset_days)


@transaction.atomic
def create_campaign_from_template(
    *,
    template: CampaignTemplate,
    title: str,
    user: AbstractBaseUser | None,
    consultation: ConsultationPage | None = None,
    start: date | None = None,
    end: date | None = None,
    responsible: AbstractBaseUser | None = None,
) -> CampaignPage:
    """A draft campaign whose actions are the template's, placed around the anchor period.

    The anchor is the consultation's period, or `start`/`end` given directly. The result is an
    ordinary campaign: the planner changes, adds or removes actions afterwards.
    """
    if consultation is not None:
        if start is None and consultation.starts_at:
            start = timezone.localtime(consultation.starts_at).date()
        if end is None and consultation.ends_at:
            end = timezone.localtime(consultation.ends_at).date()
    if start is None or end is None:
        raise ValueError("a template needs an anchor period: a consultation with dates, or start and end")
    placed = [
        (item, timezone.make_aware(datetime.combine(anchor_dates(item, start=start, end=end), item.at_time)))
        for item in template.actions.all()
    ]
    first = min((when for _, when in placed), default=timezone.make_aware(datetime.combine(start, datetime.min.time())))
    last = max((when for _, when in placed), default=timezone.make_aware(datetime.combine(end, datetime.min.time())))
    campaign = create_record(
        model=CampaignPage,
        user=user,
        publish=False,
        title=title,
        lead=template.description[:600] or title,
        status=Status.PLANNED,
        starts_at=first,
        ends_at=last,
        consultation=consultation,
        owner_person=responsible or user,
    )
    for item, when in placed:
        create_action(
            campaign=campaign,
            user=user,
            title=item.title,
            kind=item.kind,
            channel=item.channel,
            starts_at=when,
            ends_at=when + timedelta(days=item.duration_days) if item.duration_days else None,
            responsible=responsible,
            status=ActionStatus.TODO,
            reports_results=item.reports_results,
            notify=False,
        )
    if responsible is not None and placed:
        notices.plan_assigned(campaign=campaign, person=responsible, count=len(placed), by=user)
    return campaign


@transaction.atomic
def load_campaign_templates(*, folder: Path | str) -> int:
    """Create the templates described by the JSON files in `folder`; a template that exists keeps staff's edits.

    Returns how many templates were created. Channels are named by slug; an unknown slug leaves the channel empty.
    """
    created = 0
    channels = {channel.slug: channel for channel in Channel.objects.all()}
    for path in sorted(Path(folder).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if CampaignTemplate.objects.filter(name=data["name"]).exists():
            continue
        template = CampaignTemplate(name=data["name"], description=data.get("description", ""))
        template.actions = [
            TemplateAction(
                title=item["title"],
                kind=item["kind"],
                channel=channels.get(item.get("channel", "")),
                anchor=item.get("anchor", TemplateAnchor.START),
                offset_days=item.get("offset_days", 0),
                at_time=time.fromisoformat(item.get("at_time", "10:00")),
                duration_days=item.get("duration_days"),
                reports_results=item.get("reports_results", False),
            )
            for item in data["actions"]
        ]
        template.full_clean()
        template.save()
        log(instance=template, action="wagtail.create", user=None)
        created += 1
    return created


@transaction.atomic
def review_event_proposal(*, event: EventPage, decision: str, reason: str, user: AbstractBaseUser) -> EventProposalReview:
    """Accept or reject an event a partner proposed; the partner is told, and an accepted one goes to approval.

    A rejection without a reason, or a second review of the same proposal, raises ValidationError.
    """
    event = EventPage.objects.select_for_update().get(pk=event.pk)
    if EventProposalReview.objects.filter(event=event).exists():
        raise ValidationError(_("This proposal has already been reviewed."))
    review = EventProposalReview(event=event, decision=decision, reason=reason.strip(), reviewed_by=user)
    if decision == ProposalDecision.REJECTED and not review.reason:
        raise ValidationError({"reason": _("Say why the proposal is rejected: the partner will read it.")})
    review.full_clean()
    review.save()
    log(instance=review, action="wagtail.create", user=user)
    if decision == ProposalDecision.ACCEPTED and not event.workflow_in_progress:
        workflow = event.get_workflow()
        if workflow is not None:
            workflow.start(event, user)
    if event.owner_id:
        notices.proposal_reviewed(review=review)
    return review
