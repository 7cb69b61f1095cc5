"""Reading a page's child by its slug as its own type, with SQL compiled once per process (`core.prepared`).

Routing does this on every public request: the home page's child (a listing, the newsroom, a content page) and a
listing's record. Django compiles such a query anew each time (a record's, with the foreign keys its page shows,
joins seven tables: ≈ 1 ms of Python, and PostgreSQL took ≈ 2.8 ms to plan it); prepared, both are done once.
"""

from django.db.models import QuerySet
from wagtail.models import Page

from .prepared import prepared_read


def child_by_slug(parent: Page, model: type[Page], slug: str, *, joins: tuple[str, ...] = ()) -> Page | None:
    """`model.objects.child_of(parent).select_related(*joins).filter(slug=slug).first()`, with the parent set on it
    as Wagtail's routing sets it (breadcrumbs walk up without a query)."""
    child = next(iter(prepared_read(_child_by_slug, (model, parent.path, parent.depth, joins), [slug])), None)
    if child is not None:
        child._cached_parent_obj = parent
    return child


def _child_by_slug(shape: tuple[type[Page], str, int, tuple[str, ...]], slug: str) -> QuerySet:
    model, parent_path, parent_depth, joins = shape
    children = model.objects.filter(path__startswith=parent_path, depth=parent_depth + 1, slug=slug).order_by("path")
    return (children.select_related(*joins) if joins else children)[:1]  # no joins: `select_related()` would follow every key
