"""Reads of the catalog with their joins applied, so listings cost the same few queries at any size."""

from datetime import datetime, time

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from core.models import District, Topic

from .filters import RecordFilters
from .models import CatalogPage
from .statuses import CURRENT_STATUSES


def _start_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _end_of(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def with_listing_relations(queryset: QuerySet) -> QuerySet:
    """Everything a listing row shows: image, districts and topics in two extra queries in total."""
    return queryset.select_related("image", "owner_person", "responsible_unit").prefetch_related(
        Prefetch("districts", queryset=District.objects.order_by("number")),
        Prefetch("topics", queryset=Topic.objects.order_by("name")),
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
    """Full-text search through Wagtail's backend (PostgreSQL: the unaccented `dialog_pl` configuration)."""
    return queryset.search(query, operator="and")


def public_records(model: type[CatalogPage] = CatalogPage) -> QuerySet:
    return model.objects.live().public()


def filtered_public_records(model: type[CatalogPage], filters: RecordFilters) -> QuerySet:
    """What a listing page or the API shows: published records of a type, filtered, latest first."""
    queryset = apply_filters(public_records(model), filters)
    if filters.query:
        matching = search(public_records(model), filters.query)
        queryset = queryset.filter(pk__in=[page.pk for page in matching])
    return with_listing_relations(queryset.order_by("-starts_at", "pk"))


def current_records(model: type[CatalogPage], *, limit: int) -> list[CatalogPage]:
    """Open or upcoming records for the home page, nearest first."""
    now = timezone.now()
    queryset = public_records(model).filter(status__in=CURRENT_STATUSES).filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True))
    return list(with_listing_relations(queryset.order_by("starts_at", "pk"))[:limit])
