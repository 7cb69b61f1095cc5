"""Which pages the public may see: live and outside every section closed by a view restriction."""

from django.db.models import Q, QuerySet
from wagtail.models import PageViewRestriction

from .prepared import prepared_read
from .request_memo import memoised


def _restricted_paths() -> list[str]:
    return [path for (path,) in prepared_read(_restriction_paths, None, [])]


def _restriction_paths(_shape) -> QuerySet:
    """Every public page asks (`core.prepared`: compiled once per process)."""
    return PageViewRestriction.objects.values_list("page__path")


def restricted_paths() -> list[str]:
    """Paths of the sections closed by a view restriction, read once per request."""
    return memoised("restricted_page_paths", _restricted_paths)


def public(pages: QuerySet) -> QuerySet:
    """Wagtail's `.live().public()`, with the restrictions read once per request (Wagtail reads them per queryset)."""
    return outside_restrictions(pages.live())


def outside_restrictions(rows: QuerySet) -> QuerySet:
    """Rows (pages, or anything with a page's tree `path`) outside every section closed by a view restriction."""
    restricted = restricted_paths()
    if not restricted:
        return rows
    private = Q()
    for path in restricted:
        private |= Q(path__startswith=path)  # a section is the restricted page and everything below it
    return rows.exclude(private)


class PublicPageMixin:
    """For page models: skip Wagtail's per-request restriction lookup when no section of the site is closed.

    Wagtail checks each served page's restrictions with two queries. Most sites close nothing, and
    whether anything is closed is read once per request anyway for `public()`.
    """

    def get_view_restrictions(self):
        if not restricted_paths():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
