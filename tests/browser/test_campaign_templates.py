"""A coordinator plans a consultation's campaign from the standard template, in a real browser."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Action
from catalog.models import CampaignPage
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WARSAW = ZoneInfo("Europe/Warsaw")


def test_koordynator_creates_a_campaign_from_the_standard_template(live_server, page, login, site_tree, axe_check):
    consultation = ConsultationFactory(
        title="Park Zakrzówek", starts_at=dt.datetime(2027, 3, 1, tzinfo=WARSAW), ends_at=dt.datetime(2027, 3, 31, 23, 59, tzinfo=WARSAW)
    )
    UserFactory(username="koordynator", groups=["Koordynator"], first_name="Marek", last_name="Lewandowski")
    login(page, "koordynator")

    page.goto(f"{live_server.url}/admin/plany/nowa-z-szablonu/?consultation={consultation.pk}")
    axe_check(page, "formularz kampanii z szablonu")
    assert page.get_by_label("Konsultacje").input_value() == str(consultation.pk)
    page.get_by_label("Tytuł kampanii").fill("Zakrzówek dla wszystkich")
    page.get_by_role("button", name="Utwórz kampanię").click()
    page.wait_for_url("**/edit/")

    assert "Utworzono kampanię „Zakrzówek dla wszystkich” z szablonu: 9 działań." in page.content()
    campaign = CampaignPage.objects.get(title="Zakrzówek dla wszystkich")
    announcement = Action.objects.get(campaign=campaign, title="Zapowiedź konsultacji")
    assert announcement.starts_at == dt.datetime(2027, 2, 15, 10, tzinfo=WARSAW)
    assert announcement.responsible.username == "koordynator"
