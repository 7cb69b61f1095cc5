"""The query-string filters of the portal and the API: valid input becomes RecordFilters, bad input Polish messages."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.http import QueryDict
from django.utils import translation

from catalog.filters import RecordFilterForm, RecordFilters, _reference_key, reference_objects
from catalog.statuses import CONSULTATION_STATUSES, Status
from core.models import District
from tests.factories import DistrictFactory, TopicFactory

pytestmark = pytest.mark.django_db


def form_for(allowed_statuses=None, **params) -> RecordFilterForm:
    """The form bound to a query string, as a listing or the API receives it."""
    return RecordFilterForm(QueryDict(urlencode(params, doseq=True)), allowed_statuses=allowed_statuses)


def polish_errors(form: RecordFilterForm) -> dict[str, list[str]]:
    with translation.override("pl"):
        return {field: list(messages) for field, messages in form.errors.items()}


def test_valid_slugs_and_dates_become_filters():
    old_town, podgorze = DistrictFactory(slug="stare-miasto"), DistrictFactory(slug="podgorze")
    greenery = TopicFactory(slug="zielen")
    form = form_for(
        q="  park  ", district=["stare-miasto", "podgorze"], topic="zielen", status=["open", "closed"],
        date_from="2026-03-01", date_to="2026-03-31",
    )
    assert form.is_valid(), form.errors
    assert form.has_active_filters()
    filters = form.to_filters()
    assert filters.query == "park"
    assert set(filters.districts) == {old_town, podgorze}
    assert filters.topics == [greenery]
    assert filters.statuses == ["open", "closed"]
    assert (filters.date_from, filters.date_to) == (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


def test_an_empty_query_string_means_no_filters():
    form = form_for()
    assert form.is_valid()
    assert not form.has_active_filters()
    assert form.to_filters() == RecordFilters()
    # Plain empty lists, not empty QuerySets: every truth test of those runs the ORM on each listing.
    assert form.cleaned_data["district"] == [] and type(form.cleaned_data["topic"]) is list


def test_an_unknown_district_gets_a_polish_message(compiled_translations):
    DistrictFactory(slug="stare-miasto")
    form = form_for(district=["stare-miasto", "atlantyda"])
    assert not form.is_valid()
    assert polish_errors(form) == {"district": ["Nie ma dzielnicy „atlantyda”."]}


def test_an_unknown_topic_and_status_get_polish_messages(compiled_translations):
    form = form_for(topic="kosmos", status="zawieszone")
    assert not form.is_valid()
    assert polish_errors(form) == {
        "topic": ["Nie ma tematu „kosmos”."],
        "status": ["Nie ma statusu „zawieszone”."],
    }


def test_a_listing_offers_only_its_own_statuses(compiled_translations):
    assert form_for(CONSULTATION_STATUSES, status="closed").is_valid()
    form = form_for(CONSULTATION_STATUSES, status=Status.AVAILABLE)
    assert polish_errors(form) == {"status": ["Nie ma statusu „available”."]}
    assert [value for value, _ in form.fields["status"].choices] == list(CONSULTATION_STATUSES)


@pytest.mark.parametrize("value", ["2026-13-01", "2026-02-30", "jutro"])
def test_a_malformed_date_gets_a_polish_message(compiled_translations, value):
    form = form_for(date_from=value)
    assert polish_errors(form) == {"date_from": ["Podaj datę w formacie RRRR-MM-DD, np. 2026-03-16."]}


def test_the_end_of_the_range_cannot_precede_its_start(compiled_translations):
    form = form_for(date_from="2026-03-31", date_to="2026-03-01")
    assert polish_errors(form) == {"date_to": ["Data końcowa nie może być wcześniejsza niż data początkowa."]}
    assert form_for(date_from="2026-03-31", date_to="2026-03-31").is_valid()


def test_an_overlong_search_phrase_is_refused_not_truncated():
    assert list(form_for(q="a" * 201).errors) == ["q"]


def test_reference_objects_are_held_by_the_process_while_their_generation_stands(django_assert_num_queries):
    DistrictFactory()
    first = reference_objects(District)
    with django_assert_num_queries(0):  # one small cache read, no query, nothing unpickled
        assert reference_objects(District) is first
    cache.set(_reference_key(District), "another process's generation")  # one that read the list after a change
    with django_assert_num_queries(1):
        again = reference_objects(District)
    assert again == first and again is not first


def test_a_saved_district_is_read_again_at_once():
    DistrictFactory()
    district = District.objects.get(pk=reference_objects(District)[0].pk)  # the held objects are never changed
    district.name = "Dzielnica po zmianie"
    district.save()
    assert reference_objects(District)[0].name == "Dzielnica po zmianie"
