"""Bad input answers 4xx with an RFC 9457 problem naming each bad parameter in Polish; never a 500."""

import pytest

from tests.api.conftest import assert_problem
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"district": "atlantyda"}, "district", "Nie ma dzielnicy „atlantyda”"),
        ({"topic": "nie-ma-takiego"}, "topic", "nie-ma-takiego"),
        ({"status": "zamrożone"}, "status", "zamrożone"),
        ({"date_from": "16.03.2026"}, "date_from", "RRRR-MM-DD"),
        ({"date_to": "2026-02-30"}, "date_to", "RRRR-MM-DD"),
        ({"date_from": "2026-03-20", "date_to": "2026-03-10"}, "date_to", ""),
        ({"type": "petition"}, "type", "Nie ma typu rekordu „petition”."),
        ({"page": "abc"}, "page", "liczbę całkowitą"),
        ({"page": "0"}, "page", "większa lub równa 1"),
        ({"page": "2"}, "page", "Nie ma takiej strony wyników."),
        ({"page_size": "0"}, "page_size", "większa lub równa 1"),
        ({"page_size": "1000"}, "page_size", "mniejsza lub równa 100"),
        ({"q": "x" * 201}, "q", "200"),
        ({"q": "a\x00b"}, "q", "null"),
    ],
)
def test_invalid_parameters_are_a_400_problem_naming_the_parameter(api, db, params, field, message):
    body = assert_problem(api("records", **params), 400)
    assert body["title"] == "Nieprawidłowe żądanie"
    assert body["detail"] == "Niektóre parametry są nieprawidłowe – szczegóły w polu „errors”."
    assert list(body["errors"]) == [field]
    assert message in body["errors"][field][0]


def test_every_bad_parameter_is_reported_at_once(api, db):
    body = assert_problem(api("events", district="atlantyda", date_from="jutro", page_size="-1"), 400)
    assert set(body["errors"]) == {"district", "date_from", "page_size"}


def test_a_type_listing_accepts_only_its_own_statuses(api, db):
    assert api("events", status="announced").status_code == 200
    body = assert_problem(api("events", status="open"), 400)
    assert "open" in body["errors"]["status"][0]


def test_an_unknown_record_is_a_404_problem(api, db):
    body = assert_problem(api("records/987654"), 404)
    assert body["title"] == "Nie znaleziono"
    assert body["detail"] == "Nie ma rekordu o tym identyfikatorze albo nie jest on opublikowany."


def test_a_page_that_is_not_a_record_is_a_404_problem(api, site_tree):
    assert_problem(api(f"records/{site_tree.pk}"), 404)


def test_a_non_numeric_id_is_a_400_problem(api, db):
    body = assert_problem(api("records/zielone-podworka"), 400)
    assert body["errors"] == {"id": ["Wpisz poprawną wartość."]}


@pytest.mark.parametrize("path", ["", "petitions", "records/1/comments", "records/"])
def test_unknown_addresses_under_the_api_are_404_problems(api, db, path):
    assert_problem(api(path), 404)


def test_writing_is_a_405_problem(client, db):
    response = client.post("/api/v1/records", {"title": "Nowe"})
    assert_problem(response, 405)
    assert response["Allow"] == "GET"


def test_search_syntax_in_a_query_is_just_text(api, site_tree):
    ConsultationFactory(title="Zielone podwórka")
    for query in ('"', "*", "podwórka AND", "((", "NEAR(a b)", "-", "a:b", "'; DROP TABLE x; --", "\\", "ą" * 200):
        assert api("records", q=query).status_code == 200, query
