"""The cost of each page stays the same as records pile up (few vs many records, identical query counts)."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import District
from newsroom.models import NewsPage
from newsroom.services import create_news_item
from tests.factories import CampaignFactory, ConsultationFactory, EventFactory, OfferFactory, ProjectFactory

from .records import attach_document, link_records

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 25
MAX_QUERIES = 15  # the budget, for a page served with the per-process caches (menu, branding) filled
MAX_QUERIES_COLD = 30  # the first request after a deploy or a publish also fills those caches

FACTORIES = {
    "/konsultacje/": ConsultationFactory,
    "/wydarzenia/": EventFactory,
    "/projekty/": ProjectFactory,
    "/kampanie/": CampaignFactory,
    "/oferta/": OfferFactory,
}


def count_queries(client, url: str) -> int:
    """Queries of a request with a warm cache; the first request, with an empty cache, must stay in budget too."""
    cache.clear()
    for budget in (MAX_QUERIES_COLD, MAX_QUERIES):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(queries) <= budget, "\n".join(q["sql"] for q in queries.captured_queries)
    return len(queries)


def add_records(factory, n: int, topic) -> list:
    districts = list(District.objects.order_by("number")[:3])
    return [factory(districts=districts, topics=[topic]) for _ in range(n)]


@pytest.mark.parametrize("url", FACTORIES)
def test_listing_cost_does_not_grow_with_records(client, site_tree, topic, url):
    add_records(FACTORIES[url], FEW, topic)
    few = count_queries(client, url)
    add_records(FACTORIES[url], MANY - FEW, topic)
    assert count_queries(client, url) == few


def test_filtered_listing_cost_does_not_grow_with_records(client, site_tree, topic):
    url = "/konsultacje/?district=stare-miasto&topic=zielen&status=open&date_from=2020-01-01&sort=title&q=konsultacje"
    add_records(ConsultationFactory, FEW, topic)
    few = count_queries(client, url)
    add_records(ConsultationFactory, MANY - FEW, topic)
    assert count_queries(client, url) == few


def add_news(n: int) -> None:
    for _ in range(n):
        number = NewsPage.objects.count()
        create_news_item(title=f"Aktualność {number}", lead="Krótko.", body_paragraphs=["Treść."], day=dt.date(2026, 11, 1),
                         delivery_key=f"news-{number}")


def test_home_cost_does_not_grow_with_records(client, site_tree, topic):
    for factory in (ConsultationFactory, EventFactory, OfferFactory):
        add_records(factory, FEW, topic)
    add_news(FEW)
    few = count_queries(client, "/")
    for factory in (ConsultationFactory, EventFactory, OfferFactory):
        add_records(factory, MANY - FEW, topic)
    add_news(MANY - FEW)
    assert count_queries(client, "/") == few


def test_search_cost_does_not_grow_with_records(client, site_tree, topic):
    add_records(EventFactory, FEW, topic)
    few = count_queries(client, "/szukaj/?q=wydarzenie")
    add_records(EventFactory, MANY - FEW, topic)
    assert count_queries(client, "/szukaj/?q=wydarzenie") == few


def test_record_page_cost_does_not_grow_with_its_relations(client, full_records, topic):
    consultation = full_records["consultation"]
    url = consultation.url

    def relate(n: int) -> None:
        for event in add_records(EventFactory, n, topic):
            event.consultation = consultation
            event.save_revision().publish()
            link_records(consultation, event, note="spotkanie")
            attach_document(consultation, title=f"Załącznik {event.pk}")

    relate(FEW)
    few = count_queries(client, url)
    relate(MANY - FEW)
    html = client.get(url).content.decode()
    assert html.count("spotkanie") == MANY
    assert count_queries(client, url) == few


@pytest.mark.parametrize("kind", ["project", "event", "campaign", "offer"])
def test_every_record_page_is_cheap(client, full_records, kind):
    count_queries(client, full_records[kind].url)
