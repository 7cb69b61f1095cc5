"""Page-number pagination with absolute links to the neighbouring pages."""

from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .problems import InvalidParameters


def _page_url(request: HttpRequest, number: int) -> str:
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def paginate(request: HttpRequest, records: QuerySet, *, page: int, page_size: int) -> dict:
    """One page in the envelope every listing returns; a page past the last is a parameter error."""
    paginator = Paginator(records, page_size)
    try:
        current = paginator.page(page)
    except EmptyPage:
        raise InvalidParameters({"page": [_("There is no such page of results.")]}) from None
    return {
        "count": paginator.count,
        "page": current.number,
        "page_size": page_size,
        "num_pages": paginator.num_pages,
        "next": _page_url(request, current.next_page_number()) if current.has_next() else None,
        "previous": _page_url(request, current.previous_page_number()) if current.has_previous() else None,
        "results": list(current.object_list),
    }
