"""Fixtures of the publishing tests: the staff roles and an event the messages are about."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests.factories import EventFactory, UserFactory

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
