"""Listings and detail: what a record looks like, the portal's filters, search and pagination."""

import pytest

from catalog.models import CatalogPage
from tests.api.conftest import results
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_records_lists_published_records_of_every_type_latest_first_undated_last(api, catalog):
    response = api("records")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert results(response) == [
        "Kampania o hałasie", "Spacer badawczy po Podgórzu", "Zielone podwórka", "Klimat dla Krakowa", "Szkolenie z moderacji",
    ]
    assert {item["type"] for item in response.json()["results"]} == {"project", "consultation", "campaign", "event", "offer"}


def test_each_type_has_its_own_listing(api, catalog):
    listings = {path: results(api(path)) for path in ("projects", "consultations", "campaigns", "events", "offers")}
    assert listings == {
        "projects": ["Klimat dla Krakowa"],
        "consultations": ["Zielone podwórka"],
        "campaigns": ["Kampania o hałasie"],
        "events": ["Spacer badawczy po Podgórzu"],
        "offers": ["Szkolenie z moderacji"],
    }


def test_record_fields(api, catalog):
    consultation = catalog["consultation"]
    [item] = api("consultations").json()["results"]
    assert item == {
        "id": consultation.pk,
        "type": "consultation",
        "title": "Zielone podwórka",
        "slug": "zielone-podworka",
        "url": consultation.get_full_url(),
        "lead": consultation.lead,
        "status": "open",
        "status_label": consultation.get_status_display(),
        "live": True,
        "starts_at": "2026-03-16T18:00:00+01:00",
        "ends_at": "2026-04-06T18:00:00+02:00",  # summer time has begun
        "districts": [{"number": 1, "name": "Stare Miasto", "slug": "stare-miasto"}],
        "topics": [{"name": "Zieleń", "slug": "zielen"}],
        "responsible_unit": {"id": consultation.responsible_unit_id, "name": "Wydział ds. Dialogu Obywatelskiego"},
        "partners": [{"id": consultation.partners.get().pk, "name": "Fundacja Zielone Miasto"}],
        "project_id": catalog["project"].pk,
    }
    assert item["url"].startswith("http")


def test_type_specific_fields(api, catalog):
    items = {item["type"]: item for item in api("records").json()["results"]}
    assert items["event"].items() >= {
        "event_type": "research_walk", "venue_name": "Centrum Obywatelskie", "is_online": False,
        "consultation_id": catalog["consultation"].pk, "project_id": None,
    }.items()
    assert items["event"]["event_type_label"] == catalog["event"].get_event_type_display()
    assert items["campaign"]["kind"] == "educational"
    assert items["campaign"]["kind_label"] == catalog["campaign"].get_kind_display()
    assert items["offer"]["kind"] == "training"
    assert items["offer"]["starts_at"] is None
    assert items["project"]["website"] == "https://klimat.example.org"
    assert "body" not in items["consultation"]


def test_detail_adds_the_description_as_safe_html_with_absolute_links(api, catalog):
    consultation = catalog["consultation"]
    CatalogPage.objects.filter(pk=consultation.pk).update(
        body=consultation.body + '<p onclick="steal()">Więcej<script>alert(1)</script></p>'
    )
    response = api(f"records/{consultation.pk}")
    assert response.status_code == 200
    detail = response.json()
    assert detail["type"] == "consultation"
    assert detail["project_id"] == catalog["project"].pk
    assert detail["body"] == (
        '<p>Opis <b>konsultacji</b> i <a href="http://testserver/konsultacje/" rel="noopener noreferrer">lista</a>.</p>'
        "<p>Więcej</p>"
    )


def test_detail_of_each_type_has_its_own_fields(api, catalog):
    event = api(f"records/{catalog['event'].pk}").json()
    assert event["type"] == "event" and event["event_type"] == "research_walk" and "body" in event


