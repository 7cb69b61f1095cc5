"""The issue's planning story in a real browser: a coordinator makes a consultation's campaign from the
standard template, hands an action over from the campaign's timeline, and the new owner finds it in "Moje zadania"."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from campaigns.models import Action
from catalog.models import CampaignPage
from tests.factories import ConsultationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WARSAW = ZoneInfo("Europe/Warsaw")


def test_koordynator_plans_from_a_template_and_hands_an_action_over(live_server, page, login, site_tree, axe_check):
    consultation = ConsultationFactory(
        title="Park Zakrzówek", starts_at=dt.datetime(2027, 3, 1, tzinfo=WARSAW), ends_at=dt.datetime(2027, 3, 31, 23, 59, tzinfo=WARSAW)
    )
    UserFactory(username="koordynator", groups=["Koordynator"], first_name="Marek", last_name="Lewandowski")
    redaktor = UserFactory(username="redaktor", groups=["Redaktor"], first_name="Ewelina", last_name="Kamińska")
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

    reminder = Action.objects.get(campaign=campaign, title="Przypomnienie o konsultacjach")
    page.goto(f"{live_server.url}/admin/plany/kampania/{campaign.pk}/os-czasu/?skala=kwartal&data=2027-03-01")
    page.locator(f"#action-{reminder.pk} a[data-quick-edit]").click()
    page.wait_for_url(f"**zmien={reminder.pk}**")
    form = page.locator(f"#action-{reminder.pk} form[data-quick-edit-form]")
    form.locator("select[name=responsible]").select_option(str(redaktor.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/admin/plany/kampania/{campaign.pk}/os-czasu/**")
    assert page.locator(f"#action-{reminder.pk} [data-person]").inner_text() == "Ewelina Kamińska"

    page.context.clear_cookies()
    login(page, "redaktor")
    page.goto(f"{live_server.url}/admin/plany/moje-zadania/")
    assert "Przypomnienie o konsultacjach" in page.locator(f"#action-{reminder.pk}").inner_text()
    assert page.locator("[id^=action-]").count() == 1  # only the action handed over is hers
