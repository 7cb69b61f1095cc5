"""iCalendar feeds of campaign plans (campaigns.feeds), checked with `icalendar` and with `vobject`, an independent parser."""

from datetime import UTC, datetime, timedelta

import pytest
import vobject
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import ModelLogEntry

from campaigns import feeds
from campaigns.models import ActionStatus, CalendarFeed
from campaigns.services import update_action
from tests.factories import ActionFactory, CampaignFactory, ChannelFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 5, 9, 30, tzinfo=UTC)
TRICKY = "Post; „cudzysłów”, przecinek\\ukośnik — zażółć gęślą jaźń " + "długi tytuł " * 8


def ical(actions, name="Plan") -> bytes:
    return feeds.calendar_bytes(actions, name=name)


def events(body: bytes) -> dict[str, object]:
    return {str(event["UID"]): event for event in Calendar.from_ical(body).walk("VEVENT")}


@pytest.fixture
def plan(site_tree):
    person = UserFactory(username="anowak", groups=["Redaktor"])
    campaign = CampaignFactory(title="Kampania; Łąki, Nowohuckie")
    channel = ChannelFactory(name="Facebook testowy", slug="fb-testowy")
    one_off = ActionFactory(campaign=campaign, title=TRICKY, channel=channel, starts_at=START, responsible=person,
                            notes="Uwaga 1\nUwaga 2; z przecinkiem, i średnikiem")
    lasting = ActionFactory(campaign=campaign, title="Plakaty", channel=None, starts_at=START, ends_at=START + timedelta(days=14),
                            status=ActionStatus.CANCELLED, result_url="https://example.org/plakat")
    return person, campaign, one_off, lasting


def test_feed_is_valid_for_icalendar(plan, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://dialog.example.org"
    _person, campaign, one_off, lasting = plan
    body = ical(feeds.campaign_feed_actions(campaign))
    calendar = Calendar.from_ical(body)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"] == feeds.PRODID
    found = events(body)
    assert set(found) == {f"action-{one_off.pk}@dialog.example.org", f"action-{lasting.pk}@dialog.example.org"}

    event = found[f"action-{one_off.pk}@dialog.example.org"]
    assert str(event["SUMMARY"]) == TRICKY
    assert event.decoded("DTSTART") == START
    assert event.decoded("DTEND") == START + feeds.ONE_OFF_LENGTH
    assert event.decoded("DTSTAMP") == event.decoded("LAST-MODIFIED") == one_off.updated_at.replace(microsecond=0)
    assert str(event["URL"]) == f"https://dialog.example.org/admin/snippets/campaigns/action/edit/{one_off.pk}/"
    description = str(event["DESCRIPTION"])
    assert "Kampania; Łąki, Nowohuckie" in description and "Facebook testowy" in description
    assert description.endswith("Uwaga 1\nUwaga 2; z przecinkiem, i średnikiem")
    assert str(event["STATUS"]) == "CONFIRMED"

    cancelled = found[f"action-{lasting.pk}@dialog.example.org"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert cancelled.decoded("DTEND") == START + timedelta(days=14)
    assert "https://example.org/plakat" in str(cancelled["DESCRIPTION"])


def test_feed_is_valid_for_vobject(plan):
    _person, campaign, one_off, lasting = plan
    calendar = vobject.readOne(ical(feeds.campaign_feed_actions(campaign)).decode("utf-8"), validate=True)
    parsed = {event.uid.value: event for event in calendar.vevent_list}
    assert len(parsed) == 2
    (event,) = [e for uid, e in parsed.items() if uid.startswith(f"action-{one_off.pk}@")]
    assert event.summary.value == TRICKY
    assert event.dtstart.value == START and event.dtend.value == START + feeds.ONE_OFF_LENGTH
    assert event.description.value.endswith("Uwaga 2; z przecinkiem, i średnikiem")
    (cancelled,) = [e for uid, e in parsed.items() if uid.startswith(f"action-{lasting.pk}@")]
    assert cancelled.status.value == "CANCELLED"
    for event in parsed.values():
        for required in ("dtstamp", "last_modified", "url", "description"):
            assert hasattr(event, required), required


def test_lines_end_with_crlf_and_are_folded_at_75_octets(plan):
    _person, campaign, _one_off, _lasting = plan
    body = ical(feeds.campaign_feed_actions(campaign))
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long title really was folded


def test_uid_stays_the_same_when_the_action_changes(plan):
    person, campaign, one_off, _lasting = plan
    before = {uid for uid in events(ical(feeds.campaign_feed_actions(campaign)))}
    update_action(action=one_off, user=person, title="Nowy tytuł", starts_at=START + timedelta(days=1))
    after = events(ical(feeds.campaign_feed_actions(campaign)))
    assert set(after) == before
    changed = next(e for uid, e in after.items() if uid.startswith(f"action-{one_off.pk}@"))
    assert str(changed["SUMMARY"]) == "Nowy tytuł"


def test_person_feed_has_my_actions_and_my_teams_campaigns(site_tree):
    me, colleague = UserFactory(groups=["Redaktor"]), UserFactory(groups=["Redaktor"])
    mine_elsewhere = ActionFactory(campaign=CampaignFactory(), responsible=me)
    team_campaign = CampaignFactory()
    team_campaign.team.add(me)
    team_campaign.save()  # a ParentalManyToManyField writes on save
    teams = ActionFactory(campaign=team_campaign, responsible=colleague)
    ActionFactory(campaign=CampaignFactory(), responsible=colleague)  # neither mine nor my team's
    ActionFactory(campaign=CampaignFactory(), responsible=me, starts_at=timezone.now() - timedelta(days=feeds.PERSON_FEED_PAST_DAYS + 1))
    still_running = ActionFactory(campaign=CampaignFactory(), responsible=me, starts_at=timezone.now() - timedelta(days=200),
                                  ends_at=timezone.now() + timedelta(days=1))
    assert set(feeds.person_feed_actions(me)) == {mine_elsewhere, teams, still_running}


def test_feed_owner_only_for_active_staff(site_tree):
    staff = UserFactory(groups=["Autor"])
    partner = UserFactory(groups=["Partner"])
    leaver = UserFactory(groups=["Koordynator"], is_active=False)
    tokens = {user: feeds.renew_feed_token(user=user).token for user in (staff, partner, leaver)}
    assert feeds.feed_owner(tokens[staff]) == staff
    assert feeds.feed_owner(tokens[partner]) is None
    assert feeds.feed_owner(tokens[leaver]) is None
    assert feeds.feed_owner("x" * 43) is None


def test_renewing_revokes_the_old_token_and_logs_without_it(site_tree):
    user = UserFactory(groups=["Redaktor"])
    first = feeds.renew_feed_token(user=user).token
    second = feeds.renew_feed_token(user=user).token
    assert first != second and len(second) >= 40
    assert CalendarFeed.objects.filter(user=user).count() == 1
    assert feeds.feed_owner(first) is None and feeds.feed_owner(second) == user
    entries = ModelLogEntry.objects.filter(content_type__model="calendarfeed", user=user)
    assert list(entries.values_list("action", flat=True).order_by("timestamp", "pk")) == ["wagtail.create", "wagtail.edit"]
    assert all(first not in str(entry.data) and second not in str(entry.data) for entry in entries)
