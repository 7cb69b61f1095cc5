"""The outbox with a network adapter behind it: the registry finds it, a lost answer goes to a person."""

import pytest
from django.test import override_settings

from publishing import publisher, services
from publishing.models import Delivery, DeliveryStatus
from tests.publishing.helpers import draft_message

from .channels.fake_x import FakeX

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake_x():
    network = FakeX().start()
    with override_settings(DIALOG_CHANNEL_CREDENTIALS={"x": {"api_url": network.base_url, "access_token": network.access_token}}):
        yield network
    network.stop()


def delivery_to_x(people, event, text):
    message = draft_message(event, people["autor"], ("x", text))
    services.publish_in_emergency(message=message, user=people["koordynator"], reason="Pilne.")
    return Delivery.objects.get(message=message)


def test_a_variant_for_x_is_published_once_with_its_address(people, event, fake_x):
    delivery = delivery_to_x(people, event, "Spotkanie o parku 16 marca o 17:30.")

    assert publisher.deliver(delivery.pk) == DeliveryStatus.PUBLISHED
    assert publisher.deliver(delivery.pk) is None  # nothing more is sent
    delivery.refresh_from_db()
    (tweet_id,) = fake_x.tweets
    assert (delivery.external_id, delivery.external_url) == (tweet_id, f"https://x.com/i/web/status/{tweet_id}")


def test_a_lost_answer_from_x_goes_to_a_person_not_to_a_retry(people, event, fake_x):
    delivery = delivery_to_x(people, event, "Spotkanie o parku, zapraszamy.")
    fake_x.drop_next("/2/tweets")

    assert publisher.deliver(delivery.pk) == DeliveryStatus.MANUAL
    delivery.refresh_from_db()
    assert "ConnectionError" in delivery.last_error  # the network's side of the story, for the person who checks
    assert fake_x.access_token not in delivery.last_error
    assert delivery.next_attempt_at is None
