"""Reads of notifications, digests and announcements, each in a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from campaigns.models import OPEN_STATUSES, Action, ActionStatus
from core.roles import KOORDYNATOR, STAFF_ROLES
from directory.models import Account

from .models import Announcement, AnnouncementRead, Audience, DigestDelivery, Notification

DIGEST_SECTION_LIMIT = 50  # a longer section lists the first ones and says how many there are


def inbox(user: AbstractBaseUser) -> QuerySet:
    """A person's notifications, the newest first."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-pk")


def unread_count(user: AbstractBaseUser) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


# Daily digest ---------------------------------------------------------------------------------------------------

def local_day_bounds(day: date) -> tuple[datetime, datetime]:
    """[midnight, next midnight) of a day in the installation's time zone (Europe/Warsaw)."""
    zone = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(day, time.min, tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def digest_recipients() -> QuerySet:
    """Active staff members (a staff role) with an e-mail address who did not turn the digest off."""
    return (
        get_user_model().objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
        .exclude(email="")
        .exclude(notice_preferences__daily_digest=False)
        .distinct()
    )


def pending_digest_user_ids(day: date) -> list[int]:
    """Recipients whose digest for `day` has not been dealt with yet (sent, or found empty)."""
    done = DigestDelivery.objects.filter(user=OuterRef("pk"), day=day)
    return list(digest_recipients().filter(~Exists(done)).order_by("pk").values_list("pk", flat=True))


def _finishing(start: datetime | None = None, end: datetime | None = None) -> Q:
    """Actions whose end (or date, for a one-off) falls in [start, end); either bound may be open."""
    one_off, lasting = Q(ends_at__isnull=True), Q(ends_at__isnull=False)
    if start is not None:
        one_off &= Q(starts_at__gte=start)
        lasting &= Q(ends_at__gte=start)
    if end is not None:
        one_off &= Q(starts_at__lt=end)
        lasting &= Q(ends_at__lt=end)
    return one_off | lasting


def _digest_actions(actions: QuerySet) -> QuerySet:
    return actions.select_related("campaign").order_by("starts_at", "pk")


def is_approver(user: AbstractBaseUser) -> bool:
    """Coordinators approve: their digest lists every action awaiting approval, not only their campaigns'."""
    return user.groups.filter(name=KOORDYNATOR).exists()


@dataclass
class DigestActions:
    due_today: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    awaiting_approval: list[Action] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def digest_actions(user: AbstractBaseUser, day: date) -> DigestActions:
    """What a person's digest for `day` lists.

    Due today: their open actions that end (or happen, if one-off) on that day. Overdue: their open actions
    that should have ended before it. Awaiting approval: actions in that status in campaigns the person owns;
    a Koordynator sees every one of them, because coordinators approve.
    """
    start, end = local_day_bounds(day)
    mine = Action.objects.filter(responsible=user, status__in=OPEN_STATUSES)
    awaiting = Action.objects.filter(status=ActionStatus.AWAITING_APPROVAL)
    if not is_approver(user):
        awaiting = awaiting.filter(campaign__owner_person=user)
    sections = {
        "due_today": mine.filter(_finishing(start, end)),
        "overdue": mine.filter(_finishing(end=start)),
        "awaiting_approval": awaiting,
    }
    result = DigestActions()
    for key, actions in sections.items():
        rows = list(_digest_actions(actions)[: DIGEST_SECTION_LIMIT + 1])
        count = len(rows) if len(rows) <= DIGEST_SECTION_LIMIT else actions.count()
        setattr(result, key, rows[:DIGEST_SECTION_LIMIT])
        result.counts[key] = count
    return result


# Announcements --------------------------------------------------------------------------------------------------

def staff_users() -> QuerySet:
    """Everybody who sees the department's board: active accounts with a staff role, and superusers."""
    return get_user_model().objects.filter(Q(is_superuser=True) | Q(groups__name__in=STAFF_ROLES), is_active=True).distinct()


def audience_filter(user: AbstractBaseUser) -> Q:
    """Announcements meant for `user`: the whole department, their organisation unit, or one of their roles."""
    return (
        Q(audience=Audience.EVERYONE)
        | Q(audience=Audience.ORGANISATION, organisation_id__in=Account.objects.filter(user=user).values("organisation_id"))
        | Q(audience=Audience.ROLE, group_id__in=user.groups.values("pk"))
    )


def current(announcements: QuerySet, now: datetime | None = None) -> QuerySet:
    """Published and not expired."""
    now = now or timezone.now()
    return announcements.filter(published_at__lte=now).filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now))


def board(user: AbstractBaseUser, now: datetime | None = None) -> QuerySet:
    """The announcements on a person's board: pinned first, then the newest; each says whether the person confirmed it."""
    read = AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user)
    return (
        current(Announcement.objects.filter(audience_filter(user)), now)
        .select_related("author", "organisation", "group")
        .annotate(is_read=Exists(read))
        .order_by("-pinned", "-published_at", "-pk")
    )


def unread_announcements(user: AbstractBaseUser, now: datetime | None = None) -> QuerySet:
    return board(user, now).filter(is_read=False)


@dataclass
class Readership:
    readers: list[AnnouncementRead]
    audience_size: int

    @property
    def read_count(self) -> int:
        return len(self.readers)


def readership(announcements: list[Announcement]) -> dict[int, Readership]:
    """Who of each announcement's audience confirmed reading it, in three queries for any number of announcements.

    The audience is today's staff matching the announcement, so M changes as people come and go.
    """
    if not announcements:
        return {}
    User = get_user_model()
    staff = dict(staff_users().values_list("pk", "dialog_account__organisation_id"))
    groups: dict[int, set[int]] = {}
    for user_id, group_id in User.groups.through.objects.filter(user_id__in=staff).values_list("user_id", "group_id"):
        groups.setdefault(group_id, set()).add(user_id)
    reads = (
        AnnouncementRead.objects.filter(announcement__in=announcements, user_id__in=staff)
        .select_related("user").order_by("read_at", "pk")
    )
    by_announcement: dict[int, list[AnnouncementRead]] = {}
    for read in reads:
        by_announcement.setdefault(read.announcement_id, []).append(read)
    result = {}
    for announcement in announcements:
        if announcement.audience == Audience.ORGANISATION:
            members = {pk for pk, organisation in staff.items() if organisation == announcement.organisation_id}
        elif announcement.audience == Audience.ROLE:
            members = groups.get(announcement.group_id, set())
        else:
            members = set(staff)
        readers = [read for read in by_announcement.get(announcement.pk, []) if read.user_id in members]
        result[announcement.pk] = Readership(readers=readers, audience_size=len(members))
    return result


