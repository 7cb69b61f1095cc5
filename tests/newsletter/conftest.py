import pytest
from django.utils import timezone

from newsletter.models import Subscriber, SubscriberStatus
from tests.factories import DistrictFactory, TopicFactory


@pytest.fixture
def topics(db):
    return {"zielen": TopicFactory(name="Zieleń testowa", slug="zielen-testowa"), "transport": TopicFactory(name="Transport testowy", slug="transport-testowy")}


@pytest.fixture
def districts(db):
    return {"nowa-huta": DistrictFactory(number=118, name="Nowa Huta testowa", slug="nowa-huta-testowa"),
            "krowodrza": DistrictFactory(number=105, name="Krowodrza testowa", slug="krowodrza-testowa")}


@pytest.fixture
def active_subscriber(db):
    """An address that confirmed its subscription, with or without topics and districts."""

    def make(email: str, *, topics=(), districts=(), language: str = "pl") -> Subscriber:
        subscriber = Subscriber.objects.create(email=email, status=SubscriberStatus.ACTIVE, language=language,
                                               confirmed_at=timezone.now())
        subscriber.topics.set(topics)
        subscriber.districts.set(districts)
        return subscriber

    return make
