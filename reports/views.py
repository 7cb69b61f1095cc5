"""The public results page of a consultation: numbers, survey charts with their tables, "you said, we did" and the
report's files.

A consultation that is not live and public answers 404. Before the consultation ends the page says so and shows
nothing else (results never sway people still taking part); once it has ended it shows the live numbers and charts
until a report is published, and from then on the latest published version's snapshot with its decisions and files
(the decisions filtered and paged in SQL).
Bad filters or page numbers come back as a Polish error summary with HTTP 400.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import selectors
from .forms import DecisionFilterForm

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
# A published version's file never changes (a change is a new version at a new address).
FILE_MAX_AGE = 60 * 60


def _consultation_or_404(key: str):
    consultation = selectors.public_consultation(key)
    if consultation is None:
        raise Http404
    return consultation


@require_GET
def results(request, key: str):
    consultation = _consultation_or_404(key)
    context = {"consultation": consultation, "has_results": selectors.has_results(consultation), "due_on": selectors.report_due_on(consultation)}
    status = 200
    if not context["has_results"]:
        return render(request, "reports/results.html", context)
    publication = selectors.latest_publication(consultation)
    if publication is None:
        surveys = selectors.survey_results(consultation)
        context.update(surveys=surveys, participation=selectors.participation(consultation, sum(survey.responses for survey in surveys)))
        return render(request, "reports/results.html", context)
    published = selectors.published_results(publication)
    form = DecisionFilterForm(request.GET, categories=published.categories())
    decisions = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            decisions = Paginator(published.filtered(decision=data["decyzja"], category=data["kategoria"]), settings.DIALOG_PAGE_SIZE).page(
                request.GET.get("page") or 1
            )
        except (PageNotAnInteger, EmptyPage):
            form.add_error(None, _("There is no such page of results."))
    if form.errors:
        status = 400
    context.update(
        publication=publication, published=published, surveys=published.surveys, participation=published.participation,
        filter_form=form, decisions=decisions,
        is_filtered=bool(form.is_valid() and any(value not in ("", None) for value in form.cleaned_data.values())),
    )
    return render(request, "reports/results.html", context, status=status)


def file_name(consultation, number: int, kind: str) -> str:
    """The name a resident's computer saves: Polish, like the report, whatever the page's language."""
    return f"raport-{consultation.slug}-wersja-{number}.{kind}"


def _published_or_404(key: str, number: int | None = None):
    consultation = _consultation_or_404(key)
    if not selectors.has_results(consultation):
        raise Http404
    if number is None:
        publication = selectors.latest_publication(consultation)
    else:
        publication = selectors.publication(consultation, number)
    if publication is None:
        raise Http404
    return consultation, publication


@require_GET
def download(request, key: str, number: int, kind: str):
    """A published version's file (the PDF or the DOCX) exactly as it was published; the stored name is secret, so
    this is its only public address. Cached for an hour, then revalidated (ETag): a file withdrawn because it holds
    personal data, or of a consultation closed to the public since, must stop being served."""
    if kind not in CONTENT_TYPES:
        raise Http404
    consultation, publication = _published_or_404(key, number)
    etag = f'"{publication.pk}-{kind}-{publication.pdf_size if kind == "pdf" else publication.docx_size}"'
    last_modified = int(publication.published_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        stored = publication.pdf if kind == "pdf" else publication.docx
        response = FileResponse(stored.open("rb"), content_type=CONTENT_TYPES[kind], as_attachment=True,
                                filename=file_name(consultation, publication.number, kind))
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=FILE_MAX_AGE)
    return response


@require_GET
def latest_download(request, key: str, kind: str):
    """The address of "the report" as such: sends to the latest version's file (not cached, a new version may come)."""
    if kind not in CONTENT_TYPES:
        raise Http404
    consultation, publication = _published_or_404(key)
    response = HttpResponseRedirect(reverse("reports:download", args=[key, publication.number, kind]))
    patch_cache_control(response, no_cache=True)
    return response
