"""Planner's warnings: each rule fires on the problem it names and stays quiet otherwise."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from campaigns import rules
from campaigns.models import ActionKind, ActionStatus
from campaigns.selectors import plan_actions
from core.models import District
from tests.factories import ActionFactory, CampaignFactory, ChannelFactory, ConsultationFactory, EventFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: int, hour: int = 10, month: int = 3) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, tzinfo=WARSAW)


@pytest.fixture
def consultation(site_tree):
    return ConsultationFactory(title="Park Zakrzówek", starts_at=at(10, 0), ends_at=at(31, 23))


def codes(warnings) -> list[str]:
    return [warning.code for warning in warnings]


def test_campaign_starting_less_than_seven_days_before_the_consultation(consultation):
    campaign = CampaignFactory(consultation=consultation)
    ActionFactory(campaign=campaign, starts_at=at(4))  # 6 days before
    [warning] = rules.campaign_starts_too_late(campaign, plan_actions(campaign))
    assert "co najmniej 7 dni" in warning.message and "Park Zakrzówek" in warning.message


def test_campaign_starting_seven_days_before_is_fine(consultation):
    campaign = CampaignFactory(consultation=consultation)
    ActionFactory(campaign=campaign, starts_at=at(3, 0))
    ActionFactory(campaign=campaign, starts_at=at(1, 9), status=ActionStatus.CANCELLED, title="odwołane")
    assert rules.campaign_starts_too_late(campaign, plan_actions(campaign)) == []


@override_settings(DIALOG_CAMPAIGN_LEAD_DAYS=10)
def test_lead_days_are_a_setting(consultation):
    campaign = CampaignFactory(consultation=consultation)
    ActionFactory(campaign=campaign, starts_at=at(3, 0))
    assert codes(rules.campaign_starts_too_late(campaign, plan_actions(campaign))) == ["campaign_too_late"]


def test_consultation_must_last_21_days(site_tree):
    assert rules.consultation_too_short(ConsultationFactory(starts_at=at(1, 0), ends_at=at(21, 23))) == []
    [warning] = rules.consultation_too_short(ConsultationFactory(starts_at=at(1, 0), ends_at=at(20, 23)))
    assert "20" in warning.message and "21" in warning.message


def test_promoting_a_closed_consultation_warns_but_a_report_does_not(consultation):
    campaign = CampaignFactory(consultation=consultation)
    late = ActionFactory(campaign=campaign, starts_at=at(2, month=4), title="Spóźniony post")
    ActionFactory(campaign=campaign, starts_at=at(20, month=4), title="Raport", reports_results=True)
    ActionFactory(campaign=campaign, starts_at=at(20), title="W trakcie")
    [warning] = rules.promotes_closed_consultation(plan_actions(campaign))
    assert warning.action_ids == (late.pk,) and "Spóźniony post" in warning.message


def test_an_action_before_the_one_it_depends_on(site_tree):
    campaign = CampaignFactory()
    press = ActionFactory(campaign=campaign, starts_at=at(10), ends_at=at(12), title="Komunikat", kind=ActionKind.PRESS_RELEASE)
    post = ActionFactory(campaign=campaign, starts_at=at(11), title="Post", depends_on=[press])
    ActionFactory(campaign=campaign, starts_at=at(12, 11), title="Artykuł", depends_on=[press])
    [warning] = rules.dependencies_out_of_order(plan_actions(campaign))
    assert warning.action_ids == (post.pk, press.pk)


def test_too_many_posts_on_one_channel_on_one_day(site_tree):
    campaign = CampaignFactory()
    facebook, newsletter = ChannelFactory(name="Facebook testowy"), ChannelFactory(name="Newsletter testowy", daily_post_limit=1)
    for hour in (8, 10, 12, 14):
        ActionFactory(campaign=campaign, channel=facebook, starts_at=at(5, hour))
    ActionFactory(campaign=campaign, channel=facebook, starts_at=at(6, 9))
    ActionFactory(campaign=campaign, channel=newsletter, starts_at=at(6, 9))
    ActionFactory(campaign=campaign, channel=newsletter, starts_at=at(6, 15), status=ActionStatus.CANCELLED)
    [warning] = rules.crowded_channel_days(plan_actions(campaign))
    assert "4 posty" in warning.message and "Facebook testowy" in warning.message and "5 marca 2027" in warning.message
    ActionFactory(campaign=campaign, channel=newsletter, starts_at=at(6, 16))
    assert len(rules.crowded_channel_days(plan_actions(campaign))) == 2


def test_two_events_in_one_district_at_the_same_time(site_tree):
    podgorze, debniki = District.objects.get(number=13), District.objects.get(number=8)
    first = EventFactory(title="Spacer", districts=[podgorze], starts_at=at(5, 17), ends_at=at(5, 19))
    second = EventFactory(title="Warsztaty", districts=[podgorze, debniki], starts_at=at(5, 18), ends_at=at(5, 20))
    EventFactory(title="Piknik", districts=[debniki], starts_at=at(6, 18), ends_at=at(6, 20))
    EventFactory(title="Wieczór", districts=[podgorze], starts_at=at(5, 19), ends_at=at(5, 21))  # starts as "Spacer" ends
    from campaigns.selectors import events_between

    warnings = rules.overlapping_events(events_between(at(1), at(30)))
    pairs = {warning.record_ids for warning in warnings}
    assert (first.pk, second.pk) in pairs
    assert all("Piknik" not in warning.message for warning in warnings)
    assert not any(first.pk in ids and ids != (first.pk, second.pk) for ids in pairs)