FILTER_CASES = [
    ({"district": "stare-miasto"}, {"Klimat dla Krakowa", "Zielone podwórka"}),
    (
        {"district": ["stare-miasto", "podgorze"]},
        {"Klimat dla Krakowa", "Zielone podwórka", "Kampania o hałasie", "Spacer badawczy po Podgórzu"},
    ),
    ({"topic": "transport"}, {"Kampania o hałasie", "Spacer badawczy po Podgórzu"}),
    (
        {"topic": ["transport", "zielen"], "district": "podgorze"},
        {"Klimat dla Krakowa", "Kampania o hałasie", "Spacer badawczy po Podgórzu"},
    ),
    ({"status": "running"}, {"Klimat dla Krakowa", "Kampania o hałasie"}),
    ({"status": ["open", "available"]}, {"Zielone podwórka", "Szkolenie z moderacji"}),
    ({"date_from": "2026-04-07"}, {"Klimat dla Krakowa", "Kampania o hałasie"}),
    ({"date_to": "2026-03-16"}, {"Klimat dla Krakowa", "Zielone podwórka"}),
    (
        {"date_from": "2026-03-18", "date_to": "2026-03-20"},
        {"Klimat dla Krakowa", "Zielone podwórka", "Spacer badawczy po Podgórzu"},
    ),
    ({"type": "event"}, {"Spacer badawczy po Podgórzu"}),
    ({"type": ["project", "offer"]}, {"Klimat dla Krakowa", "Szkolenie z moderacji"}),
]


def test_filters_are_the_portals(api, catalog):
    """One catalog for all cases: building it is the slow part."""
    for params, expected in FILTER_CASES:
        response = api("records", **params)
        assert set(results(response)) == expected, params
        assert response.json()["count"] == len(expected), params


def test_filters_on_a_type_listing(api, catalog):
    assert results(api("events", district="podgorze", status="announced")) == ["Spacer badawczy po Podgórzu"]
    assert results(api("events", district="stare-miasto")) == []


def test_search_ignores_case_polish_diacritics_and_inflection(api, catalog):
    for query in ("podworka", "PODWÓRKA", "zielone podwórka", "podwórkach", "konsultacja"):
        assert results(api("records", q=query)) == ["Zielone podwórka"], query
    # A district's name in another case finds the records in the district, as its name does.
    in_podgorze = ["Kampania o hałasie", "Spacer badawczy po Podgórzu", "Klimat dla Krakowa"]
    assert results(api("records", q="Podgórze")) == results(api("records", q="Podgorzu")) == in_podgorze


def test_search_needs_every_word_and_combines_with_filters(api, catalog):
    assert results(api("records", q="podwórka spacer")) == []
    assert results(api("records", q="spacer", district="podgorze")) == ["Spacer badawczy po Podgórzu"]
    assert results(api("records", q="spacer", district="stare-miasto")) == []


def test_pages_link_to_their_neighbours_with_the_same_filters(api, site_tree, stare_miasto):
    for number in range(5):
        EventFactory(title=f"Dyżur {number}", districts=[stare_miasto])

    first = api("events", district="stare-miasto", page_size=2).json()
    assert first | {"results": None} == {
        "count": 5, "page": 1, "page_size": 2, "num_pages": 3, "previous": None, "results": None,
        "next": "http://testserver/api/v1/events?district=stare-miasto&page_size=2&page=2",
    }
    second = api("events", district="stare-miasto", page_size=2, page=2).json()
    assert second["previous"] == "http://testserver/api/v1/events?district=stare-miasto&page_size=2&page=1"
    assert second["next"].endswith("page=3")
    last = api("events", district="stare-miasto", page_size=2, page=3).json()
    assert last["next"] is None and len(last["results"]) == 1
    seen = [item["id"] for page in (first, second, last) for item in page["results"]]
    assert len(set(seen)) == 5


def test_page_size_defaults_and_maximum(api, site_tree, settings):
    for _ in range(3):
        EventFactory()
    assert api("events").json()["page_size"] == settings.DIALOG_PAGE_SIZE
    response = api("events", page_size=settings.DIALOG_API_PAGE_SIZE_MAX)
    assert response.json()["page_size"] == settings.DIALOG_API_PAGE_SIZE_MAX
    assert len(response.json()["results"]) == 3


def test_empty_catalog_has_one_empty_page(api, site_tree):
    assert api("records").json().items() >= {"count": 0, "page": 1, "num_pages": 1, "results": []}.items()


def test_labels_are_polish_whatever_the_accept_language(client, site_tree):
    """Unprefixed paths are in the default language (i18n_patterns without a Polish prefix), the API too."""
    EventFactory(status="announced", event_type="workshop")
    [item] = client.get("/api/v1/events", headers={"Accept-Language": "en"}).json()["results"]
    assert (item["status_label"], item["event_type_label"]) == ("ogłoszone", "warsztaty")
