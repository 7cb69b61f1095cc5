"""Staff views of one survey: the preview as residents see it, printed single-use codes, typing in paper responses,
the results with their exports.

Staff roles only; anyone else gets 404. Writes go through `services` (audit log there).
"""

import uuid

from django.contrib import messages
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.roles import ADMINISTRATOR, KOORDYNATOR, REDAKTOR, has_role, sees_whole_catalog

from . import exports, results, selectors, services
from .admin_forms import GenerateCodesForm, PaperResponseForm, ResultsFilterForm
from .forms import SurveyPageForm
from .models import ParticipationMode, ResponseSource, Survey, SurveyCode, SurveyVersion
from .services import snapshot_questions

ANALYST_ROLES = [ADMINISTRATOR, KOORDYNATOR, REDAKTOR]


def _survey_for_staff(request, pk: int) -> Survey:
    if not (request.user.is_active and sees_whole_catalog(request.user)):
        raise Http404
    return get_object_or_404(Survey.objects.select_related("consultation"), pk=pk)


def _survey_for_analysts(request, pk: int) -> Survey:
    """Raw answers (free text, places, paper references) are for the roles that handle residents' remarks, as the
    remarks themselves are; authors of other units see results and the anonymised data only."""
    if not has_role(request.user, ANALYST_ROLES):
        raise Http404
    return _survey_for_staff(request, pk)


@never_cache
def preview(request, pk: int):
    """Every page of the questions as saved now (not yet answered by anyone), drawn with the residents' templates."""
    survey = _survey_for_staff(request, pk)
    version = SurveyVersion(survey=survey, number=0, questions=snapshot_questions(survey))
    pages = version.pages()
    if not pages:
        messages.warning(request, _("The survey has no questions yet."))
        return HttpResponseRedirect(reverse("surveys_surveys:edit", args=[survey.pk]))
    forms = [
        (number, page, SurveyPageForm(version=version, page=page, participation=survey.mode if page == pages[-1] else ""))
        for number, page in enumerate(pages, 1)
    ]
    return render(request, "surveys/preview.html", {"survey": survey, "pages": forms, "page_count": len(pages)})


class SurveyAdminView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "list-ul"
    title = ""

    def dispatch(self, request, *args, **kwargs):
        self.survey = _survey_for_staff(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return f"{self.title}: {self.survey.title}"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("surveys_surveys:index"), "label": Survey._meta.verbose_name_plural},
            {"url": reverse("surveys_surveys:edit", args=[self.survey.pk]), "label": self.survey.title},
            {"url": "", "label": self.title},
        ]


@method_decorator(never_cache, name="dispatch")
class CodesView(SurveyAdminView):
    """The survey's batches of codes (used / all) and a form to print a new batch."""

    template_name = "surveys/admin/codes.html"
    header_icon = "key"
    title = _("Single-use codes")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        batches = (
            SurveyCode.objects.filter(survey=self.survey).values("batch")
            .annotate(total=Count("pk"), used=Count("pk", filter=Q(response__isnull=False))).order_by("batch")
        )
        context.update(survey=self.survey, batches=batches, form=kwargs.get("form") or GenerateCodesForm(),
                       allowed=self.survey.mode == ParticipationMode.CODE)
        return context

    def post(self, request, *args, **kwargs):
        form = GenerateCodesForm(request.POST)
        if self.survey.mode != ParticipationMode.CODE or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.generate_codes(survey=self.survey, count=form.cleaned_data["count"], batch=form.cleaned_data["batch"], user=request.user)
        messages.success(request, _("The codes are ready to print."))
        return HttpResponseRedirect(reverse("surveys_admin:codes_print", args=[self.survey.pk]) + "?" + _query(form.cleaned_data["batch"]))


def _query(batch: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"partia": batch})


