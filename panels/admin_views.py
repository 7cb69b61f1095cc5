"""One panel's management page under /admin/panele-obywatelskie/<id>/ and its POST actions (each goes through
`services`, returns to the page with a message). Koordynator and Administrator only; everyone else gets 404."""

import tempfile
from decimal import Decimal, InvalidOperation

from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.spreadsheets import XLSX_CONTENT_TYPE

from . import selectors, services
from .forms import RecommendationForm, RunSelectionForm
from .models import CitizenPanel, CriterionOption
from .viewsets import can_manage_panels


def _panel_or_404(request, panel_id: int) -> CitizenPanel:
    if not can_manage_panels(request.user):
        raise Http404
    return get_object_or_404(CitizenPanel, pk=panel_id)


def _back(panel: CitizenPanel, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("panels_admin:manage", args=[panel.pk]) + (f"#{anchor}" if anchor else ""))


@method_decorator(never_cache, name="dispatch")
class ManagePanelView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "panels/admin/manage.html"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        self.panel = _panel_or_404(request, kwargs["panel_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Citizen panel: %(title)s") % {"title": self.panel.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("citizen_panels:index"), "label": CitizenPanel._meta.verbose_name_plural},
            {"url": "", "label": self.panel.title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = selectors.current_run(self.panel)
        counts = selectors.counts_per_option(self.panel)
        context.update(
            panel=self.panel, counts=counts, run=run,
            candidates=self.panel.candidates.all(),
            rows=selectors.result_rows(run).exclude(role="not_selected").order_by("role", "position") if run else [],
            run_form=RunSelectionForm(initial={"seed": self.panel.published_seed}),
            draw_running=services.draw_running(self.panel),
            recommendation_form=RecommendationForm(),
            recommendations=selectors.recommendations(self.panel),
            edit_url=reverse("citizen_panels:edit", args=[self.panel.pk]),
        )
        return context


@require_POST
def add_standard_criteria(request, panel_id: int):
    panel = _panel_or_404(request, panel_id)
    created = services.add_standard_criteria(panel=panel, user=request.user)
    messages.success(request, _("Criteria added: %(count)d.") % {"count": len(created)})
    return _back(panel, "criteria")


@require_POST
def add_custom_criterion(request, panel_id: int):
    panel = _panel_or_404(request, panel_id)
    label = request.POST.get("label", "").strip()[:200]
    lines = [line.strip()[:200] for line in request.POST.get("options", "").splitlines() if line.strip()]
    key = slugify(request.POST.get("key", "") or label)[:40]
    options = [(slugify(line)[:40] or f"odp-{i}", line) for i, line in enumerate(lines)]
    if not label or not key or len(options) < 2 or len({v for v, _ in options}) != len(options) \
            or panel.criteria.filter(key=key).exists():
        messages.error(request, _("Give the question, a key not used yet and at least two different answers, one per line."))
        return _back(panel, "criteria")
    services.add_custom_criterion(panel=panel, key=key, label=label, options=options, user=request.user)
    messages.success(request, _("Criterion added."))
    return _back(panel, "criteria")


@require_POST
def fill_quotas(request, panel_id: int):
    panel = _panel_or_404(request, panel_id)
    services.fill_quotas_from_population(panel=panel, user=request.user)
    messages.success(request, _("Quotas filled from the population shares."))
    return _back(panel, "criteria")


def _parse_quotas(panel: CitizenPanel, data) -> tuple[dict, list[str]]:
    quotas, errors = {}, []
    for option in CriterionOption.objects.filter(criterion__panel=panel).select_related("criterion"):
        name = f"{option.criterion.label}: {option.label}"
        raw_share = data.get(f"share_{option.pk}", "").strip().replace(",", ".")
        try:
            share = Decimal(raw_share) if raw_share else None
            low, high = int(data.get(f"min_{option.pk}", "")), int(data.get(f"max_{option.pk}", ""))
        except (InvalidOperation, ValueError):
            errors.append(_("%(option)s: enter numbers.") % {"option": name})
            continue
        if share is not None and not Decimal(0) <= share <= Decimal(1):
            errors.append(_("%(option)s: the share must be between 0 and 1.") % {"option": name})
        elif not 0 <= low <= high <= panel.panel_size:
            errors.append(_("%(option)s: the seats must satisfy 0 ≤ minimum ≤ maximum ≤ panel size.") % {"option": name})
        else:
            quotas[option.pk] = (share.quantize(Decimal("0.000001")) if share is not None else None, low, high)
    return quotas, errors


@require_POST
def save_quotas(request, panel_id: int):
    panel = _panel_or_404(request, panel_id)
    quotas, errors = _parse_quotas(panel, request.POST)
    if errors:
        for error in errors:
            messages.error(request, error)
        return _back(panel, "criteria")
    services.update_quotas(panel=panel, quotas=quotas, user=request.user)
    messages.success(request, _("Quotas saved."))
    return _back(panel, "criteria")


@require_POST
def run_selection(request, panel_id: int):
    panel = _panel_or_404(request, panel_id)
    form = RunSelectionForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("seed", []):
            messages.error(request, error)
        return _back(panel, "draw")
    seed = form.cleaned_data["seed"]
    if seed is None:
        seed = services.new_seed()
    try:
        queued = services.request_selection(panel=panel, seed=seed, user=request.user)
    except services.SelectionRefused as refusal:
        messages.error(request, refusal.message)
        return _back(panel, "draw")
    if queued:
        messages.success(request, _("The draw with the seed %(seed)d has started. It takes up to a minute; reload this page to see the result.")
                         % {"seed": seed})
    else:
        messages.error(request, _("A draw of this panel is already running. Wait until it ends."))
    return _back(panel, "draw")


@never_cache
@require_GET
def report_pdf(request, panel_id: int):
    panel = _panel_or_404(request, panel_id)
    run = selectors.current_run(panel)
    if run is None:
        raise Http404
    from . import report  # on use, not at start: tests/core/test_process_imports.py

    response = HttpResponse(report.report_pdf(panel, run), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report.report_filename(panel, run)}"'
    return response


@never_cache
@require_GET
def probabilities_xlsx(request, panel_id: int) -> FileResponse:
    """Every candidate of the current draw with their chances (names and e-mails: managers only, never cached)."""
    panel = _panel_or_404(request, panel_id)
    run = selectors.current_run(panel)
    if run is None:
        raise Http404
    from . import spreadsheets  # on use, not at start: tests/core/test_process_imports.py

    stream = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # FileResponse closes it
    spreadsheets.write_probabilities(panel, run, stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=spreadsheets.export_filename(panel, run), content_type=XLSX_CONTENT_TYPE)


@require_POST
def add_recommendation(request, panel_id: int):
    panel = _panel_or_404(request, panel_id)
    form = RecommendationForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return _back(panel, "recommendations")
    services.record_recommendation(panel=panel, user=request.user, **form.cleaned_data)
    messages.success(request, _("Recommendation recorded."))
    return _back(panel, "recommendations")
