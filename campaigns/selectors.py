"""Reads of campaign plans with their joins applied: a plan or a window of all plans costs a few queries."""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from catalog.models import CampaignPage, EventPage
from core.models import District
from core.roles import STAFF_ROLES

from .models import OPEN_STATUSES, Action


def actions_with_relations(actions: QuerySet) -> QuerySet:
    """What a plan row and the rules need: channel, person, campaign with its consultation, dependencies."""
    return actions.select_related("channel", "responsible", "campaign", "campaign__consultation").prefetch_related(
        Prefetch("depends_on", queryset=Action.objects.only("pk", "title", "starts_at", "ends_at", "status"))
    )


def plan_actions(campaign: CampaignPage) -> list[Action]:
    return list(actions_with_relations(campaign.actions.all()))


def actions_between(start: datetime, end: datetime, actions: QuerySet | None = None) -> QuerySet:
    """Actions that take place at least partly in [start, end)."""
    actions = Action.objects.all() if actions is None else actions
    one_off = Q(ends_at__isnull=True, starts_at__gte=start, starts_at__lt=end)
    lasting = Q(ends_at__isnull=False, starts_at__lt=end, ends_at__gte=start)
    return actions_with_relations(actions.filter(one_off | lasting))


def events_between(start: datetime, end: datetime) -> QuerySet:
    """Events (published or not) in [start, end) with their districts, for the calendar and the overlap rule."""
    return (
        EventPage.objects.filter(starts_at__lt=end)
        .filter(Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start))
        .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("number")))
        .order_by("starts_at", "pk")
    )


def my_open_actions(user: AbstractBaseUser) -> QuerySet:
    """A person's actions still to do, the oldest first (overdue ones on top)."""
    return actions_with_relations(Action.objects.filter(responsible=user, status__in=OPEN_STATUSES)).order_by("starts_at", "pk")


def overdue(actions: QuerySet, now: datetime | None = None) -> QuerySet:
    return actions.filter(status__in=OPEN_STATUSES).filter(
        Q(ends_at__isnull=True, starts_at__lt=now or timezone.now()) | Q(ends_at__lt=now or timezone.now())
    )


def pending_event_proposals() -> QuerySet:
    """Events partner accounts proposed (never-published drafts they own) that nobody has reviewed yet."""
    staff = Q(owner__is_superuser=True) | Q(owner__groups__name__in=STAFF_ROLES)
    return (
        EventPage.objects.filter(live=False, first_published_at__isnull=True, owner__isnull=False, proposal_review__isnull=True)
        .exclude(pk__in=EventPage.objects.filter(staff).values("pk"))
        .select_related("owner")
        .prefetch_related(Prefetch("districts", queryset=District.objects.order_by("number")))
        .order_by("starts_at", "pk")
    )
