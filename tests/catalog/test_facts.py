"""A record's fact sheet (catalog.facts) and the check of a message against it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from catalog.facts import fact_sheet
from core.fact_check import check
from tests.factories import ConsultationFactory, EventFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def test_a_consultation_sheet_has_its_days_and_its_meetings(site_tree):
    consultation = ConsultationFactory(
        title="Konsultacje parku Reduta",
        starts_at=dt.datetime(2027, 3, 1, tzinfo=WARSAW), ends_at=dt.datetime(2027, 3, 31, tzinfo=WARSAW),
    )
    EventFactory(
        title="Spotkanie otwarte", consultation=consultation, venue_name="Centrum Obywatelskie",
        venue_address="ul. Reymonta 20, Kraków", online_url="https://meet.example.org/reduta",
        starts_at=dt.datetime(2027, 3, 16, 17, 30, tzinfo=WARSAW), ends_at=dt.datetime(2027, 3, 16, 19, 0, tzinfo=WARSAW),
    )
    EventFactory(title="Szkic", consultation=consultation, publish=False, starts_at=dt.datetime(2027, 3, 20, 10, tzinfo=WARSAW))

    facts = fact_sheet(consultation)

    assert facts.dates == {dt.date(2027, 3, 1), dt.date(2027, 3, 31), dt.date(2027, 3, 16)}  # not the draft's 20 March
    assert facts.times == {dt.time(17, 30), dt.time(19, 0)}  # midnight is "the whole day", not a time
    assert facts.places == ("Centrum Obywatelskie, ul. Reymonta 20, Kraków",)
    assert consultation.full_url in facts.urls and "https://meet.example.org/reduta" in facts.urls

    post = f"Spotkanie 16 marca o 17:30 przy ul. Reymonta 20, uwagi do 31 marca: {consultation.full_url}"
    assert check(post, facts) == []
    assert [f.code for f in check("Spotkanie 17 marca o 18:00 przy ul. Długiej 1.", facts)] == [
        "date_mismatch", "time_mismatch", "place_mismatch",
    ]


def test_an_event_sheet_includes_its_consultation(site_tree):
    consultation = ConsultationFactory(starts_at=dt.datetime(2027, 3, 1, tzinfo=WARSAW), ends_at=dt.datetime(2027, 3, 31, tzinfo=WARSAW))
    event = EventFactory(consultation=consultation, starts_at=dt.datetime(2027, 3, 16, 17, 30, tzinfo=WARSAW))
    facts = fact_sheet(event)
    assert {dt.date(2027, 3, 16), dt.date(2027, 3, 31)} <= facts.dates
    assert event.full_url in facts.urls and consultation.full_url in facts.urls
