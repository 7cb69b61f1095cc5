"""Site search: inflection and diacritics do not matter, only published records are found, bad input answers 400."""

import re

import pytest
from django.test import override_settings

from tests.factories import ConsultationFactory, EventFactory, OfferFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def titles(html: str) -> list[str]:
    return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)


def test_search_page_invites_a_query(client, site_tree):
    response = client.get("/szukaj/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Wyszukiwanie</h1>" in html and html.count("<h1") == 1
    assert "Wpisz słowo lub frazę" in html
    assert '<span aria-current="page">Wyszukiwanie</span>' in html
    assert 'role="search"' in html and 'type="search"' in html


def test_search_ignores_diacritics_and_case(client, site_tree):
    ConsultationFactory(title="Zielone podwórka", lead="Pytamy o zieleń na podwórkach.")
    EventFactory(title="Spacer po Łagiewnikach", lead="Spacer badawczy.")
    html = client.get("/szukaj/", {"q": "podworka"}).content.decode()
    assert titles(html) == ["Zielone podwórka"]
    assert "1 wynik dla „podworka”." in html
    assert titles(client.get("/szukaj/", {"q": "ŁAGIEWNIKACH"}).content.decode()) == ["Spacer po Łagiewnikach"]


def test_search_finds_l_with_stroke_from_plain_l(client, site_tree):
    """SQLite's tokenizer keeps "ł", which has no Unicode decomposition; the indexed stems have none."""
    EventFactory(title="Spacer po Łagiewnikach", lead="Spacer badawczy.")
    assert titles(client.get("/szukaj/", {"q": "lagiewnikach"}).content.decode()) == ["Spacer po Łagiewnikach"]


def test_search_finds_other_inflections(client, site_tree):
    ConsultationFactory(title="Konsultacje budżetu obywatelskiego", lead="Zbieramy pomysły.")
    ProjectFactory(title="Trasa rowerowa", lead="Nowa droga dla rowerów przy parku.")
    html = client.get("/szukaj/", {"q": "konsultacji"}).content.decode()
    assert titles(html) == ["Konsultacje budżetu obywatelskiego"]
    assert "1 wynik dla „konsultacji”." in html
    assert titles(client.get("/szukaj/", {"q": "rowerowych tras"}).content.decode()) == ["Trasa rowerowa"]
    assert titles(client.get("/szukaj/", {"q": "parkingu"}).content.decode()) == []


def test_listing_search_finds_other_inflections(client, site_tree):
    EventFactory(title="Sprzątanie parku Jordana", lead="Zbieramy śmieci.", venue_name="Brama główna")
    EventFactory(title="Warsztaty rowerowe", lead="Naprawiamy rowery.", venue_name="Pracownia")
    assert titles(client.get("/wydarzenia/", {"q": "parki"}).content.decode()) == ["Sprzątanie parku Jordana"]
    assert titles(client.get("/wydarzenia/", {"q": "parkingi"}).content.decode()) == []


def test_results_show_the_type_of_each_record(client, site_tree):
    ConsultationFactory(title="Budżet obywatelski – konsultacje")
    OfferFactory(title="Budżet obywatelski – szkolenie")
    html = client.get("/szukaj/", {"q": "budżet"}).content.decode()
    assert sorted(titles(html)) == ["Budżet obywatelski – konsultacje", "Budżet obywatelski – szkolenie"]
    assert html.count('class="badge badge--type"') == 2
    assert "2 wyniki dla „budżet”." in html


def test_drafts_are_not_found(client, site_tree):
    ConsultationFactory(title="Tajny szkic", publish=False)
    html = client.get("/szukaj/", {"q": "szkic"}).content.decode()
    assert titles(html) == []
    assert "0 wyników dla „szkic”." in html and "Nic nie znaleziono." in html


@override_settings(DIALOG_PAGE_SIZE=2)
def test_results_are_paginated(client, site_tree):
    for n in range(3):
        EventFactory(title=f"Warsztat {n}")
    first = client.get("/szukaj/", {"q": "warsztat"}).content.decode()
    assert len(titles(first)) == 2 and "3 wyniki dla „warsztat”." in first
    assert 'href="?q=warsztat&amp;page=2" rel="next"' in first
    assert len(titles(client.get("/szukaj/", {"q": "warsztat", "page": 2}).content.decode())) == 1


def test_too_long_query_answers_400_in_polish(client, site_tree):
    response = client.get("/szukaj/", {"q": "a" * 101})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Skróć szukaną frazę do najwyżej 100 znaków (teraz ma ich 101)." in html
    assert 'href="#id_q"' in html and "<title>Błąd:" in html


@pytest.mark.parametrize("page", ["abc", "0", "50"])
def test_bad_page_answers_400(client, site_tree, page):
    EventFactory(title="Warsztat")
    response = client.get("/szukaj/", {"q": "warsztat", "page": page})
    assert response.status_code == 400
    assert "Nie ma takiej strony wyników." in response.content.decode()


@pytest.mark.parametrize("query", ['"', "'", "*", "(", ")", "AND", "OR NOT", "a:*", "!", "&", "|", "\\", "NEAR(a b)", "<b>", "-", "ą ę"])
def test_odd_queries_never_fail(client, site_tree, query):
    EventFactory(title="Warsztat")
    response = client.get("/szukaj/", {"q": query})
    assert response.status_code == 200
    assert "<b>" not in response.content.decode()


def test_listing_search_field_accepts_odd_queries(client, site_tree):
    EventFactory(title="Warsztat")
    assert client.get("/wydarzenia/", {"q": '"warsztat'}).status_code == 200
