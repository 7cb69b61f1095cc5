"""Reads of the catalog: filters narrow the published records as residents expect; search ignores Polish inflection and diacritics."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from catalog.filters import RecordFilters
from catalog.models import CatalogPage, ConsultationPage, ProjectPage
from catalog.selectors import apply_filters, filtered_public_records, public_records, search
from core.models import District
from tests.factories import ConsultationFactory, EventFactory, ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db


def at(month: int, day: int, hour: int = 12, minute: int = 0) -> dt.datetime:
    """A moment of 2026 on the city's clock (Europe/Warsaw)."""
    return timezone.make_aware(dt.datetime(2026, month, day, hour, minute))  # noqa: DTZ001 – made aware right here


def filtered_titles(model=CatalogPage, **filters) -> list[str]:
    titles = apply_filters(public_records(model), RecordFilters(**filters)).values_list("title", flat=True)
    return sorted(titles)


def test_district_filter_keeps_records_in_any_chosen_district_once(site_tree):
    old_town, podgorze, nowa_huta = (District.objects.get(number=n) for n in (1, 13, 18))
    ConsultationFactory(title="Rynek", districts=[old_town])
    ConsultationFactory(title="Bulwary", districts=[old_town, podgorze])
    ConsultationFactory(title="Zalew", districts=[nowa_huta])
    ConsultationFactory(title="Całe miasto")
    result = apply_filters(public_records(ConsultationPage), RecordFilters(districts=[old_town, podgorze]))
    assert sorted(result.values_list("title", flat=True)) == ["Bulwary", "Rynek"]
    assert result.count() == 2


def test_topic_and_district_filters_combine_with_and(site_tree):
    old_town = District.objects.get(number=1)
    greenery, transport = TopicFactory(name="Zieleń"), TopicFactory(name="Transport")
    ConsultationFactory(title="Planty", districts=[old_town], topics=[greenery, transport])
    ConsultationFactory(title="Tramwaj", topics=[transport])
    EventFactory(title="Sadzenie drzew", districts=[old_town], topics=[greenery])
    assert filtered_titles(topics=[greenery, transport]) == ["Planty", "Sadzenie drzew", "Tramwaj"]
    assert filtered_titles(topics=[greenery], districts=[old_town]) == ["Planty", "Sadzenie drzew"]
    assert filtered_titles(ConsultationPage, topics=[greenery], districts=[old_town]) == ["Planty"]


def test_status_filter(site_tree):
    ConsultationFactory(title="Otwarte", status="open")
    ConsultationFactory(title="Zamknięte", status="closed")
    ConsultationFactory(title="Zapowiedziane", status="announced")
    assert filtered_titles(statuses=["open", "closed"]) == ["Otwarte", "Zamknięte"]


@pytest.fixture
def march_and_around(site_tree):
    """Records whose periods lie before, across, inside and after March 2026, and a few without an end."""
    for title, starts_at, ends_at in [
        ("luty", at(2, 1), at(2, 28)),
        ("od lutego do marca", at(2, 20), at(3, 5)),
        ("w marcu", at(3, 10), at(3, 12)),
        ("od marca do kwietnia", at(3, 25), at(4, 10)),
        ("od lutego do kwietnia", at(2, 1), at(4, 30)),
        ("kwiecień", at(4, 2), at(4, 5)),
        ("kończy się tuż po północy 1 marca", at(2, 27), at(3, 1, 0, 30)),
        ("zaczyna się późnym wieczorem 31 marca", at(3, 31, 23, 30), at(4, 1, 1, 0)),
        ("bez końca, zaczyna się w marcu", at(3, 15), None),
        ("bez końca, zaczął się w lutym", at(2, 15), None),
        ("bez dat", None, None),
    ]:
        ProjectFactory(title=title, starts_at=starts_at, ends_at=ends_at)


def test_date_range_keeps_records_whose_period_overlaps_it(march_and_around):
    """The range covers whole days on the city's clock; a record without an end counts as a moment at its start."""
    assert filtered_titles(ProjectPage, date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31)) == sorted([
        "od lutego do marca", "w marcu", "od marca do kwietnia", "od lutego do kwietnia",
        "kończy się tuż po północy 1 marca", "zaczyna się późnym wieczorem 31 marca", "bez końca, zaczyna się w marcu",
    ])


