"""Helpers of the API tests: a client that can send a token, problem checks and a small catalog."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import APIToken

from core.models import District
from tests.factories import (
    CampaignFactory,
    ConsultationFactory,
    EventFactory,
    OfferFactory,
    OrganisationFactory,
    ProjectFactory,
    TopicFactory,
    UserFactory,
)

MARCH_16_EVENING = dt.datetime(2026, 3, 16, 18, 0, tzinfo=ZoneInfo("Europe/Warsaw"))  # UTC+01:00; April is +02:00


@pytest.fixture(autouse=True)
def _polish_messages(compiled_translations):
    """Every API test may read Polish messages, so the .mo files must be fresh."""


@pytest.fixture
def api(client):
    """GET an API path, optionally with a bearer token."""

    def get(path: str, *, token: str | None = None, **params):
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return client.get(f"/api/v1/{path}", params, headers=headers)

    return get


def token_for(*, groups: list[str] | None = None, **user_fields) -> str:
    user = UserFactory(groups=groups, **user_fields)
    return APIToken.create_token(user=user, name="test")[1]


@pytest.fixture
def staff_token(site_tree) -> str:
    return token_for(groups=["Redaktor"])


def assert_problem(response, status: int) -> dict:
    """An RFC 9457 problem: the right status and media type, and the members every problem has."""
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["type"] == "about:blank"
    assert body["status"] == status
    assert body["title"] and body["detail"]
    return body


def results(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["results"]]


@pytest.fixture
def stare_miasto(site_tree) -> District:
    return District.objects.get(number=1)


@pytest.fixture
def catalog(site_tree, stare_miasto):
    """One published record of each type, with different districts, topics, statuses and dates, plus a draft."""
    start = MARCH_16_EVENING
    podgorze = District.objects.get(number=13)
    greenery = TopicFactory(name="Zieleń", slug="zielen")
    transport = TopicFactory(name="Transport", slug="transport")
    unit = OrganisationFactory(name="Wydział ds. Dialogu Obywatelskiego")
    partner = OrganisationFactory(name="Fundacja Zielone Miasto")
    project = ProjectFactory(
        title="Klimat dla Krakowa", website="https://klimat.example.org", starts_at=start - dt.timedelta(days=60),
        ends_at=start + dt.timedelta(days=300), districts=[stare_miasto, podgorze], topics=[greenery],
    )
    consultation = ConsultationFactory(
        title="Zielone podwórka", body='<p>Opis <b>konsultacji</b> i <a href="/konsultacje/">lista</a>.</p>',
        starts_at=start, ends_at=start + dt.timedelta(days=21), project=project, responsible_unit=unit,
        partners=[partner], districts=[stare_miasto], topics=[greenery],
    )
    return {
        "project": project,
        "consultation": consultation,
        "campaign": CampaignFactory(
            title="Kampania o hałasie", kind="educational", status="running", starts_at=start + dt.timedelta(days=30),
            ends_at=start + dt.timedelta(days=60), districts=[podgorze], topics=[transport],
        ),
        "event": EventFactory(
            title="Spacer badawczy po Podgórzu", event_type="research_walk", consultation=consultation,
            starts_at=start + dt.timedelta(days=3), ends_at=start + dt.timedelta(days=3, hours=2),
            districts=[podgorze], topics=[greenery, transport],
        ),
        "offer": OfferFactory(title="Szkolenie z moderacji", kind="training", starts_at=None, ends_at=None),
        "draft": ConsultationFactory(title="Szkic konsultacji", publish=False, districts=[stare_miasto]),
    }
