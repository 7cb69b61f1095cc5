"""Public pages of a citizen panel: what it is (with the published seed, the result summary and the binding
recommendations) and the sign-up form. Thin: the rules live in `services`; a refusal is the form again with the
error summary and HTTP 400, nothing saved."""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from . import selectors, services
from .forms import SignUpForm
from .models import CitizenPanel

SESSION_KEY = "panels_signed_up"


def _panel_or_404(slug: str) -> CitizenPanel:
    panel = selectors.public_panel(slug)
    if panel is None:
        raise Http404
    return panel


@require_http_methods(["GET"])
def panel_detail(request, slug: str):
    panel = _panel_or_404(slug)
    run = selectors.current_run(panel)
    recommendations = selectors.recommendations(panel)
    return render(request, "panels/panel.html", {
        "panel": panel, "run": run, "state": panel.recruitment_state(),
        "meetings": selectors.public_meetings(panel),
        "recommendations": recommendations,
        "binding": [r for r in recommendations if r.is_binding],
        "threshold_percent": round(settings.DIALOG_PANEL_BINDING_THRESHOLD * 100),
    })


def _privacy_context() -> dict:
    return {
        "controller": settings.DIALOG_PANEL_DATA_CONTROLLER, "dpo_email": settings.DIALOG_PANEL_DPO_EMAIL,
        "retention_months": settings.DIALOG_PANEL_RETENTION_MONTHS,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up(request, slug: str):
    panel = _panel_or_404(slug)
    state = panel.recruitment_state()
    context = {"panel": panel, "state": state, **_privacy_context()}
    if state != "open":
        return render(request, "panels/sign_up.html", context, status=200 if request.method == "GET" else 400)
    form = SignUpForm(request.POST or None, panel=panel)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                candidate = services.sign_up(
                    panel=panel, full_name=data["full_name"], email=data["email"], phone=data["phone"],
                    answers=form.answers(), consent=data["consent"],
                )
            except services.SignUpRefused as refusal:
                if refusal.code == "duplicate":
                    context["duplicate"] = refusal.message
                else:
                    form.add_error("consent" if refusal.code == "consent" else None, refusal.message)
            else:
                request.session[SESSION_KEY] = {"panel": panel.pk, "number": candidate.number}
                return HttpResponseRedirect(reverse("panels:done", args=[panel.slug]))
        status = 400
    context["form"] = form
    return render(request, "panels/sign_up.html", context, status=status)


@never_cache
@require_http_methods(["GET"])
def done(request, slug: str):
    panel = _panel_or_404(slug)
    remembered = request.session.get(SESSION_KEY) or {}
    if remembered.get("panel") != panel.pk:
        raise Http404
    return render(request, "panels/done.html", {"panel": panel})