@never_cache
def codes_print(request, pk: int):
    """Unused codes of one batch as slips to cut, with print CSS (a plain page: staff print it from the browser)."""
    survey = _survey_for_staff(request, pk)
    batch = request.GET.get("partia", "")
    codes = SurveyCode.objects.filter(survey=survey, batch=batch, response__isnull=True).order_by("code")
    address = request.build_absolute_uri(survey.get_absolute_url())
    return render(request, "surveys/admin/codes_print.html", {"survey": survey, "batch": batch, "codes": codes, "address": address})


@method_decorator(never_cache, name="dispatch")
class PaperView(SurveyAdminView):
    """A paper form typed in: every question on one page; the response is recorded as "paper" with who typed it."""

    template_name = "surveys/admin/paper.html"
    header_icon = "edit"
    title = _("Type in a paper response")

    def dispatch(self, request, *args, **kwargs):
        self.survey = _survey_for_staff(request, kwargs["pk"])
        self.version = selectors.latest_version(self.survey)
        if self.version is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = kwargs.get("form") or PaperResponseForm(version=self.version, initial={"idempotency_key": uuid.uuid4()})
        counts = self.survey.responses.filter(source=ResponseSource.PAPER).count()
        context.update(survey=self.survey, form=form, paper_count=counts)
        return context

    def post(self, request, *args, **kwargs):
        form = PaperResponseForm(request.POST, request.FILES, version=self.version)
        if form.is_valid():
            try:
                services.submit_response(
                    survey=self.survey, version=self.version, answers=form.answers,
                    idempotency_key=form.cleaned_data["idempotency_key"], source=ResponseSource.PAPER,
                    entered_by=request.user, paper_reference=form.cleaned_data["paper_reference"],
                )
            except services.SubmissionRefused as refusal:
                form.add_error(None, str(refusal.message))
            else:
                messages.success(request, _("The paper response is saved. You can type in the next one."))
                return HttpResponseRedirect(request.path)
        return self.render_to_response(self.get_context_data(form=form), status=400)


@method_decorator(never_cache, name="dispatch")
class ResultsView(SurveyAdminView):
    """Charts and tables of the results, filtered by district and days, with links to the exports (same filters)."""

    template_name = "surveys/admin/results.html"
    header_icon = "table"
    title = _("Results")

    def get(self, request, *args, **kwargs):
        form = ResultsFilterForm(request.GET or None)
        bad = form.is_bound and not form.is_valid()
        context = self.get_context_data(
            survey=self.survey, form=form, results=results.survey_results(self.survey, **form.filters()),
            query=request.GET.urlencode() if not bad else "", public_open_data=exports.open_data_available(self.survey),
            min_count=exports.open_data_min_count(),
        )
        return self.render_to_response(context, status=400 if bad else 200)


def _filtered_responses(request, survey: Survey):
    """The counted responses the query string's filters select, or None if they are bad."""
    form = ResultsFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return None
    return results.counted_responses(survey, **form.filters())


@never_cache
def export(request, pk: int, format: str):
    """Every counted response (filtered as on the results page) as CSV, JSON or XLSX, streamed."""
    survey = _survey_for_analysts(request, pk)
    if format not in exports.CONTENT_TYPES:
        raise Http404
    responses = _filtered_responses(request, survey)
    if responses is None:
        return HttpResponseBadRequest(_("The filters are not valid. Go back to the results page and correct them."))
    name = f"ankieta-{survey.pk}-odpowiedzi.{format}"
    if format == "xlsx":
        return FileResponse(exports.xlsx_file(survey, responses), as_attachment=True, filename=name, content_type=exports.CONTENT_TYPES["xlsx"])
    if format == "csv":
        questions = results.survey_questions(survey)
        body = exports.csv_lines(exports.staff_header(questions), exports.staff_rows(responses, questions))
    else:
        body = exports.staff_json(survey, responses)
    return exports.attachment(body, name, exports.CONTENT_TYPES[format])


@never_cache
def open_data_export(request, pk: int, format: str):
    """The anonymised open-data set for staff, at any time (the public only when `exports.open_data_available`)."""
    survey = _survey_for_staff(request, pk)
    return exports.open_data_response(survey, format)
