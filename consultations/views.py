"""Public pages of e-consultations: a document with its numbered paragraphs and comments, the comment form of one
paragraph, and "report abuse" for a comment.

Thin: rules live in `services`; bad input comes back as the form with the error summary and HTTP 400, nothing
saved. Anonymous forms carry the ALTCHA check and a rate limit by a keyed hash of the client (`core.antibot`);
without JavaScript a comment is still accepted, marked unverified, under a stricter limit.
"""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from core import antibot

from . import selectors, services
from .forms import AbuseReportForm, CommentForm
from .models import ModerationMode

SESSION_KEY = "consultations_comment"


def _document_or_404(document_id: int):
    document = selectors.public_document(document_id)
    if document is None:
        raise Http404
    return document


@require_GET
def document(request, document_id: int):
    document = _document_or_404(document_id)
    paragraphs = selectors.paragraphs_with_comments(document)
    return render(request, "consultations/document.html", {
        "document": document, "consultation": document.consultation, "paragraphs": paragraphs,
        "accepts_comments": document.accepts_comments(),
        "comment_count": sum(len(paragraph.comments) for paragraph in paragraphs),
    })


@never_cache
@require_http_methods(["GET", "POST"])
def comment(request, document_id: int, number: int):
    """The comment form of one paragraph (one anti-robot check per page, the paragraph's text above it)."""
    document = _document_or_404(document_id)
    paragraph = document.paragraphs.filter(number=number).first()
    if paragraph is None:
        raise Http404
    paragraph.document = document
    form = CommentForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            proof = form.cleaned_data["altcha"]
            if not antibot.allow_submission(request, scope="consultations.comment", verified=proof is not None):
                form.add_error(None, antibot.TOO_MANY)
                status = 429
            else:
                try:
                    remark = services.comment_on_paragraph(
                        paragraph=paragraph, text=form.cleaned_data["text"], author_name=form.cleaned_data["author_name"],
                        proof_fingerprint=proof.fingerprint if proof else None,
                    )
                except services.Refused as refusal:
                    form.add_error(None, refusal.message)
                else:
                    request.session[SESSION_KEY] = {"document": document.pk, "number": number, "pending": remark.moderation == "pending"}
                    return HttpResponseRedirect(reverse("consultations:comment_sent", args=[document.pk]))
        status = status if status != 200 else 400
    return render(request, "consultations/comment.html", {
        "document": document, "consultation": document.consultation, "paragraph": paragraph, "form": form,
        "accepts_comments": document.accepts_comments(),
        "moderated_before": document.moderation == ModerationMode.BEFORE,
    }, status=status)


@never_cache
@require_GET
def comment_sent(request, document_id: int):
    """After the redirect: thanks, and whether the comment is visible yet (only for a comment sent in this browser)."""
    document = _document_or_404(document_id)
    sent = request.session.get(SESSION_KEY) or {}
    if sent.get("document") != document.pk:
        raise Http404
    return render(request, "consultations/comment_sent.html", {
        "document": document, "consultation": document.consultation, "number": sent["number"], "pending": sent["pending"],
    })


@never_cache
@require_http_methods(["GET", "POST"])
def report(request, remark_id: int):
    """"Zgłoś nadużycie": a reason, then a thank-you; one report per client and comment is counted."""
    remark = selectors.public_comment(remark_id)
    if remark is None:
        raise Http404
    document = remark.paragraph.document
    form = AbuseReportForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            proof = form.cleaned_data["altcha"]
            if not antibot.allow_submission(request, scope="consultations.report", verified=proof is not None):
                form.add_error(None, antibot.TOO_MANY)
                status = 429
            else:
                services.report_abuse(remark=remark, reason=form.cleaned_data["reason"], client=antibot.client_key(request))
                return HttpResponseRedirect(reverse("consultations:report_sent", args=[remark.pk]))
        status = status if status != 200 else 400
    return render(request, "consultations/report.html", {
        "remark": remark, "document": document, "consultation": document.consultation, "form": form,
    }, status=status)


@require_GET
def report_sent(request, remark_id: int):
    remark = selectors.public_comment(remark_id)
    if remark is None:
        raise Http404
    return render(request, "consultations/report_sent.html", {"remark": remark, "document": remark.paragraph.document})
