"""Generated catalog records in bulk (`seed_demo --scale N`), for benchmarks and for trying listings at size.

Creating 10,000 pages with Wagtail's `add_child` and a revision each takes many minutes, so this path
writes the rows directly and keeps the page tree valid itself: materialised paths after the listing's
last child, depth, the parent's `numchild`, `url_path`, content type and locale; each page is live and
has no revision (its first edit in the admin creates one). Rows go in table by table because Django's
`bulk_create` refuses multi-table models. The search index is updated in bulk afterwards.

Record number n always gets slug ``rekord-0000n``, the type ``VOLUME_TYPES[n % 5]`` and values from a
random generator seeded with n and the anchor day, so the same arguments give the same records and
a re-run skips the ones that exist.
"""

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F
from wagtail.models import Page
from wagtail.search.backends import get_search_backends

from catalog import listing
from catalog.models import (
    CampaignKind,
    CampaignPage,
    CatalogPage,
    ConsultationPage,
    EventPage,
    EventType,
    ListingEntry,
    OfferKind,
    OfferPage,
    ProjectPage,
)
from catalog.statuses import Status
from core.models import District, Topic
from core.roles import KOORDYNATOR, REDAKTOR
from directory.models import Organisation, OrganisationKind

from .content import EVENT_TYPE_TITLES, OFFER_KIND_TITLES, VOLUME_SUBJECTS, Day
from .services import moment

VOLUME_TYPES: list[type[CatalogPage]] = [ProjectPage, ConsultationPage, CampaignPage, EventPage, OfferPage]
SLUG_PREFIX = "rekord-"
BATCH_SIZE = 1000
M2M_FIELDS = ("districts", "topics", "partners")


def volume_slug(number: int) -> str:
    return f"{SLUG_PREFIX}{number:05d}"


@dataclass
class _Choices:
    """What generated records pick from, in a fixed order so picks are reproducible."""

    anchor: date
    districts: list[District]
    topics: list[Topic]
    organisations: list[Organisation]
    owner_ids: list[int | None]


@transaction.atomic
def create_volume_records(*, count: int, anchor: date) -> int:
    """Make sure records 1..count exist; return how many were created."""
    existing = set(CatalogPage.objects.filter(slug__startswith=SLUG_PREFIX).values_list("slug", flat=True))
    missing = [n for n in range(1, count + 1) if volume_slug(n) not in existing]
    if not missing:
        return 0
    choices = _Choices(
        anchor=anchor,
        districts=list(District.objects.order_by("number")),
        topics=list(Topic.objects.order_by("slug")),
        organisations=list(Organisation.objects.exclude(kind=OrganisationKind.DISTRICT_COUNCIL).order_by("name", "pk")),
        owner_ids=[
            None,
            *get_user_model().objects.filter(groups__name__in=[KOORDYNATOR, REDAKTOR]).distinct().order_by("username").values_list("pk", flat=True),
        ],
    )
    for model in VOLUME_TYPES:
        numbers = [n for n in missing if VOLUME_TYPES[n % len(VOLUME_TYPES)] is model]
        if numbers:
            _create_under_listing(model, numbers, choices)
    _analyze()
    return len(missing)


def _analyze() -> None:
    """Refresh the planner's statistics: right after a bulk load they still describe the empty tables,
    and PostgreSQL then picks plans for a few hundred rows (autovacuum catches up only later)."""
    tables = {Page._meta.db_table, *(model._meta.db_table for model in VOLUME_TYPES + [CatalogPage, ListingEntry])}
    tables |= {CatalogPage._meta.get_field(name).remote_field.through._meta.db_table for name in M2M_FIELDS}
    with connection.cursor() as cursor:
        for table in sorted(tables):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _create_under_listing(model: type[CatalogPage], numbers: list[int], choices: _Choices) -> None:
    (listing_model,) = model.allowed_parent_page_models()
    # Lock the listing row: nobody else may add children while we number the paths.
    parent = Page.objects.select_for_update().get(pk=listing_model.objects.get().pk)
    last_child = parent.get_last_child()
    last_step = Page._str2int(last_child.path[-Page.steplen:]) if last_child else 0
    content_type = ContentType.objects.get_for_model(model)
    pages = []
    for offset, number in enumerate(numbers, start=1):
        page = _generate(model, number, choices)
        page.path = Page._get_path(parent.path, parent.depth + 1, last_step + offset)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.draft_title = page.title
        page.live = True
        page.has_unpublished_changes = False
        pages.append(page)
    _insert_multitable(pages)
    _insert_relations(pages)
    listing.refresh(page.pk for page in pages)  # bulk inserts send no signals
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    _index(pages)


