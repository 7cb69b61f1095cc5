"""Rules that help the planner: each finds a problem in a plan and explains it in Polish. They warn, never block.

Every rule takes already-read objects and returns `PlanWarning`s, so a view reads the plan once
(`selectors.plan_actions`, or `planner_selectors.plan_rows` for many campaigns) and runs all rules
over it without further queries.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import ActionKind, ActionStatus


@dataclass(frozen=True)
class PlanWarning:
    code: str
    message: str
    action_ids: tuple[int, ...] = field(default=())
    record_ids: tuple[int, ...] = field(default=())  # catalog records (events, consultations, campaigns)


def _day(value) -> str:
    return date_format(timezone.localtime(value), "j E Y")


def _active(actions):
    return [action for action in actions if action.status != ActionStatus.CANCELLED]


def overlapping_events(events) -> list[PlanWarning]:
    """Two events in the same district at the same time compete for the same residents."""
    warnings = []
    by_district = defaultdict(list)
    for event in events:
        if event.starts_at:
            for district in event.districts.all():
                by_district[district].append(event)
    for district, items in by_district.items():
        items.sort(key=lambda event: event.starts_at)
        for i, first in enumerate(items):
            first_end = first.ends_at or first.starts_at
            for second in items[i + 1 :]:
                if second.starts_at >= first_end and second.starts_at != first.starts_at:
                    break
                warnings.append(PlanWarning(
                    "overlapping_events",
                    _("“%(first)s” and “%(second)s” take place at the same time in %(district)s (%(day)s).")
                    % {"first": first.title, "second": second.title, "district": district.name, "day": _day(second.starts_at)},
                    record_ids=(first.pk, second.pk),
                ))
    return warnings


def crowded_channel_days(actions) -> list[PlanWarning]:
    """More posts on one channel on one day than the channel's limit (or the installation's default)."""
    per_day = defaultdict(list)
    for action in _active(actions):
        if action.channel_id and action.kind == ActionKind.SOCIAL_POST:
            per_day[(action.channel, timezone.localtime(action.starts_at).date())].append(action)
    warnings = []
    for (channel, day), items in sorted(per_day.items(), key=lambda item: (item[0][1], item[0][0].name)):
        limit = channel.daily_post_limit or settings.DIALOG_CHANNEL_DAILY_POST_LIMIT
        if len(items) > limit:
            warnings.append(PlanWarning(
                "crowded_channel",
                ngettext(
                    "%(count)d post on %(channel)s on %(day)s; more than %(limit)d a day tires the readers.",
                    "%(count)d posts on %(channel)s on %(day)s; more than %(limit)d a day tires the readers.",
                    len(items),
                ) % {"count": len(items), "channel": channel.name, "day": date_format(day, "j E Y"), "limit": limit},
                action_ids=tuple(action.pk for action in items),
            ))
    return warnings


def promotes_closed_consultation(actions) -> list[PlanWarning]:
    """An action promoting a consultation is planned after the consultation has closed."""
    warnings = []
    for action in _active(actions):
        consultation = action.campaign.consultation
        if action.reports_results or consultation is None or consultation.ends_at is None:
            continue
        if action.starts_at > consultation.ends_at:
            warnings.append(PlanWarning(
                "after_consultation_closed",
                _("“%(action)s” (%(day)s) promotes “%(consultation)s”, which closes on %(closes)s.")
                % {"action": action.title, "day": _day(action.starts_at), "consultation": consultation.title,
                   "closes": _day(consultation.ends_at)},
                action_ids=(action.pk,),
                record_ids=(consultation.pk,),
            ))
    return warnings


def campaign_starts_too_late(campaign, actions) -> list[PlanWarning]:
    """A consultation's information campaign must begin some days before the consultation opens."""
    consultation = campaign.consultation
    if consultation is None or consultation.starts_at is None:
        return []
    dates = [action.starts_at for action in _active(actions)] or ([campaign.starts_at] if campaign.starts_at else [])
    if not dates:
        return []
    lead_days = settings.DIALOG_CAMPAIGN_LEAD_DAYS
    first = min(dates)
    if first <= consultation.starts_at - timedelta(days=lead_days):
        return []
    return [PlanWarning(
        "campaign_too_late",
        ngettext(
            "The campaign starts on %(start)s, but information about “%(consultation)s” must begin at least %(days)d day before it opens on %(opens)s.",
            "The campaign starts on %(start)s, but information about “%(consultation)s” must begin at least %(days)d days before it opens on %(opens)s.",
            lead_days,
        ) % {"start": _day(first), "consultation": consultation.title, "days": lead_days, "opens": _day(consultation.starts_at)},
        record_ids=(campaign.pk, consultation.pk),
    )]


def consultation_too_short(consultation) -> list[PlanWarning]:
    """A consultation must last a minimum number of days."""
    if consultation is None or not (consultation.starts_at and consultation.ends_at):
        return []
    minimum = settings.DIALOG_CONSULTATION_MIN_DAYS
    # Counted in calendar days, both ends included: 1–21 March is 21 days.
    days = (timezone.localtime(consultation.ends_at).date() - timezone.localtime(consultation.starts_at).date()).days + 1
    if days >= minimum:
        return []
    return [PlanWarning(
        "consultation_too_short",
        ngettext(
            "“%(consultation)s” lasts %(days)d days; a consultation must last at least %(minimum)d day.",
            "“%(consultation)s” lasts %(days)d days; a consultation must last at least %(minimum)d days.",
            minimum,
        ) % {"consultation": consultation.title, "days": days, "minimum": minimum},
        record_ids=(consultation.pk,),
    )]


def dependencies_out_of_order(actions) -> list[PlanWarning]:
    """An action is planned before an action it depends on is over."""
    warnings = []
    for action in _active(actions):
        befores = getattr(action, "depends_on_list", None)  # plan_rows reads them once; a related manager per action is slow
        for before in action.depends_on.all() if befores is None else befores:
            if before.status != ActionStatus.CANCELLED and action.starts_at < before.finishes_at:
                warnings.append(PlanWarning(
                    "dependency_order",
                    _("“%(action)s” (%(day)s) is planned before “%(before)s” (%(before_day)s), which must be done first.")
                    % {"action": action.title, "day": _day(action.starts_at), "before": before.title,
                       "before_day": _day(before.finishes_at)},
                    action_ids=(action.pk, before.pk),
                ))
    return warnings


def campaign_warnings(campaign, actions, events=()) -> list[PlanWarning]:
    """Every rule about one campaign's plan (its actions read with `selectors.plan_actions`)."""
    return [
        *campaign_starts_too_late(campaign, actions),
        *consultation_too_short(campaign.consultation),
        *promotes_closed_consultation(actions),
        *dependencies_out_of_order(actions),
        *crowded_channel_days(actions),
        *overlapping_events(events),
    ]
