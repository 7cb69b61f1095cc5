"""Public portal views: the context of catalog pages, search, robots.txt, sitemap and error pages.

Wagtail serves the pages; `listing_context` is what a listing's `get_context` adds.
Bad query strings answer 400 with an error summary instead of failing.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap

from .forms import ListingFilterForm, SearchForm
from .selectors import listing_cards, listing_count, listing_page, prefetch_card_relations, search_records

MAX_OFFSET = 2**31  # a page number beyond any listing, refused unread (PostgreSQL's OFFSET is a bigint)


def _page_of(request, form, items):
    """One page of `items`, or None after recording a form error when the page number is bad."""
    try:
        return Paginator(items, settings.DIALOG_PAGE_SIZE).page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        _no_such_page(form)
        return None


def _no_such_page(form) -> None:
    form.add_error(None, _("There is no such page of results."))


def _counted_page_of(request, form, model, filters, *, sort: str):
    """`_page_of` for a listing, with the number of all its records read with the page (`listing_page`).

    Only a page past the end, which has no row to carry the total, counts apart.
    """
    size = settings.DIALOG_PAGE_SIZE
    try:
        number = int(request.GET.get("page") or 1)
    except ValueError:
        number = 0
    offset = (number - 1) * size
    if not 0 <= offset < MAX_OFFSET:
        _no_such_page(form)
        return None
    page_rows = listing_page(model, filters, sort=sort, offset=offset, size=size)
    paginator = Paginator((), size)
    paginator.count = page_rows[0]["total"] if page_rows else (listing_count(model, filters) if offset else 0)
    try:
        page = paginator.page(number)
    except EmptyPage:
        _no_such_page(form)
        return None
    page.object_list = page_rows
    return page


def listing_context(request, *, index_page) -> dict:
    """Validated filters and one page of a listing's records."""
    model = index_page.record_model
    form = ListingFilterForm(request.GET, allowed_statuses=model.allowed_statuses)
    records, cards = None, None
    if form.is_valid():
        records = _counted_page_of(request, form, model, form.to_filters(), sort=form.cleaned_data["sort"])
    if records is not None:
        cards = listing_cards(list(records.object_list), index_page=index_page, request=request)
    return {
        "filter_form": form,
        "filter_form_invalid": bool(form.errors),
        "records": records,
        "cards": cards,
        "is_filtered": records is not None and form.has_active_filters(),
    }


def search(request):
    form = SearchForm(request.GET)
    query, results = "", None
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        results = _page_of(request, form, search_records(query))
    if results is not None:
        results.object_list = prefetch_card_relations(results.object_list)
    status = 400 if form.errors else 200
    return render(request, "portal/search.html", {"form": form, "query": query, "results": results}, status=status)


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap(request):
    return wagtail_sitemap(request)


def page_not_found(request, exception=None):
    return render(request, "404.html", {"search_form": SearchForm()}, status=404)


def server_error(request):
    """Rendered without the request: context processors and the database may be what failed."""
    return HttpResponseServerError(loader.render_to_string("500.html"))
