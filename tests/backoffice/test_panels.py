"""Dashboard panels: my records, the next days, records without a responsible person."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from directory.models import Account
from tests.factories import CampaignFactory, ConsultationFactory, EventFactory, OrganisationFactory, UserFactory

from .helpers import edit_url, logged_in

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("wagtailadmin_home")


def panel(html: str, name: str) -> str:
    """The HTML of one dashboard panel."""
    return html.split(f'id="{name}-section"', 1)[1].split("</section>", 1)[0]


def soon(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


@pytest.fixture
def redaktor(site_tree):
    return UserFactory(username="redaktor", groups=["Redaktor"])


def test_panels_say_so_in_polish_when_empty(redaktor):
    html = logged_in(redaktor).get(DASHBOARD).content.decode()
    assert "Nie ma jeszcze rekordów, za które odpowiadasz" in panel(html, "my-records")
    assert "W ciągu najbliższych 14 dni" in panel(html, "upcoming-records")
    assert "Żaden rekord nie zaczyna się ani nie kończy w ciągu najbliższych 14 dni." in panel(html, "upcoming-records")
    assert "Każdy rekord ma osobę odpowiedzialną." in panel(html, "records-without-person")


def test_my_records_are_those_i_am_responsible_for_or_created(redaktor):
    responsible = ConsultationFactory(title="Odpowiadam za to", owner_person=redaktor)
    created = EventFactory(title="Utworzyłam to", user=redaktor, publish=False)
    ConsultationFactory(title="Cudzy rekord", owner_person=UserFactory())

    mine = panel(logged_in(redaktor).get(DASHBOARD).content.decode(), "my-records")
    assert "Cudzy rekord" not in mine
    assert mine.index("Utworzyłam to") < mine.index("Odpowiadam za to"), "most recently changed first"
    assert f'href="{edit_url(responsible)}"' in mine and f'href="{edit_url(created)}"' in mine
    assert "<caption" in mine and '<th scope="col"' in mine and '<th scope="row"' in mine


def test_upcoming_records_start_or_end_in_the_next_days(redaktor):
    CampaignFactory(title="Kończy się za 10 dni", starts_at=soon(-30), ends_at=soon(10))
    ConsultationFactory(title="Zaczyna się za 3 dni", starts_at=soon(3), ends_at=soon(40))
    ConsultationFactory(title="Za 20 dni", starts_at=soon(20), ends_at=soon(41))
    CampaignFactory(title="Już minęła", starts_at=soon(-30), ends_at=soon(-1))

    upcoming = panel(logged_in(redaktor).get(DASHBOARD).content.decode(), "upcoming-records")
    assert upcoming.index("Zaczyna się za 3 dni") < upcoming.index("Kończy się za 10 dni")
    assert "Za 20 dni" not in upcoming and "Już minęła" not in upcoming


def test_upcoming_window_follows_the_setting(redaktor, settings):
    settings.DIALOG_UPCOMING_DAYS = 30
    ConsultationFactory(title="Za 20 dni", starts_at=soon(20), ends_at=soon(41))
    upcoming = panel(logged_in(redaktor).get(DASHBOARD).content.decode(), "upcoming-records")
    assert "W ciągu najbliższych 30 dni" in upcoming and "Za 20 dni" in upcoming


def test_records_without_a_person_are_bounded(redaktor):
    for n in range(12):
        ConsultationFactory(title=f"Bez opiekuna {n:02}")
    ConsultationFactory(title="Z opiekunem", owner_person=redaktor)

    unassigned = panel(logged_in(redaktor).get(DASHBOARD).content.decode(), "records-without-person")
    assert unassigned.count('<th scope="row"') == 10
    assert "Bez opiekuna 11" in unassigned and "Bez opiekuna 00" not in unassigned
    assert "Z opiekunem" not in unassigned


def test_partner_panels_show_only_what_the_partner_may_see(site_tree):
    partner = UserFactory(groups=["Partner"])
    Account.objects.create(user=partner, organisation=(organisation := OrganisationFactory()))
    ConsultationFactory(title="Nasze konsultacje", partners=[organisation], starts_at=soon(2))
    ConsultationFactory(title="Cudze konsultacje", starts_at=soon(2))

    html = logged_in(partner).get(DASHBOARD).content.decode()
    upcoming = panel(html, "upcoming-records")
    assert "Nasze konsultacje" in upcoming and "Cudze konsultacje" not in upcoming
    assert "href=" not in upcoming.split("Nasze konsultacje")[0].rsplit("<tr>", 1)[1], "no edit link without permission"


def test_dashboard_costs_the_same_queries_for_few_and_many_records(redaktor):
    client = logged_in(redaktor)

    def make(count):
        for n in range(count):
            ConsultationFactory(owner_person=redaktor if n % 2 else None, starts_at=soon(1), publish=n % 3 == 0)

    def count_queries() -> int:
        client.get(DASHBOARD)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DASHBOARD).status_code == 200
        return len(queries)

    make(2)
    few = count_queries()
    make(20)
    assert count_queries() == few