def _insert_multitable(pages: list[CatalogPage]) -> None:
    """Insert pages of one specific type table by table, top-down (Page → CatalogPage → e.g. EventPage).

    The `wagtailcore_page` rows return their ids; each subclass table reuses that id as its parent link.
    """
    model = type(pages[0])
    chain = [*reversed(model._meta.get_parent_list()), model]
    base = chain[0]
    base_fields = [f for f in base._meta.local_concrete_fields if not f.primary_key]
    rows = base._base_manager.all()._batched_insert(pages, base_fields, BATCH_SIZE)
    for page, (pk,) in zip(pages, rows, strict=True):
        for level in chain:
            setattr(page, level._meta.pk.attname, pk)
    for level in chain[1:]:
        level._base_manager.all()._batched_insert(pages, level._meta.local_concrete_fields, BATCH_SIZE)


def _insert_relations(pages: list[CatalogPage]) -> None:
    """Rows of the many-to-many tables from the pages' in-memory (modelcluster) relations."""
    for name in M2M_FIELDS:
        m2m = CatalogPage._meta.get_field(name)
        through = m2m.remote_field.through
        source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
        through.objects.bulk_create(
            [through(**{f"{source}_id": page.pk, f"{target}_id": related.pk}) for page in pages for related in getattr(page, name).all()],
            batch_size=BATCH_SIZE,
        )


def _index(pages: list[CatalogPage]) -> None:
    """What Wagtail's save signal would have queued for each page, in chunks.

    The pages are indexed from memory: their districts and topics are still held by modelcluster, so
    the indexer needs no query per page (it cannot prefetch ParentalManyToManyFields).
    """
    model = type(pages[0])
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(pages), BATCH_SIZE):
            backend.add_bulk(model, pages[start:start + BATCH_SIZE])


def _generate(model: type[CatalogPage], number: int, choices: _Choices) -> CatalogPage:
    rng = random.Random(f"{choices.anchor.isoformat()}:{number}")  # noqa: S311 – reproducible data, not secrets
    districts = rng.sample(choices.districts, k=rng.choice([1, 1, 2]))
    subject = rng.choice(VOLUME_SUBJECTS)
    start_day = rng.randint(-365, 180)
    published = moment(choices.anchor, Day(min(start_day, 0) - rng.randint(1, 30), "09:00"))
    fields = _TYPE_FIELDS[model](rng, anchor=choices.anchor, subject=subject, place=districts[0].name, start_day=start_day)
    page = model(
        slug=volume_slug(number),
        lead=f"Dane przykładowe: {subject} w dzielnicy {districts[0].name}. Rekord wygenerowany do testów wydajności.",
        body=f"<p>Rekord nr {number} wygenerowany poleceniem seed_demo --scale. Temat: {subject}.</p>",
        owner_person_id=rng.choice(choices.owner_ids),
        responsible_unit=rng.choice(choices.organisations),
        first_published_at=published,
        last_published_at=published,
        **fields,
    )
    page.districts = districts
    page.topics = rng.sample(choices.topics, k=rng.choice([1, 2]))
    page.partners = rng.sample(choices.organisations, k=rng.randint(0, 2))
    return page


