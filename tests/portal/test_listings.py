"""Listings: filters, sort, result count, pagination, and 400 with a Polish message for bad input."""

import datetime as dt
import re

import pytest
from django.http import QueryDict
from django.test import override_settings
from django.utils import timezone
from django.utils.text import capfirst

from catalog.models import CampaignPage, CatalogIndexPage, ConsultationPage, EventPage, OfferPage, ProjectPage
from core.models import District
from portal.forms import ListingFilterForm
from portal.templatetags.portal_tags import checkbox_choices
from tests.factories import (
    CampaignFactory,
    ConsultationFactory,
    EventFactory,
    OfferFactory,
    ProjectFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

LISTINGS = [
    ("/konsultacje/", ConsultationFactory, "Konsultacje społeczne"),
    ("/wydarzenia/", EventFactory, "Wydarzenia"),
    ("/projekty/", ProjectFactory, "Projekty"),
    ("/kampanie/", CampaignFactory, "Kampanie"),
    ("/oferta/", OfferFactory, "Oferta dla mieszkańców"),
]


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


@pytest.mark.parametrize(("url", "factory", "heading"), LISTINGS)
def test_each_listing_shows_its_records_with_filters(client, site_tree, url, factory, heading):
    factory(title="Pierwszy rekord")
    factory(title="Drugi rekord", publish=False)
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{heading}</h1>" in html and html.count("<h1") == 1
    assert titles(html) == ["Pierwszy rekord"]
    assert "Znaleziono 1 wynik." in html
    assert "<fieldset" in html and "<legend>" in html and 'method="get"' in html
    assert '<span aria-current="page">' + heading + "</span>" in html  # breadcrumbs


def test_listings_use_the_shared_template_for_every_type():
    for model in CatalogIndexPage.__subclasses__():
        assert model().get_template(None) == "catalog/catalog_index_page.html"


def test_filter_by_district_topic_and_status(client, site_tree, topic):
    stare_miasto, podgorze = District.objects.get(number=1), District.objects.get(number=13)
    ConsultationFactory(title="Rynek", districts=[stare_miasto], topics=[topic], status="open")
    ConsultationFactory(title="Zabłocie", districts=[podgorze], status="open")
    ConsultationFactory(title="Planowane", districts=[stare_miasto], status="planned")

    assert sorted(titles(client.get(f"/konsultacje/?district={stare_miasto.slug}").content.decode())) == ["Planowane", "Rynek"]
    assert titles(client.get("/konsultacje/?topic=zielen").content.decode()) == ["Rynek"]
    assert titles(client.get("/konsultacje/?status=planned").content.decode()) == ["Planowane"]
    both = client.get(f"/konsultacje/?district={stare_miasto.slug}&district={podgorze.slug}&status=open").content.decode()
    assert sorted(titles(both)) == ["Rynek", "Zabłocie"]
    assert "Znaleziono 2 wyniki." in both
    # The form remembers what was chosen.
    assert re.search(rf'value="{stare_miasto.slug}"[^>]*checked', both)


def test_a_record_in_several_chosen_districts_is_listed_and_counted_once(client, site_tree, topic):
    stare_miasto, podgorze = District.objects.get(number=1), District.objects.get(number=13)
    ConsultationFactory(title="Bulwary Wisły", districts=[stare_miasto, podgorze], topics=[topic])
    html = client.get(f"/konsultacje/?district={stare_miasto.slug}&district={podgorze.slug}&topic=zielen").content.decode()
    assert titles(html) == ["Bulwary Wisły"]
    assert "Znaleziono 1 wynik." in html


@pytest.mark.parametrize(
    ("query", "ticked"),
    [("district={podgorze}&status=open&topic=zielen", {"district", "topic", "status"}),
     ("district={podgorze}&district=nieznana&status=zly", {"district"})],
)
def test_checkboxes_are_numbered_and_ticked_as_djangos_widget_does(site_tree, topic, query, ticked):
    """The filter form writes its checkboxes itself (`checkbox_choices`); ids, values, labels and ticks stay Django's."""
    podgorze = District.objects.get(number=13).slug
    form = ListingFilterForm(QueryDict(query.format(podgorze=podgorze)), allowed_statuses=ConsultationPage.allowed_statuses)
    form.is_valid()
    for name in ("district", "topic", "status"):
        field = form[name]
        django_boxes = [
            {"value": str(box.data["value"]), "id": box.id_for_label, "label": capfirst(box.choice_label), "checked": box.data["selected"]}
            for box in field
        ]
        assert checkbox_choices(field) == django_boxes
        assert any(box["checked"] for box in django_boxes) == (name in ticked)


def test_topics_added_renamed_or_deleted_are_offered_at_once(client, site_tree, topic):
    """Filters read districts and topics from the cache, which a save or a delete empties."""
    assert "Zieleń</label>" in client.get("/konsultacje/").content.decode()
    topic.name = "Zieleń miejska"
    topic.save()
    transport = TopicFactory(name="Transport", slug="transport")
    response = client.get("/konsultacje/?topic=transport")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Zieleń miejska</label>" in html and re.search(r'value="transport"[^>]*checked', html)
    transport.delete()
    response = client.get("/konsultacje/?topic=transport")
    assert response.status_code == 400
    assert 'value="transport"' not in response.content.decode()


def test_filter_by_date_range_keeps_overlapping_records(client, site_tree):
    tz = timezone.get_current_timezone()
    EventFactory(title="Marzec", starts_at=dt.datetime(2026, 3, 16, 18, tzinfo=tz), ends_at=dt.datetime(2026, 3, 16, 20, tzinfo=tz))
    EventFactory(title="Kwiecień", starts_at=dt.datetime(2026, 4, 20, 18, tzinfo=tz), ends_at=dt.datetime(2026, 4, 20, 20, tzinfo=tz))
    html = client.get("/wydarzenia/?date_from=2026-03-01&date_to=2026-03-31").content.decode()
    assert titles(html) == ["Marzec"]
    assert titles(client.get("/wydarzenia/?date_from=2026-04-01").content.decode()) == ["Kwiecień"]
    # Polish residents may type the date the Polish way.
    assert titles(client.get("/wydarzenia/?date_to=31.03.2026").content.decode()) == ["Marzec"]


def test_no_match_and_empty_listing_messages(client, site_tree):
    html = client.get("/oferta/").content.decode()
    assert "Znaleziono 0 wyników." in html and "Nic tu jeszcze nie opublikowano." in html
    OfferFactory(title="Narzędzie")
    html = client.get("/oferta/?status=archived").content.decode()
    assert "Nic nie pasuje do tych filtrów." in html


def test_sort_orders(client, site_tree):
    now = timezone.now()
    ProjectFactory(title="Bzura", starts_at=now + dt.timedelta(days=1))
    ProjectFactory(title="Akacja", starts_at=now + dt.timedelta(days=3))
    ProjectFactory(title="Cis", starts_at=now + dt.timedelta(days=2))
    assert titles(client.get("/projekty/").content.decode()) == ["Akacja", "Cis", "Bzura"]
    assert titles(client.get("/projekty/?sort=date_asc").content.decode()) == ["Bzura", "Cis", "Akacja"]
    assert titles(client.get("/projekty/?sort=title").content.decode()) == ["Akacja", "Bzura", "Cis"]
    assert titles(client.get("/projekty/?sort=published").content.decode()) == ["Cis", "Akacja", "Bzura"]


@override_settings(DIALOG_PAGE_SIZE=2)
def test_pagination_keeps_filters_and_marks_the_current_page(client, site_tree):
    for n in range(5):
        CampaignFactory(title=f"Kampania {n}", status="running")
    html = client.get("/kampanie/?status=running&page=2").content.decode()
    assert "Znaleziono 5 wyników." in html
    nav = re.search(r'<nav class="pagination" aria-label="Strony wyników">(.*?)</nav>', html, re.S).group(1)
    assert 'href="?status=running&amp;page=2" aria-current="page"' in nav
    assert 'href="?status=running&amp;page=1" rel="prev">Poprzednia strona' in nav
    assert 'href="?status=running&amp;page=3" rel="next">Następna strona' in nav
    assert len(titles(html)) == 2


@pytest.mark.parametrize(
    ("query", "echo"),
    [
        ("district=nie-ma-takiej", "nie-ma-takiej"),
        ("topic=kosmos", "kosmos"),
        ("status=zamkniete-na-zawsze", "zamkniete-na-zawsze"),
        ("status=available", "available"),  # a status of another record type
        ("date_from=wczoraj", None),
        ("date_from=2026-02-30", None),
        ("date_from=2026-03-20&date_to=2026-03-01", None),
        ("sort=losowo", "losowo"),
        ("page=abc", None),
        ("page=0", None),
        ("page=999", None),
        ("page=-1", None),
    ],
)
def test_bad_input_answers_400_with_a_polish_error_summary(client, site_tree, query, echo):
    ConsultationFactory(title="Rynek")
    response = client.get(f"/konsultacje/?{query}")
    html = response.content.decode()
    assert response.status_code == 400
    assert "<title>Błąd: Konsultacje społeczne" in html
    assert 'class="error-summary"' in html and "Wystąpił problem" in html
    assert "Popraw filtry, aby zobaczyć wyniki." in html
    assert "Rynek" not in html
    if echo:
        assert echo in html


def test_error_summary_links_to_the_field(client, site_tree):
    html = client.get("/konsultacje/?district=nie-ma-takiej&date_from=zle").content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert 'href="#id_district_0"' in summary and 'href="#id_date_from"' in summary
    assert 'id="id_district_0"' in html
    assert re.search(r'id="id_date_from"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_date_from"', html)
    assert 'id="id_date_from_error"' in html


def test_page_error_is_polish(client, site_tree):
    html = client.get("/konsultacje/?page=7").content.decode()
    assert "Nie ma takiej strony wyników." in html


@pytest.mark.parametrize(
    ("url", "model"),
    [("/projekty/", ProjectPage), ("/konsultacje/", ConsultationPage), ("/kampanie/", CampaignPage),
     ("/wydarzenia/", EventPage), ("/oferta/", OfferPage)],
)
def test_status_filter_offers_only_the_statuses_of_the_type(client, site_tree, url, model):
    html = client.get(url).content.decode()
    offered = set(re.findall(r'name="status" value="([a-z_]+)"', html))
    assert offered == {status.value for status in model.allowed_statuses}


def test_card_status_labels_are_translated_once_per_listing(client, site_tree):
    """`listing_cards` hands the cards plain strings: a lazy label would be translated again for every card."""
    ConsultationFactory(title="Pierwszy rekord")
    ConsultationFactory(title="Drugi rekord")
    response = client.get("/konsultacje/")
    statuses = {type(card["status"]) for card in response.context["cards"]}
    assert statuses == {str}
