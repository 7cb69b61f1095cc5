"""Public survey pages: the list of open surveys, the multi-page form, the thank-you page and the e-mail confirmation.

The form works without JavaScript. Each page is posted, checked and kept in the session under the survey's id,
then the browser is redirected to the next page (`?strona=N`), so the browser's back button and the "Previous
page" link show earlier pages with their answers. Only the last page writes, through `services.submit_response`,
with the attempt's idempotency key carried in a hidden field: a double click or a retry stores one response.
A refusal or bad input returns the page with the error summary and HTTP 400, nothing stored; a database fault
returns it with a retry message (HTTP 503), the answers still in the session.
"""

import uuid

from django.conf import settings
from django.core.paginator import Paginator
from django.db import DatabaseError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core import antibot

from . import selectors, services
from .exports import open_data_available, open_data_min_count, open_data_response
from .forms import SurveyPageForm
from .models import ParticipationMode, Response, ResponseSource
from .questions import condition_met

SESSION_KEY = "surveys"
DONE_KEY = "surveys_done"
SOURCE_OF_MODE = {ParticipationMode.OPEN: ResponseSource.ONLINE, ParticipationMode.EMAIL: ResponseSource.EMAIL, ParticipationMode.CODE: ResponseSource.CODE}
REFUSAL_FIELDS = {"email_required": "email", "already_answered": "email", "pending": "email", "wrong_code": "code", "used_code": "code", "replayed": "altcha"}
RETRY = _("We could not save your response because of a fault on our side. Nothing was saved. Your answers are kept: please send again.")
EXPIRED = _("Your earlier answers to this survey are no longer kept (the session expired or the survey was opened again). Please start from the first page.")
CLOSED = services.REFUSALS["closed"]


