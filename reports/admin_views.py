"""Staff pages of consultation reports under /admin/raporty/: the list, the draft's written parts, the preview (the
very HTML the PDF is made from), the draft PDF and DOCX, and publishing with a confirmation step.

Editors, coordinators and administrators see and edit reports (they handle the remarks it prints); others get 404.
Only a coordinator or an administrator publishes (`permissions.may_publish_report`, checked again by the service).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import ConsultationPage
from catalog.statuses import Status

from . import rendering, selectors, services
from .forms import ReportDraftForm
from .permissions import may_edit_report, may_publish_report

PER_PAGE = 50  # consultations per page of the list


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not may_edit_report(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("reports_admin:index"), "label": _("Consultation reports")},
                {"url": "", "label": self.get_page_title()}]


@method_decorator(never_cache, name="dispatch")
class IndexView(StaffView):
    template_name = "reports/admin/index.html"
    page_title = _("Consultation reports")
    http_method_names = ["get"]

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        consultations = ConsultationPage.objects.annotate(
            versions=Count("report__publications"), last_published=Max("report__publications__published_at"),
        ).order_by("-ends_at", "title", "pk")
        paginator = WagtailPaginator(consultations, PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        return super().get_context_data(
            consultations=page, page_obj=page, elided_page_range=paginator.get_elided_page_range(page.number), **kwargs
        )


class ReportView(StaffView):
    def dispatch(self, request, *args, **kwargs):
        self.consultation = get_object_or_404(ConsultationPage, pk=kwargs["consultation_id"])
        return super().dispatch(request, *args, **kwargs)

    def edit_url(self) -> str:
        return reverse("reports_admin:edit", args=[self.consultation.pk])


@method_decorator(never_cache, name="dispatch")
class EditView(ReportView):
    """The written parts of the draft, with what the report will print and whether it is published."""

    template_name = "reports/admin/edit.html"

    def get_page_title(self):
        return _("Report: %(consultation)s") % {"consultation": self.consultation.title}

    def get_context_data(self, form=None, **kwargs):
        report = selectors.draft_for(self.consultation)
        publication = selectors.latest_publication(self.consultation)
        return super().get_context_data(
            consultation=self.consultation, report=report, publication=publication,
            form=form or ReportDraftForm(initial=ReportDraftForm.initial_for(report)),
            participation=selectors.participation(self.consultation, responses=0),
            unpublished_changes=services.has_unpublished_changes(report, publication),
            may_publish=may_publish_report(self.request.user),
            can_publish_now=self.consultation.live and self.consultation.status in (Status.CLOSED, Status.REPORT_PUBLISHED),
            due_on=selectors.report_due_on(self.consultation), sections=selectors.SECTIONS,
            **_request_context(self.consultation), **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form = ReportDraftForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("The report was not saved. Correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        services.save_draft(consultation=self.consultation, introduction=data["introduction"], conclusions=data["conclusions"],
                            notes=form.notes(), user=request.user)
        messages.success(request, _("The draft of the report is saved."))
        return HttpResponseRedirect(self.edit_url())


@never_cache
def preview(request, consultation_id: int):
    """The draft exactly as the PDF will print it, as a web page."""
    if not may_edit_report(request.user):
        raise Http404
    consultation = get_object_or_404(ConsultationPage, pk=consultation_id)
    return HttpResponse(rendering.report_html(selectors.report_data(consultation)))


@never_cache
def draft_file(request, consultation_id: int, kind: str):
    if not may_edit_report(request.user):
        raise Http404
    consultation = get_object_or_404(ConsultationPage, pk=consultation_id)
    data = selectors.report_data(consultation)
    if kind == "pdf":
        response = HttpResponse(rendering.report_pdf(data), content_type="application/pdf")
    elif kind == "docx":
        response = HttpResponse(
            rendering.report_docx(data), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="szkic-raportu-{consultation.slug}.{kind}"'
    return response


@method_decorator(never_cache, name="dispatch")
class PublishView(ReportView):
    """"Publish the report?": what happens (files frozen, status, councils e-mailed), then one button."""

    template_name = "reports/admin/publish.html"

    def dispatch(self, request, *args, **kwargs):
        if not may_publish_report(request.user) and may_edit_report(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Publish the report: %(consultation)s") % {"consultation": self.consultation.title}

    def get_context_data(self, error="", **kwargs):
        return super().get_context_data(
            consultation=self.consultation, councils=services.council_recipients(self.consultation),
            participation=selectors.participation(self.consultation, responses=0), error=error,
            publication=selectors.latest_publication(self.consultation), **_request_context(self.consultation), **kwargs,
        )

    def post(self, request, *args, **kwargs):
        """Record the request and go back to the report's page, which shows how it goes; the files are made by a
        background task. Pressed again while one waits or runs, it joins that one."""
        try:
            services.request_publication(consultation=self.consultation, user=request.user)
        except services.Refused as refusal:
            return self.render_to_response(self.get_context_data(error=refusal.message), status=400)
        return HttpResponseRedirect(self.edit_url())


def _request_context(consultation: ConsultationPage) -> dict:
    """The latest request to publish and, if refused or failed, why: both report pages show it."""
    request = selectors.publication_request_to_show(consultation)
    return {"publication_request": request, "publication_request_error": services.request_message(request)}
