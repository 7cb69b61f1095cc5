"""A coordinator makes a campaign from a template in the back-office; others may not."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from campaigns.models import CampaignTemplate
from catalog.models import CampaignPage
from tests.factories import ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")
URL = reverse("campaigns:campaign_from_template")


@pytest.fixture
def consultation(site_tree):
    return ConsultationFactory(title="Park Zakrzówek", starts_at=dt.datetime(2027, 3, 1, tzinfo=WARSAW), ends_at=dt.datetime(2027, 3, 31, 23, 59, tzinfo=WARSAW))


def test_koordynator_creates_a_campaign_from_the_standard_template(client, consultation):
    koordynator = UserFactory(username="koordynator", groups=["Koordynator"])
    client.force_login(koordynator)
    template = CampaignTemplate.objects.get(name="Standardowa kampania informacyjna konsultacji")
    assert client.get(URL).status_code == 200

    response = client.post(URL, {"template": template.pk, "title": "Zakrzówek dla wszystkich", "consultation": consultation.pk,
                                 "responsible": koordynator.pk}, follow=True)

    campaign = CampaignPage.objects.get(title="Zakrzówek dla wszystkich")
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_pages:edit", args=[campaign.pk])
    assert "Utworzono kampanię „Zakrzówek dla wszystkich” z szablonu: 9 działań." in response.content.decode()
    assert campaign.actions.count() == template.actions.count() == 9
    assert campaign.get_latest_revision().user == koordynator


def test_missing_anchor_period_is_explained_and_creates_nothing(client, site_tree):
    client.force_login(UserFactory(groups=["Koordynator"]))
    template = CampaignTemplate.objects.get()
    response = client.post(URL, {"template": template.pk, "title": "Bez terminów"})
    assert response.status_code == 200
    assert "Wybierz konsultacje z terminami albo podaj początek i koniec okresu odniesienia." in response.content.decode()
    assert not CampaignPage.objects.filter(title="Bez terminów").exists()


def test_end_before_start_is_refused(client, site_tree):
    client.force_login(UserFactory(groups=["Koordynator"]))
    response = client.post(URL, {"template": CampaignTemplate.objects.get().pk, "title": "Odwrotnie", "start": "2027-03-10", "end": "2027-03-01"})
    assert "Koniec nie może być wcześniejszy niż początek." in response.content.decode()
    assert not CampaignPage.objects.filter(title="Odwrotnie").exists()


@pytest.mark.parametrize("role", ["Autor", "Partner"])
def test_roles_that_do_not_plan_are_refused(client, site_tree, role):
    client.force_login(UserFactory(groups=[role]))
    response = client.get(URL)
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail turns the refusal into its "no permission" message
