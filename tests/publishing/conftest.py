"""Fixtures of the publishing tests: the staff roles, an event the messages are about, the fake networks."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.factories import EventFactory, UserFactory

from .channels.fake_bluesky import FakeBluesky
from .channels.fake_mastodon import FakeMastodon

WARSAW = ZoneInfo("Europe/Warsaw")


@pytest.fixture
def people(site_tree):
    return {
        "autor": UserFactory(username="autor", groups=["Autor"]),
        "redaktor": UserFactory(username="redaktor", groups=["Redaktor"]),
        "koordynator": UserFactory(username="koordynator", groups=["Koordynator"]),
        "koordynator2": UserFactory(username="koordynator2", groups=["Koordynator"]),
    }


@pytest.fixture
def event(site_tree):
    return EventFactory(
        title="Spotkanie o parku Reduta", venue_name="Centrum Obywatelskie", venue_address="ul. Reymonta 20, Kraków",
        starts_at=dt.datetime(2030, 3, 16, 17, 30, tzinfo=WARSAW), ends_at=dt.datetime(2030, 3, 16, 19, 0, tzinfo=WARSAW),
    )


@pytest.fixture
def fake_mastodon():
    network = FakeMastodon().start()
    yield network
    network.stop()


@pytest.fixture
def fake_bluesky():
    network = FakeBluesky().start()
    yield network
    network.stop()
