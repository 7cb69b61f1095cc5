"""Results of posts: read from the network where it tells, typed in otherwise, summed per campaign."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from catalog.models import CampaignGoal
from publishing import metrics, publisher, services
from publishing.models import Delivery, DeliveryMetrics, DeliveryStatus, MetricsSource
from tests.backoffice.helpers import logged_in
from tests.factories import CampaignFactory
from tests.publishing.helpers import draft_message

pytestmark = pytest.mark.django_db
PAGE = "/admin/komunikaty/wysylki/"


def published_delivery(people, record, channel="facebook", text="Spotkanie o parku 16 marca o 17:30."):
    message = draft_message(record, people["autor"], (channel, text))
    services.publish_in_emergency(message=message, user=people["koordynator"], reason="Pilne.")
    delivery = Delivery.objects.get(message=message)
    publisher.deliver(delivery.pk)
    delivery.refresh_from_db()
    if delivery.status == DeliveryStatus.MANUAL:
        publisher.mark_published_by_hand(delivery=delivery, user=people["redaktor"], url="https://www.facebook.com/post/1")
        delivery.refresh_from_db()
    return delivery


@pytest.fixture
def campaign(event):
    campaign = CampaignFactory(title="Kampania o parku Reduta")
    campaign.events.add(event)
    campaign.save_revision().publish()
    CampaignGoal.objects.create(campaign=campaign, name="Zasięg w sieciach", target=5000, unit="osób")
    return campaign


def test_typed_results_are_kept_and_logged_and_bad_numbers_change_nothing(people, event, compiled_translations):
    delivery = published_delivery(people, event)
    client = logged_in(people["redaktor"])
    url = reverse("publishing:delivery_action", args=[delivery.pk, "wyniki"])
    response = client.post(url, {"reach": "-5", "reactions": "abc"})
    assert response.status_code == 302
    assert "Nic nie zmieniono" in [str(m) for m in get_messages(response.wsgi_request)][0]
    assert not DeliveryMetrics.objects.exists()

    client.post(url, {"reach": "1200", "reactions": "", "clicks": "45"})
    saved = DeliveryMetrics.objects.get(delivery=delivery)
    assert (saved.reach, saved.reactions, saved.clicks, saved.source) == (1200, None, 45, MetricsSource.TYPED)
    assert saved.measured_by == people["redaktor"]
    entry = ModelLogEntry.objects.get(action="publishing.delivery_metrics_recorded")
    assert (entry.object_id, entry.user, entry.data["reach"]) == (str(delivery.message_id), people["redaktor"], 1200)
    client.post(url, {"reactions": "30"})  # an empty field keeps the number typed before
    saved.refresh_from_db()
    assert (saved.reach, saved.reactions, saved.clicks) == (1200, 30, 45)


def test_results_only_for_published_posts(people, event):
    message = draft_message(event, people["autor"], ("facebook", "Tekst."))
    services.publish_in_emergency(message=message, user=people["koordynator"], reason="Pilne.")
    delivery = Delivery.objects.get(message=message)
    with pytest.raises(ValidationError):
        metrics.record(delivery=delivery, user=people["redaktor"], reach=1, reactions=None, clicks=None)


@override_settings(DIALOG_CHANNEL_CREDENTIALS={})
def test_reading_from_the_network_keeps_what_staff_typed(people, event, fake_mastodon):
    with override_settings(DIALOG_CHANNEL_CREDENTIALS={"mastodon": {
            "base_url": fake_mastodon.base_url, "access_token": fake_mastodon.access_token}}):
        delivery = published_delivery(people, event, channel="mastodon", text="Spotkanie o parku.")
        assert delivery.status == DeliveryStatus.PUBLISHED
        metrics.record(delivery=delivery, user=people["redaktor"], reach=900, reactions=1, clicks=None)
        fake_mastodon.statuses[delivery.external_id].update(favourites_count=8, reblogs_count=2)
        assert metrics.due_for_refresh(now=timezone.now()) == [delivery.pk]
        refreshed = metrics.refresh(delivery)
    assert (refreshed.reach, refreshed.reactions) == (900, 10)
    assert metrics.due_for_refresh(now=timezone.now() + timedelta(days=31)) == []
    manual = published_delivery(people, event)
    assert metrics.refresh(manual) is None  # a channel posted by hand tells nothing


def test_a_campaign_sums_the_posts_about_it_and_its_events(people, event, campaign, compiled_translations):
    about_event = published_delivery(people, event)
    about_campaign = published_delivery(people, campaign, text="Kampania startuje.")
    published_delivery(people, CampaignFactory(title="Inna kampania"), text="Inna.")
    metrics.record(delivery=about_event, user=people["redaktor"], reach=1000, reactions=20, clicks=5)
    metrics.record(delivery=about_campaign, user=people["redaktor"], reach=500, reactions=None, clicks=None)
    totals = metrics.campaign_totals(campaign)
    assert (totals.posts, totals.measured, totals.reach, totals.reactions, totals.clicks) == (2, 2, 1500, 20, 5)

    html = logged_in(people["redaktor"]).get(PAGE, {"kampania": campaign.pk}).content.decode()
    assert "Wyniki „Kampania o parku Reduta”" in html
    assert "<td>1500</td><td>20</td><td>5</td>" in html
    assert "Zasięg w sieciach" in html and "5000 osób" in html
    assert "Inna." not in html
