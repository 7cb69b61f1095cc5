"""Listing entries: one row per live record, matching what the public may see after every kind of change."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import PageViewRestriction

from catalog import listing
from catalog.filters import RecordFilters
from catalog.models import CatalogPage, ConsultationPage, EventPage, ListingEntry
from consultations import services as consultations
from core.models import District
from portal.selectors import SORT_ORDERS, listing_count, listing_page, listing_records
from tests.factories import ConsultationFactory, EventFactory, OfferFactory, TopicFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(site_tree):
    return UserFactory(username="koordynatorka", groups=["Koordynator"])

NO_FILTERS = RecordFilters()


def entries() -> dict[int, tuple]:
    return {row[0]: row[1:] for row in ListingEntry.objects.values_list("page_id", *listing.FIELDS)}


def expected() -> dict[int, tuple]:
    """What the entries must hold: the live records' own rows, read the way the public reads them."""
    rows = CatalogPage.objects.filter(live=True).values_list("pk", *listing.FIELDS)
    return {row[0]: row[1:] for row in rows}


def titles(model=ConsultationPage, filters=NO_FILTERS, sort="date") -> list[str]:
    return [row["title"] for row in listing_page(model, filters, sort=sort, offset=0, size=20)]


def test_a_published_record_has_an_entry_and_a_draft_has_none(site_tree):
    published = ConsultationFactory(title="Opublikowana")
    draft = ConsultationFactory(title="Szkic", publish=False)
    assert set(entries()) == {published.pk}
    assert entries() == expected()
    assert draft.pk not in entries()


def test_a_new_draft_of_a_live_record_leaves_its_entry_as_published_until_it_is_published(site_tree, coordinator):
    record = ConsultationFactory(title="Budżet obywatelski 2027")
    draft = ConsultationPage.objects.get(pk=record.pk)
    draft.title = "Budżet obywatelski 2028"
    draft.starts_at, draft.ends_at = draft.starts_at + dt.timedelta(days=90), draft.ends_at + dt.timedelta(days=90)
    revision = draft.save_revision(user=coordinator)  # saves the page's row with the draft's values in memory

    assert entries()[record.pk][2] == "Budżet obywatelski 2027"
    assert titles() == ["Budżet obywatelski 2027"]

    revision.publish(user=coordinator)
    assert entries()[record.pk][2] == "Budżet obywatelski 2028"
    assert entries() == expected()


def test_unpublishing_removes_the_entry_and_publishing_again_brings_it_back(site_tree, coordinator):
    record = ConsultationFactory(title="Plan dla Nowej Huty")
    page = ConsultationPage.objects.get(pk=record.pk)
    page.unpublish(user=coordinator)
    assert record.pk not in entries()
    assert titles() == []

    page.refresh_from_db()
    page.get_latest_revision().publish(user=coordinator)
    assert titles() == ["Plan dla Nowej Huty"]
    assert entries() == expected()


def test_a_deleted_record_takes_its_entry_with_it(site_tree):
    kept, deleted = ConsultationFactory(title="Zostaje"), ConsultationFactory(title="Usunięta")
    ConsultationPage.objects.get(pk=deleted.pk).delete()
    assert set(entries()) == {kept.pk}
    assert titles() == ["Zostaje"]


def test_a_status_changed_by_hand_or_by_the_scheduler_reaches_the_entry(site_tree, coordinator):
    now = timezone.now()
    record = ConsultationFactory(status="announced", starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(days=21))
    consultations.advance_statuses(now=now)
    assert entries()[record.pk][3] == "open"
    consultations.change_status(consultation=ConsultationPage.objects.get(pk=record.pk), status="closed", reason="Błąd w dacie", user=coordinator)
    assert entries()[record.pk][3] == "closed"
    assert titles(filters=RecordFilters(statuses=["closed"])) == [record.title]
    assert entries() == expected()


def test_a_moved_record_keeps_its_entry_with_its_new_path(site_tree):
    record = EventFactory(title="Spacer badawczy po Podgórzu")
    old_path = entries()[record.pk][1]
    EventPage.objects.get(pk=record.pk).move(site_tree, pos="last-child")  # e.g. moved by hand below the home page
    new_path = entries()[record.pk][1]
    assert new_path != old_path and new_path == CatalogPage.objects.get(pk=record.pk).path
    assert titles(EventPage) == ["Spacer badawczy po Podgórzu"]


def test_a_record_in_a_closed_section_is_left_out_of_its_listing_and_its_count(site_tree):
    ConsultationFactory(title="Jawna")
    closed = ConsultationFactory(title="Dla zalogowanych")
    PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.LOGIN)
    assert titles() == ["Jawna"]
    assert listing_count(ConsultationPage, NO_FILTERS) == 1


