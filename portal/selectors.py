"""Reads for portal pages, each with its joins applied so a page costs the same queries at any size."""

from urllib.parse import quote

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, F, QuerySet, Window, prefetch_related_objects
from django.utils import timezone
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.text import capfirst
from wagtail.models import Page, Site

from catalog.filters import RecordFilters, reference_objects
from catalog.models import CatalogIndexPage, CatalogPage, ConsultationPage, EventPage, ProjectPage
from catalog.selectors import (
    apply_filters,
    card_prefetches,
    current_records,
    filtered_public_records,
    public_entries,
    public_records,
    search,
    with_card_relations,
)
from core.models import District, Topic
from core.prepared import prepared_read
from core.visibility import public, restricted_paths
from newsroom.models import NewsIndexPage
from newsroom.selectors import public_news

from .dates import STATUS_LABELS, date_range

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
        "news": list(public_news().select_related(None)[:HOME_SECTION_SIZE]),  # cards show no image
        "news_index": public(NewsIndexPage.objects.child_of(home)).first(),
        "listings": listings_by_record_type(home),
    }


def listings_by_record_type(home: Page) -> dict[str, CatalogIndexPage]:
    """The live listing of each record type under the home page, keyed by the record model's name."""
    return {
        listing.specific_class.record_model._meta.model_name: listing
        for listing in public(CatalogIndexPage.objects.child_of(home))
    }


# What a card on a listing reads of a record: url_path for its address, content_type for its type.
CARD_FIELDS = ("pk", "title", "url_path", "content_type_id", "status", "lead", "starts_at", "ends_at")


def listing_records(model: type[CatalogPage], filters: RecordFilters, *, sort: str) -> QuerySet:
    """One type's records matching a search as rows of the columns cards read (`listing_cards`), not page objects.

    Django neither compiles the ≈ 60 columns of a record's three tables nor builds a page object per row
    (modelcluster's `__init__` walks every field of the model per instance).
    """
    return filtered_public_records(model, filters).order_by(*SORT_ORDERS[sort]).values(*CARD_FIELDS)


def listing_entries(content_type_id: int, filters: RecordFilters, *, sort: str) -> QuerySet:
    """One type's public records as listing entries (`catalog.listing`), filtered (all but a search) and sorted."""
    return apply_filters(public_entries(content_type_id), filters).order_by(*SORT_ORDERS[sort])


def listing_page(model: type[CatalogPage], filters: RecordFilters, *, sort: str, offset: int, size: int) -> list[dict]:
    """Rows `offset` to `offset + size` of a listing with the columns cards read, each with the number of all (`total`).

    The page of ids and the total come from the listing entries alone (`COUNT(*) OVER ()`: PostgreSQL reads the
    filtered entries once, narrow rows of one table), then the cards' columns of those ids. Both queries are compiled
    once per process and shape (`core.prepared`): the record type, districts, topics and statuses are their values;
    dates, order, page and closed sections are part of the SQL. A search runs a query of its own first, so a listing
    with `q` reads the records themselves, compiled as usual.
    """
    if filters.query:
        return list(_counted(listing_records(model, filters, sort=sort))[offset : offset + size])
    shape = (
        sort, offset, size, len(filters.districts), len(filters.topics), len(filters.statuses),
        filters.date_from, filters.date_to, timezone.get_current_timezone_name(),  # the dates' bounds are local midnights
        tuple(restricted_paths()),  # what `outside_restrictions()` leaves out
    )
    values = [
        ContentType.objects.get_for_model(model).pk,  # a value, not part of the SQL: every type shares one statement
        *(district.pk for district in filters.districts), *(topic.pk for topic in filters.topics), *filters.statuses,
    ]
    entries = prepared_read(_listing_page, shape, values)
    if not entries:
        return []
    ids = [page_id for page_id, _total in entries]
    cards = {row["pk"]: row for row in prepared_read(_card_rows, len(ids), ids)}
    return [{**cards[page_id], "total": total} for page_id, total in entries if page_id in cards]


def listing_count(model: type[CatalogPage], filters: RecordFilters) -> int:
    """How many records a listing's filters match, for a page past the end, which has no row to carry the total."""
    if filters.query:
        return filtered_public_records(model, filters).count()
    return listing_entries(ContentType.objects.get_for_model(model).pk, filters, sort=DEFAULT_SORT).count()


