"""Actions and templates in the back-office: who may list, add and filter them."""

import pytest
from django.urls import reverse

from core.models import District
from tests.factories import ActionFactory, CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db
ACTIONS = reverse("wagtailsnippets_campaigns_action:list")


@pytest.fixture
def plan(site_tree):
    podgorze = District.objects.get(number=13)
    ActionFactory(title="Plakaty w Podgórzu", campaign=CampaignFactory(districts=[podgorze]))
    ActionFactory(title="Post o Nowej Hucie", campaign=CampaignFactory(districts=[District.objects.get(number=18)]))
    return podgorze


def test_koordynator_lists_and_filters_actions_by_district(client, plan):
    client.force_login(UserFactory(groups=["Koordynator"]))
    html = client.get(ACTIONS).content.decode()
    assert "Plakaty w Podgórzu" in html and "Post o Nowej Hucie" in html
    html = client.get(ACTIONS, {"district": plan.pk}).content.decode()
    assert "Plakaty w Podgórzu" in html and "Post o Nowej Hucie" not in html


def test_autor_sees_actions_but_may_not_add_them(client, plan):
    client.force_login(UserFactory(groups=["Autor"]))
    assert client.get(ACTIONS).status_code == 200
    assert client.get(reverse("wagtailsnippets_campaigns_action:add")).status_code == 302  # Wagtail's "no permission"


def test_partner_sees_no_plans(client, plan):
    client.force_login(UserFactory(groups=["Partner"]))
    assert client.get(ACTIONS).status_code == 302


def test_templates_are_edited_by_coordinators_only(client, site_tree):
    url = reverse("wagtailsnippets_campaigns_campaigntemplate:add")
    client.force_login(UserFactory(groups=["Redaktor"]))
    assert client.get(url).status_code == 302
    client.force_login(UserFactory(groups=["Koordynator"]))
    assert client.get(url).status_code == 200
