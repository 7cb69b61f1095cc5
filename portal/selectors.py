"""Reads for portal pages, each with its joins applied so a page costs the same queries at any size."""

from django.db.models import F, Q, QuerySet, prefetch_related_objects
from wagtail.models import Page, Site

from catalog.filters import RecordFilters
from catalog.models import CatalogIndexPage, CatalogPage, ConsultationPage, EventPage, ProjectPage
from catalog.selectors import (
    card_prefetches,
    current_records,
    filtered_public_records,
    public_records,
    search,
    with_card_relations,
)
from core.visibility import public

HOME_SECTION_SIZE = 6

# Orders a resident can choose on a listing; records without a date go last.
SORT_ORDERS = {
    "date": (F("starts_at").desc(nulls_last=True), "pk"),
    "date_asc": (F("starts_at").asc(nulls_last=True), "pk"),
    "published": (F("first_published_at").desc(nulls_last=True), "pk"),
    "title": ("title", "pk"),
}
DEFAULT_SORT = "date"

# Records that point at a record (reverse foreign keys), listed on its page: related_name per type.
BACKLINKS: dict[type[CatalogPage], tuple[str, ...]] = {
    ProjectPage: ("consultations", "events", "campaigns"),
    ConsultationPage: ("events", "campaigns"),
}


def home_context(home: Page) -> dict:
    return {
        "consultations": current_records(ConsultationPage, limit=HOME_SECTION_SIZE),
        "events": current_records(EventPage, limit=HOME_SECTION_SIZE),
        "latest": list(
            # Live pages always have first_published_at; filtering NULLs out lets PostgreSQL use its index.
            with_card_relations(
                public_records().filter(first_published_at__isnull=False).order_by("-first_published_at", "-pk")
            )[:HOME_SECTION_SIZE]
        ),
        "listings": listings_by_record_type(home),
    }


def listings_by_record_type(home: Page) -> dict[str, CatalogIndexPage]:
    """The live listing of each record type under the home page, keyed by the record model's name."""
    return {
        listing.specific_class.record_model._meta.model_name: listing
        for listing in public(CatalogIndexPage.objects.child_of(home))
    }


# What a card on a listing reads of a record (`record_cards`; url_path for its address, content_type for its type).
CARD_FIELDS = ("title", "url_path", "content_type", "status", "lead", "starts_at", "ends_at")


def listing_records(model: type[CatalogPage], filters: RecordFilters, *, sort: str) -> QuerySet:
    """One type's records as cards show them: only the columns cards read, so PostgreSQL sorts narrow rows and
    Django compiles and builds less for each of the ≈ 60 columns of a record's three tables."""
    records = filtered_public_records(model, filters).order_by(*SORT_ORDERS[sort]).only(*CARD_FIELDS)
    return with_card_relations(records)


def record_relations(record: CatalogPage) -> dict:
    """Everything a record's page shows besides its own fields, one query per kind of relation."""
    return {
        "districts": list(record.districts.order_by("number")),
        "topics": list(record.topics.order_by("name")),
        "partners": list(record.partners.order_by("name")),
        "attachments": list(record.attachments.select_related("document")),
        "related_links": list(record.links.filter(target__live=True).select_related("target")),
        "project": _visible(getattr(record, "project", None)),
        "consultation": _visible(getattr(record, "consultation", None)),
        "backlinks": _backlinks(record),
    }


def _backlinks(record: CatalogPage) -> list[dict]:
    """Published records that point at this one, by kind, read in one query; a record not saved yet (a preview) has none."""
    relations = [getattr(type(record), name).rel for name in BACKLINKS.get(type(record), ())]
    if record.pk is None or not relations:
        return []
    pointing = Q()
    for relation in relations:  # e.g. Q(eventpage__consultation=record)
        pointing |= Q(**{f"{relation.related_model._meta.model_name}__{relation.field.name}": record})
    records = list(with_card_relations(public(CatalogPage.objects.filter(pointing))).order_by("starts_at", "pk"))
    return [
        {
            "label": relation.related_model._meta.verbose_name_plural,
            "records": [linked for linked in records if linked.specific_class is relation.related_model],
        }
        for relation in relations
    ]


def _visible(record: CatalogPage | None) -> CatalogPage | None:
    """A record referred to by a foreign key (the project of a consultation...), if it is published."""
    return record if record is not None and record.live else None


def search_records(query: str):
    """Live, public records of every type matching all words of the query, best match first."""
    return search(public_records(), query)


def prefetch_card_relations(records) -> list[CatalogPage]:
    """One page of search results with what their cards show (search drops prefetches)."""
    records = list(records)
    prefetch_related_objects(records, *card_prefetches())
    return records


def ancestors_below_home(page: Page, site: Site | None) -> list[Page]:
    """The pages between the site's home page and `page`, for breadcrumbs.

    Walks up through parents, which Wagtail's routing has already read, so a served page costs no query.
    """
    if site is None or not page.path.startswith(site.root_page.path):
        return []
    trail = []
    while page.depth > site.root_page.depth + 1:
        page = page.get_parent()
        trail.append(page)
    return trail[::-1]
