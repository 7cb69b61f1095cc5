"""The planner's warnings appear where staff edit: on a campaign's editor and after saving an action."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from campaigns.models import Action
from tests.factories import ActionFactory, CampaignFactory, ConsultationFactory, UserFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")
TOO_LATE = "musi ruszyć co najmniej 7 dni przed ich otwarciem"


@pytest.fixture
def late_campaign(site_tree):
    consultation = ConsultationFactory(title="Park Zakrzówek", starts_at=dt.datetime(2027, 3, 10, tzinfo=WARSAW), ends_at=dt.datetime(2027, 3, 31, 23, 59, tzinfo=WARSAW))
    campaign = CampaignFactory(title="Zakrzówek", consultation=consultation)
    ActionFactory(campaign=campaign, title="Post startowy", starts_at=dt.datetime(2027, 3, 8, 10, tzinfo=WARSAW))
    return campaign


def test_campaign_editor_lists_the_plan_warnings(client, late_campaign):
    client.force_login(UserFactory(groups=["Koordynator"]))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[late_campaign.pk])).content.decode()
    assert TOO_LATE in html


def test_a_campaign_without_problems_shows_no_warning(client, site_tree):
    campaign = CampaignFactory(title="Bez konsultacji")
    ActionFactory(campaign=campaign)
    client.force_login(UserFactory(groups=["Koordynator"]))
    html = client.get(reverse("wagtailadmin_pages:edit", args=[campaign.pk])).content.decode()
    assert "musi ruszyć" not in html and "zaplanowano przed" not in html


def test_saving_an_action_shows_the_warnings_that_concern_it(client, late_campaign):
    client.force_login(UserFactory(groups=["Koordynator"]))
    action = Action.objects.get(title="Post startowy")
    url = reverse("wagtailsnippets_campaigns_action:edit", args=[action.pk])
    form = {
        "campaign": late_campaign.pk, "title": "Post startowy", "kind": "social_post", "channel": action.channel_id,
        "starts_at": "2027-03-09 10:00", "ends_at": "", "responsible": "", "status": "todo", "notes": "", "result_url": "",
    }
    response = client.post(url, form, follow=True)
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.starts_at == dt.datetime(2027, 3, 9, 10, tzinfo=WARSAW)
    assert TOO_LATE in response.content.decode()
