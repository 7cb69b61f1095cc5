"""The public results page of a consultation: numbers, survey charts with their tables, "you said, we did" and the
report's files.

A consultation that is not live and public answers 404. Before the consultation ends the page says so and shows
nothing else (results never sway people still taking part); decisions appear with the published report. Bad filters
or page numbers come back as a Polish error summary with HTTP 400.
"""

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from consultations.selectors import categories_for

from . import selectors
from .forms import DecisionFilterForm

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


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
    if context["has_results"]:
        surveys = selectors.survey_results(consultation)
        publication = selectors.latest_publication(consultation)
        context.update(
            surveys=surveys, publication=publication,
            participation=selectors.participation(consultation, sum(survey.responses for survey in surveys)),
        )
        if publication is not None:
            form = DecisionFilterForm(request.GET, categories=categories_for(consultation))
            decisions = None
            if form.is_valid():
                data = form.cleaned_data
                remarks = selectors.public_decisions(
                    consultation, decision=data["decyzja"], category=data["kategoria"].pk if data["kategoria"] else None
                )
                try:
                    decisions = Paginator(remarks, settings.DIALOG_PAGE_SIZE).page(request.GET.get("page") or 1)
                except (PageNotAnInteger, EmptyPage):
                    form.add_error(None, _("There is no such page of results."))
            if form.errors:
                status = 400
            context.update(filter_form=form, decisions=decisions, is_filtered=bool(form.is_valid() and any(form.cleaned_data.values())))
    return render(request, "reports/results.html", context, status=status)


@require_GET
def download(request, key: str, kind: str):
    """The latest published version's file (the PDF or the DOCX), as it was published."""
    if kind not in CONTENT_TYPES:
        raise Http404
    consultation = _consultation_or_404(key)
    publication = selectors.latest_publication(consultation)
    if publication is None:
        raise Http404
    stored = publication.pdf if kind == "pdf" else publication.docx
    return FileResponse(stored.open("rb"), content_type=CONTENT_TYPES[kind], as_attachment=True,
                        filename=f"raport-{consultation.slug}-wersja-{publication.number}.{kind}")
