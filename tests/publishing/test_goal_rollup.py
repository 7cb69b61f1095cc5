"""A campaign's KPIs fed from its posts' results: goals that name a metric follow the sums, the rest stay typed."""

from decimal import Decimal

import pytest
from django.test import override_settings

from catalog.models import CampaignGoal, CampaignPage
from publishing import metrics
from publishing.models import DeliveryStatus
from tests.factories import CampaignFactory
from tests.publishing.test_metrics import published_delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(event):
    campaign = CampaignFactory(title="Kampania o parku Reduta")
    campaign.events.add(event)
    campaign.save_revision().publish()
    return campaign


def goal(campaign, name, metric="", actual=None):
    return CampaignGoal.objects.create(campaign=campaign, name=name, target=1000, metric=metric, actual=actual)


def actual(goal_row) -> Decimal | None:
    goal_row.refresh_from_db()
    return goal_row.actual


@pytest.fixture
def mastodon(fake_mastodon):
    with override_settings(DIALOG_CHANNEL_CREDENTIALS={"mastodon": {
            "base_url": fake_mastodon.base_url, "access_token": fake_mastodon.access_token}}):
        yield fake_mastodon


def test_reading_results_feeds_the_goals_that_name_a_metric(people, event, campaign, mastodon):
    reactions = goal(campaign, "Reakcje", metric="reactions")
    reach = goal(campaign, "Zasięg", metric="reach")
    typed = goal(campaign, "Zapisy na spacer", actual=Decimal("12"))
    other_campaign = CampaignFactory(title="Inna kampania")
    elsewhere = goal(other_campaign, "Reakcje gdzie indziej", metric="reactions", actual=Decimal("3"))
    delivery = published_delivery(people, event, channel="mastodon", text="Spotkanie o parku.")
    assert delivery.status == DeliveryStatus.PUBLISHED
    mastodon.statuses[delivery.external_id].update(favourites_count=8, reblogs_count=2, replies_count=1)

    metrics.refresh(delivery)

    assert actual(reactions) == 11
    assert actual(reach) == 0  # the sum so far: Mastodon tells no reach and nobody typed one
    assert actual(typed) == 12  # a goal without a metric stays as typed
    assert actual(elsewhere) == 3  # another campaign's goals are not touched


def test_typed_results_feed_the_goals_and_a_later_reading_keeps_them(people, event, campaign, mastodon):
    reach = goal(campaign, "Zasięg", metric="reach")
    clicks = goal(campaign, "Kliknięcia", metric="clicks")
    reactions = goal(campaign, "Reakcje", metric="reactions")
    about_event = published_delivery(people, event, channel="mastodon", text="Spotkanie o parku.")
    about_campaign = published_delivery(people, campaign, text="Kampania startuje.")  # posted by hand

    metrics.record(delivery=about_campaign, user=people["redaktor"], reach=500, reactions=None, clicks=7)
    assert (actual(reach), actual(clicks), actual(reactions)) == (500, 7, 0)

    metrics.record(delivery=about_event, user=people["redaktor"], reach=900, reactions=None, clicks=None)
    mastodon.statuses[about_event.external_id].update(favourites_count=4)
    metrics.refresh(about_event)
    assert (actual(reach), actual(clicks), actual(reactions)) == (1400, 7, 4)


def test_publishing_the_campaign_again_does_not_undo_the_roll_up(people, event, campaign, mastodon):
    reactions = goal(campaign, "Reakcje", metric="reactions")
    typed = goal(campaign, "Zapisy", actual=Decimal("5"))
    revision = CampaignPage.objects.get(pk=campaign.pk).save_revision()  # holds actual=None for the fed goal
    revision.publish()
    CampaignGoal.objects.filter(pk=typed.pk).update(actual=Decimal("8"))
    delivery = published_delivery(people, event, channel="mastodon", text="Spotkanie o parku.")
    mastodon.statuses[delivery.external_id].update(favourites_count=6)
    metrics.refresh(delivery)
    assert actual(reactions) == 6

    revision.publish()  # an editor publishes the older revision again

    assert actual(reactions) == 6  # fed from the posts, not from the revision
    assert actual(typed) == 5  # typed, as the revision has it


def test_a_goal_given_a_metric_gets_its_sum_when_the_campaign_is_published(people, event, campaign, compiled_translations):
    from wagtail.signals import page_published

    about_campaign = published_delivery(people, campaign, text="Kampania startuje.")
    metrics.record(delivery=about_campaign, user=people["redaktor"], reach=300, reactions=None, clicks=None)
    page = CampaignPage.objects.get(pk=campaign.pk)
    page.goals.add(CampaignGoal(name="Zasięg", target=1000, metric="reach", actual=Decimal("1")))  # as the editor's form saves it
    page_published.connect(metrics.on_campaign_published, sender=CampaignPage, dispatch_uid="test-goals")
    try:
        page.save_revision().publish()
    finally:
        page_published.disconnect(sender=CampaignPage, dispatch_uid="test-goals")
    assert CampaignGoal.objects.get(campaign=campaign, name="Zasięg").actual == 300
