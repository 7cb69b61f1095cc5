"""Reads of the back-office: which records a user may see, the register's rows and the dashboard lists.

Staff (every role except Partner) see the whole catalog. A partner account sees the published records
its organisation is responsible for or partners in, plus whatever it created itself; the same rule
narrows the register and a record's inspect page (with the records it names), the dashboard (Wagtail's page
count too), the page explorer, chooser, move confirmation and bulk actions, and (through the page permission
policy in `wagtail_hooks`) Wagtail's page search, pages-of-a-type listing, admin API and site history.
"""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    CharField,
    F,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Cast
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Page, Revision

from catalog.models import CatalogAttachment, CatalogLink, CatalogPage
from catalog.selectors import with_listing_relations
from core.models import District, Topic
from core.roles import sees_whole_catalog
from directory.models import Account, Organisation


def visible_records(user: AbstractBaseUser) -> QuerySet[CatalogPage]:
    """The partner's rule is a subquery on the key: the search backend filters only on indexed fields."""
    records = CatalogPage.objects.all()
    if sees_whole_catalog(user):
        return records
    organisations = Account.objects.filter(user=user).values("organisation")
    partnered = CatalogPage.partners.through.objects.filter(organisation__in=organisations).values("catalogpage")
    visible = records.filter(
        Q(owner=user) | (Q(live=True) & (Q(responsible_unit__in=organisations) | Q(pk__in=partnered)))
    )
    return records.filter(pk__in=visible.values("pk"))


def restrict_to_visible(pages: QuerySet, user: AbstractBaseUser) -> QuerySet:
    """Hide catalog records the user may not see from any page queryset; other pages stay."""
    if sees_whole_catalog(user):
        return pages
    hidden = CatalogPage.objects.exclude(pk__in=visible_records(user).values("pk"))
    return pages.exclude(pk__in=hidden.values("pk"))


def hides_any_page(user: AbstractBaseUser, page_ids) -> bool:
    """Whether any of these pages is a record the user may not see (ids of no page are left to the caller)."""
    pages = Page.objects.filter(pk__in=page_ids)
    return pages.exclude(pk__in=restrict_to_visible(pages, user).values("pk")).exists()


def visible_record_ids(user: AbstractBaseUser, ids) -> set[int]:
    """Which of these records the user may see; staff see them all without a query."""
    ids = {pk for pk in ids if pk is not None}
    if not ids or sees_whole_catalog(user):
        return ids
    return set(visible_records(user).filter(pk__in=ids).values_list("pk", flat=True))


def record_to_inspect(user: AbstractBaseUser, pk: int) -> CatalogPage | None:
    """One record the user may see, as its own type with everything its inspect page shows; None if unknown or hidden.

    The row gives the publication state (live, schedule, last change, approval step, lock); `record.content` is the
    record as last saved – the latest revision when it holds changes not yet published (a draft's row keeps the
    values it was created with, Wagtail writes later drafts only as revisions). A fixed number of queries at any
    number of districts, partners, attachments, links or goals.
    """
    row = visible_records(user).filter(pk=pk).values_list("content_type", "has_unpublished_changes").first()
    model = ContentType.objects.get_for_id(row[0]).model_class() if row else None
    if model is None or not issubclass(model, CatalogPage):
        return None
    has_draft = row[1]
    scheduled = Revision.page_revisions.filter(
        object_id=Cast(OuterRef("pk"), output_field=CharField()), approved_go_live_at__isnull=False
    ).order_by("-created_at")
    records = (
        model.objects.filter(pk=pk)
        .select_related("owner", "locked_by", "latest_revision__user", *_content_joins(model))
        .prefetch_workflow_states()
        .annotate_approved_schedule()
        .annotate(scheduled_go_live_at=Subquery(scheduled.values("approved_go_live_at")[:1]))
    )
    if not has_draft:
        records = records.prefetch_related(*_content_prefetches(model))
    record = records.first()
    if record is None:
        return None
    record.content = _latest_content(record) if has_draft and record.latest_revision else record
    return record


def _content_joins(model: type[CatalogPage]) -> list[str]:
    """Foreign keys a record's inspect page names: the people and unit responsible, the records it belongs to."""
    own = model._meta.get_fields(include_parents=False)
    return ["owner_person", "responsible_unit", *(field.name for field in own if field.concrete and field.many_to_one)]


