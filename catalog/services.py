"""Writes of catalog records outside the Wagtail editor (demo data, imports, partner proposals)."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.text import slugify

from .models import CatalogIndexPage, CatalogPage


def _unique_slug(parent: CatalogIndexPage, title: str) -> str:
    base = slugify(title.replace("ł", "l").replace("Ł", "L"))[:70] or "rekord"
    slug, n = base, 2
    siblings = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in siblings:
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def create_record(
    *,
    model: type[CatalogPage],
    user: AbstractBaseUser | None,
    publish: bool,
    title: str,
    districts: list | None = None,
    topics: list | None = None,
    partners: list | None = None,
    **fields: Any,
) -> CatalogPage:
    """Create a record under its type's listing as a revision; publish it or leave it as a draft.

    Goes through Wagtail's revision and publishing machinery, so the audit log and history show
    who created and published it.
    """
    parent = CatalogIndexPage.objects.type(*_listing_types(model)).get().specific
    record = model(title=title, slug=fields.pop("slug", None) or _unique_slug(parent, title), owner=user, live=False, **fields)
    record.districts = districts or []
    record.topics = topics or []
    record.partners = partners or []
    record.full_clean(exclude=["path", "depth", "url_path", "numchild"])
    parent.add_child(instance=record)
    revision = record.save_revision(user=user, log_action=True)
    if publish:
        revision.publish(user=user)
        record.refresh_from_db()
    return record


def _listing_types(model: type[CatalogPage]) -> list[type[CatalogIndexPage]]:
    return [cls for cls in CatalogIndexPage.__subclasses__() if cls.record_model is model]
