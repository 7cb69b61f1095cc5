"""Reads of the catalog with their joins applied, so listings cost the same few queries at any size."""

import re
from datetime import datetime, time

from django.db.models import F, Prefetch, Q, QuerySet
from django.utils import timezone

from core.models import District, Topic

from .filters import RecordFilters
from .models import CatalogPage
from .statuses import CURRENT_STATUSES


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _end_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


# Public listings never show the responsible person; staff views join the account themselves.
LISTING_JOINS = ("image", "responsible_unit")


def with_listing_relations(queryset: QuerySet) -> QuerySet:
    """Everything a listing row shows: image, districts and topics in two extra queries in total.

    The joins are also registered for `.specific()`, whose per-type queries would otherwise lose them.
    """
    return (
        queryset.select_related(*LISTING_JOINS)
        .select_related(*LISTING_JOINS, for_specific_subqueries=True)
        .prefetch_related(
            Prefetch("districts", queryset=District.objects.order_by("number")),
            Prefetch("topics", queryset=Topic.objects.order_by("name")),
        )
    )


def apply_filters(queryset: QuerySet, filters: RecordFilters) -> QuerySet:
    """Narrow a queryset of catalog records; date range keeps records whose period overlaps it."""
    if filters.districts:
        queryset = queryset.filter(districts__in=filters.districts)
    if filters.topics:
        queryset = queryset.filter(topics__in=filters.topics)
    if filters.statuses:
        queryset = queryset.filter(status__in=filters.statuses)
    if filters.date_from:
        start = _start_of(filters.date_from)
        queryset = queryset.filter(Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start))
    if filters.date_to:
        queryset = queryset.filter(starts_at__lte=_end_of(filters.date_to))
    if filters.districts or filters.topics:
        queryset = queryset.distinct()
    return queryset


def search(queryset: QuerySet, query: str):
    """Full-text search through Wagtail's backend (PostgreSQL: the unaccented `dialog_pl` configuration).

    Only the words are passed on: the backends read quotes and other punctuation as query syntax,
    and SQLite fails on an unbalanced quote.
    """
    words = " ".join(re.findall(r"\w+", query))
    if not words:
        return queryset.none()
    return queryset.search(words, operator="and")


def public_records(model: type[CatalogPage] = CatalogPage) -> QuerySet:
    return model.objects.live().public()


def filtered_records(records: QuerySet, filters: RecordFilters) -> QuerySet:
    """Filter and search any set of records the same way (portal listings, API), latest first, undated last."""
    queryset = apply_filters(records, filters)
    if filters.query:
        # Search the unfiltered set (the backend accepts only indexed filter fields), then narrow the filtered one.
        queryset = queryset.filter(pk__in=[page.pk for page in search(records, filters.query)])
    return with_listing_relations(queryset.order_by(F("starts_at").desc(nulls_last=True), "pk"))


def filtered_public_records(model: type[CatalogPage], filters: RecordFilters) -> QuerySet:
    """What a listing page shows: published records of a type, filtered."""
    return filtered_records(public_records(model), filters)


def current_records(model: type[CatalogPage], *, limit: int) -> list[CatalogPage]:
    """Open or upcoming records for the home page, nearest first."""
    now = timezone.now()
    queryset = public_records(model).filter(status__in=CURRENT_STATUSES).filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True))
    return list(with_listing_relations(queryset.order_by("starts_at", "pk"))[:limit])
