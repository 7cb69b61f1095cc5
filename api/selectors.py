"""Reads of the API: which records a caller sees, and everything a response shows, in a fixed number of queries."""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Prefetch, QuerySet

from catalog.models import CatalogPage
from catalog.selectors import public_records, with_listing_relations
from directory.models import Organisation

from .auth import sees_drafts


def visible_records(user: AbstractBaseUser, model: type[CatalogPage] = CatalogPage) -> QuerySet:
    """Published, public records; staff also see drafts and restricted records.

    Staff get the page table as it is, i.e. the published version of a record with unpublished
    changes; the newer draft lives in Wagtail's revisions, which the API does not read.
    """
    return model.objects.all() if sees_drafts(user) else public_records(model)


def with_response_relations(records: QuerySet) -> QuerySet:
    """Add what the API shows beyond a listing row (partners) and make each record its own type.

    `.specific()` costs one query per record type on the page, so the total stays bounded by the
    five types, not by the number of records.
    """
    records = records.prefetch_related(Prefetch("partners", queryset=Organisation.objects.order_by("name")))
    return records.specific() if records.model is CatalogPage else records


def visible_record(user: AbstractBaseUser, pk: int) -> CatalogPage | None:
    records = with_listing_relations(visible_records(user).filter(pk=pk))
    return next(iter(with_response_relations(records)), None)
