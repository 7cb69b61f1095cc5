"""Reads of the back-office: which records a user may see, the register's rows and the dashboard lists.

Staff (every role except Partner) see the whole catalog. A partner account sees the published records
its organisation is responsible for or partners in, plus whatever it created itself; the same rule
narrows the register, the dashboard (Wagtail's page count too), the page explorer, chooser, move
confirmation and bulk actions, and (through the page permission policy in `wagtail_hooks`) Wagtail's
page search, pages-of-a-type listing, admin API and site history.
"""

from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Case, F, Q, QuerySet, When
from django.utils import timezone
from wagtail.models import Page

from catalog.models import CatalogPage
from catalog.selectors import with_listing_relations
from core.roles import sees_whole_catalog
from directory.models import Account


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