def _listing_page(shape: tuple, content_type_id: int, *values) -> QuerySet:
    sort, offset, size, districts, topics, _statuses, date_from, date_to, _timezone, _restricted = shape
    filters = RecordFilters(
        districts=[District(pk=pk) for pk in values[:districts]],
        topics=[Topic(pk=pk) for pk in values[districts : districts + topics]],
        statuses=list(values[districts + topics :]),
        date_from=date_from,
        date_to=date_to,
    )
    return _counted(listing_entries(content_type_id, filters, sort=sort)).values_list("page_id", "total")[offset : offset + size]


def _card_rows(count: int, *page_ids: int) -> QuerySet:
    """The cards' columns of `count` records (`core.prepared`: compiled once per number of records)."""
    return CatalogPage.objects.filter(pk__in=page_ids).values(*CARD_FIELDS)


def _counted(rows: QuerySet) -> QuerySet:
    return rows.annotate(total=Window(Count("*")))


def listing_cards(rows: list[dict], *, index_page: Page, request) -> list[dict]:
    """What each card of a listing shows (`record_list.html`), from `listing_page`'s rows, with one query for districts.

    A record below the listing gets the listing's address plus the rest of its path, as Wagtail's `get_url` would
    write it (quoted as `reverse` quotes it), without reversing a URL per card.
    """
    districts = district_names([row["pk"] for row in rows])
    listing_url = index_page.get_url(request)
    # Labels are translated once per listing, not once per card: `capfirst` of a lazy label is lazy again, and each
    # card would translate it anew when the card is written.
    statuses = {status: capfirst(str(STATUS_LABELS.get(status, status))) for status in {row["status"] for row in rows}}
    record_types = {pk: capfirst(record_type_label(pk)) for pk in {row["content_type_id"] for row in rows}}
    return [
        {
            "url": _card_url(row["url_path"], index_page.url_path, listing_url, request),
            "title": row["title"],
            "record_type": record_types[row["content_type_id"]],
            "status": statuses[row["status"]],
            "lead": row["lead"],
            "when": date_range(row["starts_at"], row["ends_at"]) if row["starts_at"] or row["ends_at"] else "",
            "districts": ", ".join(districts.get(row["pk"], ())),
        }
        for row in rows
    ]


def _card_url(url_path: str, listing_path: str, listing_url: str | None, request) -> str | None:
    if listing_url is not None and url_path.startswith(listing_path):
        return listing_url + quote(url_path[len(listing_path) :], safe=RFC3986_SUBDELIMS + "/~:@")
    return Page(url_path=url_path).get_url(request)  # a record outside its listing (moved by hand)


def district_names(record_ids: list[int]) -> dict[int, list[str]]:
    """Names of each record's districts in district order, from the link table and the cached district list."""
    if not record_ids:
        return {}
    linked: dict[int, set[int]] = {}
    for record_id, district_id in prepared_read(_district_links, len(record_ids), record_ids):
        linked.setdefault(record_id, set()).add(district_id)
    districts = reference_objects(District)
    return {
        record_id: [str(district) for district in districts if district.pk in district_ids]
        for record_id, district_ids in linked.items()
    }


def _district_links(count: int, *record_ids: int) -> QuerySet:
    """(record id, district id) pairs of `count` records (`core.prepared`: compiled once per number of records)."""
    return CatalogPage.districts.through.objects.filter(catalogpage_id__in=record_ids).values_list("catalogpage_id", "district_id")


def record_type_label(content_type_id: int) -> str:
    """The record type's name (e.g. "consultation"); Django caches content types per process."""
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    return str(model._meta.verbose_name) if model else ""


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
    # The ids of each type's records whose foreign key is this record (e.g. events of a consultation), as one UNION:
    # each part uses its foreign key's index. An OR over joins to each type's table (or over one subquery per type)
    # made PostgreSQL scan every record (≈ 4 ms, then ≈ 1.7 ms at 10,000 records).
    ids = [relation.related_model._base_manager.filter(**{relation.field.name: record}).values("pk") for relation in relations]
    pointing = ids[0].union(*ids[1:], all=True) if len(ids) > 1 else ids[0]
    records = list(with_card_relations(public(CatalogPage.objects.filter(pk__in=pointing))).order_by("starts_at", "pk"))
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