def _many_valued(model: type[CatalogPage]) -> list[str]:
    """The type's own many-to-many fields and child rows (e.g. a campaign's channels, team, events and goals)."""
    own = model._meta.get_fields(include_parents=False)
    return [
        *(field.name for field in own if field.many_to_many and not field.auto_created),
        *(relation.get_accessor_name() for relation in get_all_child_relations(model)
          if relation.related_model not in (CatalogAttachment, CatalogLink) and relation.model is model),
    ]


def _content_prefetches(model: type[CatalogPage]) -> list:
    return [
        Prefetch("districts", queryset=District.objects.order_by("number")),
        Prefetch("topics", queryset=Topic.objects.order_by("name")),
        Prefetch("partners", queryset=Organisation.objects.order_by("name")),
        Prefetch("attachments", queryset=CatalogAttachment.objects.select_related("document")),
        Prefetch("links", queryset=CatalogLink.objects.select_related("target")),
        *_many_valued(model),
    ]


def _latest_content(record: CatalogPage) -> CatalogPage:
    """The record as its latest revision has it, with its related objects read once per relation.

    Built without Wagtail's foreign-key checks (a query per key, per attachment and per link): a key to a
    deleted object reads as empty. Many-to-many fields are read once each while the revision is unpacked.
    """
    content = type(record).from_serializable_data(record.latest_revision.content, check_fks=False)
    content.pk = content.id = record.pk
    missing = []
    for name in _content_joins(type(record)):
        if getattr(content, f"{name}_id") == getattr(record, f"{name}_id"):
            setattr(content, name, getattr(record, name))
        else:
            missing.append(name)
    prefetch_related_objects([content], *missing)
    prefetch_related_objects(list(content.attachments.all()), "document")
    prefetch_related_objects(list(content.links.all()), "target")
    content.districts.set(sorted(content.districts.all(), key=lambda district: district.number))
    for name in ("topics", "partners"):
        getattr(content, name).set(sorted(getattr(content, name).all(), key=lambda item: item.name))
    return content


def with_register_relations(records: QuerySet[CatalogPage]) -> QuerySet[CatalogPage]:
    """Everything a register row or export line shows, in a fixed number of queries at any size.

    Rows stay `CatalogPage` instances: every column lives on that table, and skipping Wagtail's
    `.specific()` saves one query per record type.
    """
    return (
        with_listing_relations(records)
        .select_related("owner_person")
        .prefetch_related("partners", "content_type")
        .prefetch_workflow_states()
        .annotate_site_root_state()
        .annotate_approved_schedule()
    )


def search_records(records: QuerySet[CatalogPage], query: str, *, order_by_relevance: bool):
    """Full-text search over title, lead, description, districts and topics (not just title prefixes)."""
    return records.search(query, operator="and", order_by_relevance=order_by_relevance)


def _dashboard_rows(records: QuerySet[CatalogPage]) -> QuerySet[CatalogPage]:
    return records.select_related("owner_person", "content_type").prefetch_workflow_states().annotate_approved_schedule()


def my_records(user: AbstractBaseUser, *, limit: int) -> list[CatalogPage]:
    """Records the user is responsible for or created, most recently changed first."""
    records = visible_records(user).filter(Q(owner_person=user) | Q(owner=user))
    return list(_dashboard_rows(records).order_by(F("latest_revision_created_at").desc(nulls_last=True), "-pk")[:limit])


def upcoming_records(user: AbstractBaseUser, *, days: int, limit: int) -> list[CatalogPage]:
    """Records that start or end within the next `days` days, by the date that falls in that window."""
    now = timezone.now()
    window = (now, now + timedelta(days=days))
    starts_soon = Q(starts_at__range=window)
    records = visible_records(user).filter(starts_soon | Q(ends_at__range=window))
    records = records.annotate(next_date=Case(When(starts_soon, then=F("starts_at")), default=F("ends_at")))
    return list(_dashboard_rows(records).order_by("next_date", "pk")[:limit])


def records_without_person(user: AbstractBaseUser, *, limit: int) -> list[CatalogPage]:
    """Records nobody is responsible for yet, most recently changed first."""
    records = visible_records(user).filter(owner_person__isnull=True)
    return list(_dashboard_rows(records).order_by(F("latest_revision_created_at").desc(nulls_last=True), "-pk")[:limit])
