"""Attendance by district of residence: on an event's list and for all events of a period (table and CSV)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from events import selectors
from events.models import RegistrationStatus
from tests.factories import DistrictFactory, UserFactory

from .factories import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, site_tree):
    client.force_login(UserFactory(username="redaktorka", groups=["Redaktor"]))
    return client


def ended_event(days_ago: int, **kwargs):
    starts = timezone.now() - dt.timedelta(days=days_ago)
    return RegistrationSettingsFactory(event__starts_at=starts, event__ends_at=starts + dt.timedelta(hours=2), **kwargs).event


def people(event, district, *, attended: int, absent: int = 0, waiting: int = 0):
    now = timezone.now()
    RegistrationFactory.create_batch(attended, event=event, district=district, checked_in_at=now)
    RegistrationFactory.create_batch(absent, event=event, district=district)
    RegistrationFactory.create_batch(waiting, event=event, district=district, status=RegistrationStatus.WAITING)


def test_attendance_per_district_of_residence(site_tree):
    krowodrza, podgorze = DistrictFactory(number=5, name="Krowodrza"), DistrictFactory(number=13, name="Podgórze")
    event = ended_event(3)
    people(event, podgorze, attended=2, absent=1)
    people(event, krowodrza, attended=1, waiting=2)
    people(event, None, attended=0, absent=2)
    rows = {row.district: row.attendance for row in selectors.event_attendance_by_home_district(event)}
    assert list(rows) == ["Krowodrza", "Podgórze", ""]  # by the district's number, "not given" last
    assert (rows["Podgórze"].registered, rows["Podgórze"].attended, rows["Podgórze"].no_shows) == (3, 2, 1)
    assert (rows["Krowodrza"].registered, rows["Krowodrza"].waiting, rows["Krowodrza"].no_shows) == (1, 2, 0)
    assert (rows[""].registered, rows[""].no_shows) == (2, 2)


def test_period_counts_only_ended_events_that_started_in_it(site_tree):
    district = DistrictFactory(name="Bieżanów-Prokocim")
    inside, too_old = ended_event(5), ended_event(60)
    future = RegistrationSettingsFactory().event
    for event in (inside, too_old, future):
        people(event, district, attended=1, absent=1)
    today = timezone.localdate()
    statistics = selectors.period_statistics(today - dt.timedelta(days=30), today)
    assert [event.pk for event in statistics.events] == [inside.pk]
    assert (statistics.events[0].registered, statistics.events[0].attended, statistics.events[0].no_shows) == (2, 1, 1)
    assert [(row.district, row.attendance.registered, row.attendance.no_shows) for row in statistics.districts] == [
        ("Bieżanów-Prokocim", 2, 1)
    ]
    assert (statistics.total.registered, statistics.total.attended) == (2, 1)


def test_event_list_shows_the_district_table(staff_client, site_tree, compiled_translations):
    event = ended_event(2)
    people(event, DistrictFactory(name="Dębniki"), attended=1, absent=1)
    html = staff_client.get(reverse("events_admin:registrations", args=[event.pk])).content.decode()
    assert "Obecność według dzielnicy zamieszkania" in html
    assert '<th scope="row">Dębniki</th><td>2</td>' in html


def test_period_page_table_csv_and_bad_dates(staff_client, site_tree, compiled_translations):
    event = ended_event(2, event__title="Spacer po Dębnikach")
    people(event, DistrictFactory(name="Dębniki"), attended=2, absent=1)
    url = reverse("events_admin:statistics")
    html = staff_client.get(url).content.decode()  # the last 90 days by default
    assert "Spacer po Dębnikach" in html and '<th scope="row">Dębniki</th><td>3</td>' in html
    today = timezone.localdate().isoformat()
    response = staff_client.get(url, {"start": "2000-01-01", "end": today, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Dzielnica zamieszkania;Zapisani (potwierdzeni);Obecni;Nieobecni"
    assert lines[1:] == ["Dębniki;3;2;1", "Razem;3;2;1"]
    bad = staff_client.get(url, {"start": today, "end": "2000-01-01"})
    assert bad.status_code == 400 and "Ostatni dzień nie może" in bad.content.decode()


def test_period_page_is_for_staff_only(client, site_tree):
    client.force_login(UserFactory(username="partner", groups=["Partner"]))
    assert client.get(reverse("events_admin:statistics")).status_code == 404


def test_period_page_query_count_does_not_grow(staff_client, site_tree, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("events_admin:statistics")
    people(ended_event(2), DistrictFactory(), attended=1)
    staff_client.get(url)
    with CaptureQueriesContext(connection) as few:
        staff_client.get(url)
    for days in (3, 4, 5):
        people(ended_event(days), DistrictFactory(), attended=2, absent=1)
    with django_assert_max_num_queries(len(few)):
        assert staff_client.get(url).status_code == 200