def test_each_listing_reads_only_its_own_type(site_tree):
    ConsultationFactory(title="Konsultacja")
    EventFactory(title="Wydarzenie")
    OfferFactory(title="Oferta")
    assert titles() == ["Konsultacja"]
    assert titles(EventPage) == ["Wydarzenie"]


def test_changes_made_past_the_signals_are_repaired_and_counted(site_tree, coordinator, caplog):
    first = ConsultationFactory(title="Pierwsza")
    second = ConsultationFactory(title="Druga")
    third = EventFactory(title="Trzecie")
    ConsultationPage.objects.get(pk=second.pk).unpublish(user=coordinator)
    assert listing.reconcile() == 0 and "repaired" not in caplog.text
    kept = entries()

    CatalogPage.objects.filter(pk=first.pk).update(title="Pierwsza, poprawiona")  # no signal
    ListingEntry.objects.filter(page_id=third.pk).delete()
    ListingEntry.objects.create(page=second, content_type_id=second.content_type_id, path="stale", title="stale", status="open")

    call_command("reconcile_listing_entries", verbosity=0)

    assert entries() == expected() and entries()[third.pk] == kept[third.pk] and second.pk not in entries()
    assert entries()[first.pk][2] == "Pierwsza, poprawiona"
    assert "Listing entries repaired: 3 records" in caplog.text
    assert listing.reconcile() == 0


def test_the_scheduler_repairs_the_entries_every_hour(site_tree):
    from core.periodic import JOBS

    record = ConsultationFactory(title="Przed zmianą")
    CatalogPage.objects.filter(pk=record.pk).update(title="Po zmianie")  # no signal
    (job,) = [job for job in JOBS if job.name == "listing_entries"]
    job.run()
    assert job.every == dt.timedelta(hours=1)
    assert entries()[record.pk][2] == "Po zmianie"


def test_entries_of_many_records_are_written_in_batches(site_tree, monkeypatch):
    monkeypatch.setattr(listing, "BATCH_SIZE", 2)
    records = [ConsultationFactory(title=f"Konsultacja {n}") for n in range(5)]
    ListingEntry.objects.all().delete()
    listing.refresh(record.pk for record in records)
    assert entries() == expected() and len(entries()) == 5


@pytest.mark.parametrize("sort", SORT_ORDERS)
def test_every_filter_and_order_lists_what_the_records_themselves_give(site_tree, sort):
    """The entries answer as the records' own tables do (the query a search still runs), page by page."""
    districts = list(District.objects.order_by("number")[:3])
    topic = TopicFactory()
    now = timezone.now()
    for n in range(12):
        ConsultationFactory(
            title=f"Konsultacja {n % 5}",  # equal titles: the order falls back to the id
            status=["open", "announced", "closed"][n % 3],
            starts_at=None if n % 7 == 0 else now + dt.timedelta(days=n - 6),
            ends_at=None if n % 7 == 0 else now + dt.timedelta(days=n),
            districts=districts[: n % 4], topics=[topic] if n % 2 else [],
        )
    cases = [
        RecordFilters(),
        RecordFilters(districts=districts[1:3]),
        RecordFilters(topics=[topic], statuses=["open", "closed"]),
        RecordFilters(date_from=now.date(), date_to=(now + dt.timedelta(days=4)).date()),
    ]
    for filters in cases:
        wanted = [row["pk"] for row in listing_records(ConsultationPage, filters, sort=sort)]
        for offset in (0, 5, 10):
            rows = listing_page(ConsultationPage, filters, sort=sort, offset=offset, size=5)
            assert [row["pk"] for row in rows] == wanted[offset : offset + 5]
            assert all(row["total"] == len(wanted) for row in rows)
        assert listing_count(ConsultationPage, filters) == len(wanted)


def test_a_listing_compiled_before_its_record_type_got_a_new_id_still_finds_its_records(site_tree):
    """The type is a value of the compiled statement, not part of its text: content types get new ids when a database
    is flushed and filled again (the test suite does it between transactional tests) or restored from a dump."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    record = ConsultationFactory(title="Budżet obywatelski")
    assert titles() == ["Budżet obywatelski"]  # the statement is compiled now
    old = ContentType.objects.get_for_model(ConsultationPage)
    ContentType.objects.filter(pk=old.pk).update(model="consultationpage_old")
    new = ContentType.objects.create(app_label="catalog", model="consultationpage")
    Page.objects.filter(content_type=old).update(content_type=new)
    ListingEntry.objects.filter(content_type=old).update(content_type=new)
    ContentType.objects.clear_cache()
    try:
        assert titles() == ["Budżet obywatelski"]
        assert listing_count(ConsultationPage, NO_FILTERS) == 1 and entries()[record.pk][0] == new.pk
    finally:
        ContentType.objects.clear_cache()  # the rollback brings the old ids back: no later test may see the new one
