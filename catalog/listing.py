"""The listing entries (`ListingEntry`): one narrow row per live record, written whenever a record's row changes.

Entries are read back from the database, never copied from the instance being saved: Wagtail saves a page's row to
note a new draft (`save_revision`) while the instance holds the draft's title and dates, which the public must not
see before they are published. A record's save (publishing, unpublishing, a status moved by the scheduler) refreshes
its entry in the same transaction; a move refreshes the moved page's subtree, whose paths changed; a deleted record
takes its entry with it (the foreign key cascades). The volume generator's bulk inserts, which send no signals,
refresh theirs; `reconcile` repairs whatever else changed past the signals.
"""

import logging
from collections.abc import Iterable

from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.signals import post_page_move

from .models import CatalogPage, ListingEntry

FIELDS = ("content_type_id", "path", "title", "status", "starts_at", "ends_at", "first_published_at")
BATCH_SIZE = 1000

logger = logging.getLogger(__name__)


def refresh(page_ids: Iterable[int]) -> None:
    """Make these records' entries match their rows: a live record's written, any other's removed."""
    page_ids = sorted(set(page_ids))
    for start in range(0, len(page_ids), BATCH_SIZE):
        _refresh(set(page_ids[start : start + BATCH_SIZE]))


def _refresh(page_ids: set[int]) -> None:
    rows = CatalogPage.objects.filter(pk__in=page_ids, live=True).values("pk", *FIELDS)
    entries = [ListingEntry(page_id=row.pop("pk"), **row) for row in rows]
    ListingEntry.objects.filter(page_id__in=page_ids - {entry.page_id for entry in entries}).delete()
    ListingEntry.objects.bulk_create(entries, update_conflicts=True, unique_fields=["page"], update_fields=FIELDS)


def reconcile() -> int:
    """Repair the entries that differ from their records' rows; returns how many were repaired.

    Signals do not see a change made past the ORM's save (raw SQL, `QuerySet.update()`, an import); the periodic
    job `listing_entries` and `manage.py reconcile_listing_entries` catch such changes up and log how many there were.
    """
    wanted = {row[0]: row[1:] for row in CatalogPage.objects.filter(live=True).values_list("pk", *FIELDS).iterator()}
    held = {row[0]: row[1:] for row in ListingEntry.objects.values_list("page_id", *FIELDS).iterator()}
    stale = {pk for pk in wanted.keys() | held.keys() if wanted.get(pk) != held.get(pk)}
    refresh(stale)
    if stale:
        logger.warning("Listing entries repaired: %d records changed without their entries", len(stale))
    return len(stale)


def _record_saved(sender, instance, **kwargs) -> None:
    refresh([instance.pk])


def _page_moved(sender, instance, **kwargs) -> None:
    """A moved page's subtree has new paths; any page may hold records below it (a listing, a section)."""
    path = Page.objects.filter(pk=instance.pk).values_list("path", flat=True).first()
    if path is not None:
        refresh(CatalogPage.objects.filter(path__startswith=path).values_list("pk", flat=True))


def connect_signals() -> None:
    """Wagtail saves a record's tables with one signal, sent for its own type; a move is one signal for the subtree."""
    for model in (CatalogPage, *CatalogPage.__subclasses__()):
        post_save.connect(_record_saved, sender=model, dispatch_uid=f"catalog.listing.{model._meta.model_name}")
    post_page_move.connect(_page_moved, dispatch_uid="catalog.listing.moved")
