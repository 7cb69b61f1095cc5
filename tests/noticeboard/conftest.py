"""People and a campaign for the noticeboard's tests; the announcement permissions core/roles.py does not grant yet."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission

from core.roles import ADMINISTRATOR, AUTOR, KOORDYNATOR, PARTNER, REDAKTOR
from tests.factories import CampaignFactory, UserFactory

WARSAW = ZoneInfo("Europe/Warsaw")
DAY = dt.date(2030, 3, 12)


def at(day: int, hour: int = 10, month: int = 3) -> dt.datetime:
    return dt.datetime(2030, month, day, hour, tzinfo=WARSAW)


ANNOUNCEMENT_PERMISSIONS = ["add_announcement", "change_announcement", "delete_announcement"]


@pytest.fixture
def roles(site_tree):
    """The groups with what the report asks core/roles.py to add: announcements for Koordynator and Administrator."""
    permissions = Permission.objects.filter(content_type__app_label="noticeboard", codename__in=ANNOUNCEMENT_PERMISSIONS)
    for name in (ADMINISTRATOR, KOORDYNATOR):
        Group.objects.get(name=name).permissions.add(*permissions)
    return {name: Group.objects.get(name=name) for name in (ADMINISTRATOR, KOORDYNATOR, REDAKTOR, AUTOR, PARTNER)}


@pytest.fixture
def people(roles):
    return {
        "koordynator": UserFactory(username="koordynator", first_name="Ewa", last_name="Zielińska", groups=[KOORDYNATOR]),
        "redaktor": UserFactory(username="redaktor", first_name="Piotr", last_name="Wiśniewski", groups=[REDAKTOR]),
        "autor": UserFactory(username="autor", first_name="Ola", last_name="Kamińska", groups=[AUTOR]),
        "owner": UserFactory(username="wlascicielka", first_name="Maria", last_name="Lewandowska", groups=[REDAKTOR]),
        "partner": UserFactory(username="partner", first_name="Jan", last_name="Partnerski", groups=[PARTNER]),
    }


@pytest.fixture
def campaign(people):
    return CampaignFactory(title="Kampania o zieleni", owner_person=people["owner"], publish=False)
