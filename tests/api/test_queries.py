"""A response costs the same number of queries for a few records as for many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import District
from tests.factories import (
    CampaignFactory,
    ConsultationFactory,
    EventFactory,
    OfferFactory,
    OrganisationFactory,
    ProjectFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

FACTORIES = [ProjectFactory, ConsultationFactory, CampaignFactory, EventFactory, OfferFactory]


def add_records(count_per_type: int) -> None:
    """Records of every type, each with several districts, topics and partners and a responsible unit."""
    districts = list(District.objects.order_by("number")[:3])
    for n in range(count_per_type):
        topics = [TopicFactory(), TopicFactory()]
        partners = [OrganisationFactory(), OrganisationFactory()]
        for factory in FACTORIES:
            factory(
                districts=districts, topics=topics, partners=partners, responsible_unit=partners[0],
                body=f'<p>Opis {n} z <a href="https://example.org/">odnośnikiem</a>.</p>',
            )


def queries(get, *args, **kwargs) -> int:
    get(*args, **kwargs)  # warms the per-process caches (sites, content types)
    with CaptureQueriesContext(connection) as captured:
        response = get(*args, **kwargs)
    assert response.status_code == 200, response.content
    return len(captured)


LISTINGS = [
    ("records", {}),
    ("records", {"district": "stare-miasto", "q": "opis", "type": ["event", "offer"]}),
    ("events", {}),
    ("consultations", {"status": "open", "date_from": "2020-01-01"}),
]


def test_listings_cost_the_same_for_few_and_many_records(api, site_tree):
    add_records(1)
    few = [queries(api, path, page_size=100, **params) for path, params in LISTINGS]
    add_records(2)
    many = [queries(api, path, page_size=100, **params) for path, params in LISTINGS]
    assert many == few
    # /records: view restrictions, count, ids and types, one query per type (5), districts, topics, partners
    assert max(few) <= 12


def test_a_staff_tokens_listing_costs_the_same_for_few_and_many(api, site_tree, staff_token):
    add_records(1)
    few = queries(api, "records", token=staff_token)
    add_records(2)
    assert queries(api, "records", token=staff_token) == few


def test_detail_costs_the_same_however_many_relations_a_record_has(api, site_tree):
    districts = list(District.objects.all())
    plain = EventFactory(districts=districts[:1])
    rich = EventFactory(
        districts=districts, topics=[TopicFactory() for _ in range(5)], partners=[OrganisationFactory() for _ in range(5)],
        responsible_unit=OrganisationFactory(),
    )
    assert queries(api, f"records/{rich.pk}") == queries(api, f"records/{plain.pk}")