def test_an_open_ended_range(march_and_around):
    assert filtered_titles(ProjectPage, date_from=dt.date(2026, 4, 1)) == sorted([
        "od marca do kwietnia", "od lutego do kwietnia", "kwiecień", "zaczyna się późnym wieczorem 31 marca",
    ])
    assert filtered_titles(ProjectPage, date_to=dt.date(2026, 2, 14)) == sorted(["luty", "od lutego do kwietnia"])


def test_no_filters_keep_every_published_record(march_and_around):
    ProjectFactory(title="szkic", publish=False)
    assert len(filtered_titles(ProjectPage)) == 11


def test_search_ignores_case_and_polish_diacritics(site_tree):
    ConsultationFactory(title="Zielone podwórka", lead="Nasadzenia na podwórkach Kazimierza.")
    ConsultationFactory(title="Budżet obywatelski", lead="Głosowanie nad projektami.")
    ConsultationFactory(title="Zielone podwórka – wersja robocza", publish=False)
    for query in ["podworka", "PODWÓRKA", "zielone podworka", "podwórka", "budzet"]:
        found = [page.title for page in search(public_records(ConsultationPage), query)]
        assert found == (["Budżet obywatelski"] if query == "budzet" else ["Zielone podwórka"]), query


@pytest.fixture
def polish_records(site_tree):
    ConsultationFactory(title="Konsultacje budżetu obywatelskiego", lead="Zbieramy pomysły na przyszły rok.")
    EventFactory(title="Spacer po Łagiewnikach", lead="Spacer badawczy z radą dzielnicy.", venue_name="Sanktuarium")
    ProjectFactory(title="Trasa rowerowa wzdłuż Wilgi", lead="Nowa droga dla rowerów przy parku.")
    ProjectFactory(title="Ścieżki rowerowe – szkic", publish=False)


def search_titles(query: str) -> list[str]:
    return sorted(page.title for page in search(public_records(), query))


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("konsultacji", "Konsultacje budżetu obywatelskiego"),
        ("KONSULTACJACH budzetu obywatelskim", "Konsultacje budżetu obywatelskiego"),
        ("Łagiewnikach", "Spacer po Łagiewnikach"),
        ("lagiewnikach", "Spacer po Łagiewnikach"),  # SQLite's tokenizer keeps "ł"; the stems have none
        ("Łagiewniki", "Spacer po Łagiewnikach"),
        ("rowerowych tras", "Trasa rowerowa wzdłuż Wilgi"),
        ("parki", "Trasa rowerowa wzdłuż Wilgi"),
    ],
)
def test_search_matches_other_inflections_with_or_without_diacritics(polish_records, query, title):
    assert search_titles(query) == [title]


def test_search_for_words_no_record_has_finds_nothing(polish_records):
    assert search_titles("rowerowych") == ["Trasa rowerowa wzdłuż Wilgi"]
    assert search_titles("parkingu") == []  # a record has "parku", none has a parking
    assert search_titles("tramwaj") == []
    assert search_titles("rowerowych konsultacji") == []  # every word, in one record
    assert search_titles("szkic") == []  # only in a draft


def test_a_title_with_the_words_as_typed_comes_first(site_tree):
    ProjectFactory(title="Zieleń w mieście", lead="Plan nasadzeń po konsultacjach z mieszkańcami.")
    ConsultationFactory(title="Konsultacje zieleni", lead="Pytamy o drzewa.")
    assert [page.title for page in search(public_records(), "konsultacje")] == ["Konsultacje zieleni", "Zieleń w mieście"]


def test_search_and_filters_together(site_tree):
    old_town = District.objects.get(number=1)
    ConsultationFactory(title="Zielone podwórka", districts=[old_town])
    ConsultationFactory(title="Zielone podwórka w Nowej Hucie", districts=[District.objects.get(number=18)])
    records = filtered_public_records(ConsultationPage, RecordFilters(query="podworka", districts=[old_town]))
    assert [record.title for record in records] == ["Zielone podwórka"]


@pytest.mark.postgres
def test_postgresql_has_the_unaccented_polish_search_configuration(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_ts_config WHERE cfgname = 'dialog_pl'")
        assert cursor.fetchone() == (1,)
        cursor.execute("SELECT to_tsvector('dialog_pl', 'Zielone PODWÓRKA w Łodzi')::text")
        assert cursor.fetchone()[0] == "'lodzi':4 'podworka':2 'w':3 'zielone':1"