@require_http_methods(["GET"])
def index(request):
    paginator = Paginator(selectors.open_surveys(), settings.DIALOG_PAGE_SIZE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(request, "surveys/index.html", {"page_obj": page_obj, "surveys": page_obj.object_list})


def _survey_or_404(survey_id: int):
    survey = selectors.public_survey(survey_id)
    if survey is None:
        raise Http404
    return survey


def _visible_pages(version, answers: dict) -> list[int]:
    """Pages with at least one question to show, given the answers so far (a page of hidden questions is skipped)."""
    by_code = {question["code"]: question for question in version.questions}

    def shown(question: dict) -> bool:
        condition = question.get("show_if")
        same_page = condition is not None and by_code.get(condition["code"], {}).get("page") == question["page"]
        return same_page or condition_met(question, answers, by_code)

    return [page for page in version.pages() if any(shown(question) for question in version.questions_on(page))]


def _pruned(version, answers: dict) -> dict:
    """Only answers to questions that are still shown (an earlier answer may have been changed since)."""
    by_code = {question["code"]: question for question in version.questions}
    kept = {}
    for question in version.questions:
        code = question["code"]
        if code in answers and condition_met(question, kept, by_code):
            kept[code] = answers[code]
    return kept


class Attempt:
    """One resident's way through one survey, kept in the session: the version, the answers, the pages done."""

    def __init__(self, request, survey):
        self.request, self.survey = request, survey
        data = request.session.get(SESSION_KEY, {}).get(str(survey.pk))
        self.version = selectors.version_of(survey, data["version"]) if data else None
        self.is_new = self.version is None
        if self.is_new:
            self.version = selectors.latest_version(survey)
            data = {"attempt": str(uuid.uuid4()), "answers": {}, "done": []}
        self.key = data["attempt"]
        self.answers: dict = data["answers"]
        self.done: list[int] = data["done"]

    def save(self) -> None:
        surveys = self.request.session.get(SESSION_KEY, {})
        surveys[str(self.survey.pk)] = {"attempt": self.key, "version": self.version.pk, "answers": self.answers, "done": self.done}
        self.request.session[SESSION_KEY] = surveys

    def forget(self) -> None:
        surveys = self.request.session.get(SESSION_KEY, {})
        surveys.pop(str(self.survey.pk), None)
        self.request.session[SESSION_KEY] = surveys

    def pages(self) -> list[int]:
        return _visible_pages(self.version, self.answers)

    def first_incomplete(self) -> int | None:
        return next((page for page in self.pages() if page not in self.done), None)

    def record(self, page: int, form: SurveyPageForm) -> None:
        for question in self.version.questions_on(page):
            self.answers.pop(question["code"], None)
        self.answers.update(form.answers)
        self.answers = _pruned(self.version, self.answers)
        if page not in self.done:
            self.done.append(page)
        self.save()


def _page_url(survey, page: int) -> str:
    return f"{survey.get_absolute_url()}?strona={page}"


@never_cache
@require_http_methods(["GET", "POST"])
def survey_view(request, survey_id: int, slug: str):
    survey = _survey_or_404(survey_id)
    if slug != survey.slug:
        return HttpResponseRedirect(survey.get_absolute_url())
    attempt = Attempt(request, survey)
    if attempt.version is None:
        raise Http404
    is_open = survey.is_open()
    if request.method == "GET" and not is_open:
        return render(request, "surveys/closed.html", {"survey": survey, "open_data": open_data_available(survey)})
    pages = attempt.pages()
    if request.method == "POST":
        return _post(request, survey, attempt, pages, is_open)
    try:
        page = int(request.GET.get("strona", pages[0]))
    except ValueError:
        page = pages[0]
    earlier_missing = next((p for p in pages if p < page and p not in attempt.done), None)
    if page not in pages or earlier_missing is not None:
        return HttpResponseRedirect(_page_url(survey, earlier_missing or pages[0]))
    if attempt.is_new:
        attempt.save()
    form = _form(survey, attempt, page, pages)
    return _render(request, survey, attempt, form, page, pages)


def _form(survey, attempt, page, pages, data=None, files=None) -> SurveyPageForm:
    last = page == pages[-1]
    return SurveyPageForm(
        data, files, version=attempt.version, page=page, earlier=attempt.answers,
        participation=survey.mode if last else "",
    )


def _render(request, survey, attempt, form, page, pages, status=200):
    index = pages.index(page)
    return render(request, "surveys/survey.html", {
        "survey": survey, "form": form, "page": page, "page_number": index + 1, "page_count": len(pages),
        "previous_url": _page_url(survey, pages[index - 1]) if index else "", "is_last": page == pages[-1],
        "attempt_key": attempt.key, "open_mode": survey.mode == ParticipationMode.OPEN,
    }, status=status)


def _post(request, survey, attempt, pages, is_open):
    posted_key = request.POST.get("attempt", "")
    try:
        page = int(request.POST.get("page", ""))
    except ValueError:
        page = None
    if page not in pages or posted_key != attempt.key:
        earlier = Response.objects.filter(survey=survey, idempotency_key=_uuid_or_none(posted_key)).first()
        if earlier is not None:  # sent twice: the first one was stored
            return _done(request, survey, attempt, earlier)
        attempt.forget()
        attempt = Attempt(request, survey)
        attempt.save()
        form = _form(survey, attempt, attempt.pages()[0], attempt.pages())
        form.notices.append(str(EXPIRED))
        return _render(request, survey, attempt, form, attempt.pages()[0], attempt.pages(), status=400)
    form = _form(survey, attempt, page, pages, request.POST, request.FILES)
    if not is_open:
        form.is_valid()
        form.add_error(None, str(CLOSED))
        return _render(request, survey, attempt, form, page, pages, status=400)
    if not form.is_valid():
        return _render(request, survey, attempt, form, page, pages, status=400)
    attempt.record(page, form)
    pages = attempt.pages()
    following = [p for p in pages if p > page]
    if following:
        return HttpResponseRedirect(_page_url(survey, following[0]))
    missing = attempt.first_incomplete()
    if missing is not None:
        return HttpResponseRedirect(_page_url(survey, missing))
    return _submit(request, survey, attempt, form, page, pages)


def _uuid_or_none(value: str):
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


def _submit(request, survey, attempt, form, page, pages):
    data = form.cleaned_data
    proof = data.get("altcha")
    if survey.mode == ParticipationMode.OPEN and not antibot.allow_submission(request, scope="surveys", verified=proof is not None):
        form.add_error(None, str(antibot.TOO_MANY))
        return _render(request, survey, attempt, form, page, pages, status=429)
    try:
        submission = services.submit_response(
            survey=survey, version=attempt.version, answers=attempt.answers, idempotency_key=uuid.UUID(attempt.key),
            source=SOURCE_OF_MODE[survey.mode], proof=proof.fingerprint if proof else None,
            unverified=survey.mode == ParticipationMode.OPEN and proof is None,
            email=data.get("email", ""), code=data.get("code", ""),
        )
    except services.SubmissionRefused as refusal:
        field = REFUSAL_FIELDS.get(refusal.code)
        form.add_error(field if field in form.fields else None, str(refusal.message))
        return _render(request, survey, attempt, form, page, pages, status=400)
    except DatabaseError:
        form.add_error(None, str(RETRY))
        return _render(request, survey, attempt, form, page, pages, status=503)
    return _done(request, survey, attempt, submission.response)


def _done(request, survey, attempt, response):
    attempt.forget()
    done = request.session.get(DONE_KEY, {})
    done[str(survey.pk)] = {"response": response.pk, "email": response.source == ResponseSource.EMAIL}
    request.session[DONE_KEY] = done
    return HttpResponseRedirect(reverse("surveys:thanks", args=[survey.pk, survey.slug]))


@never_cache
@require_http_methods(["GET"])
def thanks(request, survey_id: int, slug: str):
    survey = _survey_or_404(survey_id)
    done = request.session.get(DONE_KEY, {}).get(str(survey.pk))
    if done is None:
        return HttpResponseRedirect(survey.get_absolute_url())
    return render(request, "surveys/thanks.html", {"survey": survey, "email": done["email"]})


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """A GET only shows a button: mail scanners that open links must not confirm anything."""
    if request.method == "POST":
        response = services.confirm_email(token=token)
        status = 200 if response is not None else 400
        return render(request, "surveys/confirm.html", {"response": response, "done": True}, status=status)
    return render(request, "surveys/confirm.html", {"done": False})


@require_http_methods(["GET"])
def open_data(request, survey_id: int):
    """The page offering a finished survey's anonymised data, with the rules that made it anonymous."""
    survey = _open_data_survey_or_404(survey_id)
    return render(request, "surveys/open_data.html", {"survey": survey, "min_count": open_data_min_count()})


@require_http_methods(["GET"])
def open_data_file(request, survey_id: int, format: str):
    """The anonymised data of a finished survey (404 while it is a draft or still taking answers)."""
    return open_data_response(_open_data_survey_or_404(survey_id), format)


def _open_data_survey_or_404(survey_id: int):
    """Finished, and for a survey of a consultation, that consultation published, public and ended too."""
    survey = selectors.public_survey(survey_id)
    if survey is None or not open_data_available(survey):
        raise Http404
    return survey
