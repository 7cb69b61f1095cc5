"""iCalendar (RFC 5545) feeds of campaign plans, read by calendar apps through a secret address.

Calendar apps cannot log in, so the token in the address (`CalendarFeed.token`) is the credential:
it opens the feeds only while its owner's account is active and a staff one (`core.roles.sees_whole_catalog`:
campaign plans are not for partners). Replacing the token revokes every address made with the old one.

- A person's feed: the actions they are responsible for and the actions of the campaigns whose team
  they are in (what they should keep an eye on), from `PERSON_FEED_PAST_DAYS` ago on.
- A campaign's feed: every action of one campaign, for any staff token.

Times are written in UTC ("…Z"), which every calendar app shows in its own zone; no VTIMEZONE needed.
UIDs are `action-<pk>@<host of WAGTAILADMIN_BASE_URL>`, stable across edits and feeds, so the same action
seen through two feeds is one event. Without a METHOD the feed is a published calendar, so DTSTAMP is
when the action last changed (RFC 5545 §3.8.7.2), and the bytes change only when the plan does.
"""

from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event
from wagtail.log_actions import log

from catalog.models import CampaignPage
from core.roles import sees_whole_catalog

from .models import Action, ActionKind, ActionStatus, CalendarFeed, new_feed_token

PRODID = "-//Dialog//Plany kampanii//PL"
PERSON_FEED_PAST_DAYS = 90  # older actions drop out of a person's calendar; a campaign's feed keeps all
ONE_OFF_LENGTH = timedelta(minutes=30)  # an action with only a due time is drawn as a short block, not a zero-length one


def feed_owner(token: str) -> AbstractBaseUser | None:
    """The person whose token this is, if it may still open feeds: active, and staff."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active or not sees_whole_catalog(feed.user):
        return None
    return feed.user


@transaction.atomic
def renew_feed_token(*, user: AbstractBaseUser) -> CalendarFeed:
    """Give the person a calendar address, or a new one: the old address stops working at once.

    The audit entry records that the address changed, never the token itself.
    """
    feed = CalendarFeed.objects.select_for_update().filter(user=user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=user)
        log(instance=feed, action="wagtail.create", user=user)
    else:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
        log(instance=feed, action="wagtail.edit", user=user, data={"changes": {"token": {"to": "…"}}})
    return feed


def person_feed_actions(user: AbstractBaseUser, *, now: datetime | None = None) -> QuerySet:
    since = (now or timezone.now()) - timedelta(days=PERSON_FEED_PAST_DAYS)
    mine = Q(responsible=user) | Q(campaign__in=CampaignPage.objects.filter(team=user).values("pk"))
    recent = Q(starts_at__gte=since) | Q(ends_at__gte=since)
    return _feed_rows(Action.objects.filter(mine, recent))


def campaign_feed_actions(campaign: CampaignPage) -> QuerySet:
    return _feed_rows(campaign.actions.all())


def _feed_rows(actions: QuerySet) -> QuerySet:
    return actions.select_related("campaign", "channel", "responsible").order_by("starts_at", "pk")


def calendar_bytes(actions: QuerySet, *, name: str) -> bytes:
    """The feed as bytes (CRLF lines, folded at 75 octets, text escaped: all by `icalendar`)."""
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    host = urlsplit(base_url).hostname or "dialog"
    edit_url_name = Action.snippet_viewset.get_url_name("edit")
    kinds, statuses = dict(ActionKind.choices), dict(ActionStatus.choices)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    with translation.override(settings.LANGUAGE_CODE):  # a calendar app sends no language: the installation's one
        for action in actions.iterator(chunk_size=1000):
            calendar.add_component(_event(action, host=host, base_url=base_url, edit_url_name=edit_url_name,
                                          kinds=kinds, statuses=statuses))
    return calendar.to_ical()


def _event(action: Action, *, host: str, base_url: str, edit_url_name: str, kinds: dict, statuses: dict) -> Event:
    start = action.starts_at.astimezone(UTC)
    end = action.ends_at.astimezone(UTC) if action.ends_at and action.ends_at > action.starts_at else start + ONE_OFF_LENGTH
    changed = action.updated_at.astimezone(UTC)
    lines = [
        _("Campaign: %(campaign)s") % {"campaign": action.campaign.title},
        _("Type: %(kind)s") % {"kind": kinds.get(action.kind, action.kind)},
        _("Channel: %(channel)s") % {"channel": action.channel.name if action.channel else "—"},
        _("Status: %(status)s") % {"status": statuses.get(action.status, action.status)},
    ]
    if action.responsible:
        lines.append(_("Responsible: %(person)s") % {"person": action.responsible.get_full_name().strip() or action.responsible.get_username()})
    if action.result_url:
        lines.append(_("Result: %(url)s") % {"url": action.result_url})
    if action.notes:
        lines += ["", action.notes]

    event = Event()
    event.add("uid", f"action-{action.pk}@{host}")
    event.add("dtstamp", changed)
    event.add("last-modified", changed)
    event.add("created", action.created_at.astimezone(UTC))
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", action.title)
    event.add("description", "\n".join(str(line) for line in lines))
    event.add("url", base_url + reverse(edit_url_name, args=[action.pk]))
    event.add("status", "CANCELLED" if action.status == ActionStatus.CANCELLED else "CONFIRMED")
    event.add("transp", "TRANSPARENT")  # a planned post does not make the person busy
    if action.channel:
        event.add("categories", [action.channel.name])
    return event