def _lifecycle(start_day: int, end_day: int, *, upcoming: list[tuple[int, str]], current: str, ended: list[tuple[int | None, str]]) -> str:
    """A status that fits the dates: `upcoming` is (more than n days ahead, status) checked in order,
    `current` while it runs, `ended` is (at most n days since the end or None for any, status)."""
    for more_than, status in upcoming:
        if start_day > more_than:
            return status
    if end_day >= 0:
        return current
    return next(status for at_most, status in ended if at_most is None or -end_day <= at_most)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _period(anchor: date, start_day: int, end_day: int) -> dict:
    return {"starts_at": moment(anchor, Day(start_day)), "ends_at": moment(anchor, Day(end_day, "23:59"))}


def _project(rng: random.Random, *, anchor: date, subject: str, place: str, start_day: int) -> dict:
    end_day = start_day + rng.randint(90, 540)
    status = _lifecycle(start_day, end_day, upcoming=[(0, Status.PLANNED)], current=Status.RUNNING, ended=[(None, Status.FINISHED)])
    return {"title": f"Program „{_capitalised(subject)}” – {place}", "status": status, **_period(anchor, start_day, end_day)}


def _consultation(rng: random.Random, *, anchor: date, subject: str, place: str, start_day: int) -> dict:
    end_day = start_day + rng.randint(21, 42)
    status = _lifecycle(
        start_day, end_day,
        upcoming=[(30, Status.PLANNED), (7, Status.IN_PREPARATION), (0, Status.ANNOUNCED)], current=Status.OPEN,
        ended=[(30, Status.CLOSED), (None, Status.REPORT_PUBLISHED)],
    )
    return {"title": f"Konsultacje: {subject} ({place})", "status": status, **_period(anchor, start_day, end_day)}


def _campaign(rng: random.Random, *, anchor: date, subject: str, place: str, start_day: int) -> dict:
    end_day = start_day + rng.randint(14, 90)
    status = _lifecycle(
        start_day, end_day,
        upcoming=[(60, Status.IDEA), (14, Status.PLANNED), (0, Status.APPROVED)], current=Status.RUNNING,
        ended=[(60, Status.FINISHED), (None, Status.EVALUATED)],
    )
    return {"title": f"Kampania „{_capitalised(subject)}” – {place}", "status": status, "kind": rng.choice(CampaignKind.values),
            **_period(anchor, start_day, end_day)}


def _event(rng: random.Random, *, anchor: date, subject: str, place: str, start_day: int) -> dict:
    event_type = rng.choice(EventType.values)
    status = _lifecycle(
        start_day, start_day, upcoming=[(30, Status.PLANNED), (-1, Status.ANNOUNCED)], current=Status.ANNOUNCED,
        ended=[(None, Status.FINISHED)],
    )
    if rng.random() < 0.05:
        status = Status.CANCELLED
    hour = rng.choice([10, 12, 16, 17, 18])
    online = event_type == EventType.WEBINAR
    return {
        "title": f"{EVENT_TYPE_TITLES[event_type]}: {subject} – {place}", "status": status, "event_type": event_type,
        "starts_at": moment(anchor, Day(start_day, f"{hour}:00")), "ends_at": moment(anchor, Day(start_day, f"{hour + 2}:00")),
        "is_online": online, "online_url": "https://spotkania.example.org/dialog-krakow" if online else "",
        "venue_name": "" if online else f"Dom kultury – {place}", "venue_address": "" if online else "Kraków",
    }


def _offer(rng: random.Random, *, anchor: date, subject: str, place: str, start_day: int) -> dict:
    kind = rng.choice(OfferKind.values)
    return {
        "title": f"{OFFER_KIND_TITLES[kind]}: {subject}", "kind": kind, "audience": f"mieszkańcy dzielnicy {place}",
        "status": Status.ARCHIVED if rng.random() < 0.1 else Status.AVAILABLE, "starts_at": moment(anchor, Day(start_day)),
    }


_TYPE_FIELDS = {ProjectPage: _project, ConsultationPage: _consultation, CampaignPage: _campaign, EventPage: _event, OfferPage: _offer}
