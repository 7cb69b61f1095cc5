"""Public registration views: the form (POST → service → redirect), the result page and the personal token pages.

Thin: rules live in `services`; a refusal comes back as the form with the error summary and HTTP 400, nothing
saved. Personal pages are addressed by the secret token: never cached, and sent with no Referer.
"""

from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from catalog.models import EventPage
from core.visibility import public

from . import selectors, services
from .forms import RegistrationForm
from .models import Registration

SESSION_KEY = "events_registration"


def personal(view):
    """Pages of one person: not cached anywhere, and the address with the token never leaves in a Referer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Only the origin, never the address with the token: "no-referrer" would make browsers send
        # `Origin: null` with the page's own form, which Django's CSRF check refuses.
        response["Referrer-Policy"] = "strict-origin"
        return response

    return never_cache(wrapped)


def _event_or_404(event_id: int) -> EventPage:
    event = public(EventPage.objects.live()).filter(pk=event_id).first()
    if event is None or selectors.registration_settings_for(event) is None:
        raise Http404
    return event


def _registration_or_404(token: str) -> Registration:
    registration = Registration.objects.select_related("event").filter(token=token).first()
    if registration is None:
        raise Http404
    return registration


@require_http_methods(["GET", "POST"])
def register(request, event_id: int):
    event = _event_or_404(event_id)
    state = selectors.public_registration(event)
    if state is None:
        raise Http404
    form = RegistrationForm(request.POST or None, registration_settings=state.settings)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.register(
                    event=event, full_name=data["full_name"], email=data["email"],
                    invitation_code=data.get("invitation_code", ""), needs=data["needs"],
                    needs_other=data["needs_other"], needs_consent=data["needs_consent"],
                )
            except services.RegistrationRefused as refusal:
                form.add_refusal(refusal.code, refusal.message)
            else:
                known = request.session.get(SESSION_KEY, {}).get("pk") == result.registration.pk
                request.session[SESSION_KEY] = {"pk": result.registration.pk, "repeat": not (result.created or known)}
                return HttpResponseRedirect(reverse("events:done"))
        status = 400
    return render(
        request, "events/register.html", {"event": event, "state": state, "form": form, "retention_days": settings.DIALOG_ACCESSIBILITY_NEEDS_RETENTION_DAYS},
        status=status,
    )


@personal
@require_http_methods(["GET"])
def done(request):
    """After the redirect: what became of the registration made in this browser (its token only if made here)."""
    remembered = request.session.get(SESSION_KEY) or {}
    registration = Registration.objects.select_related("event").filter(pk=remembered.get("pk")).first()
    if registration is None:
        raise Http404
    return render(request, "events/done.html", {"registration": registration, "repeat": remembered.get("repeat", False)})


@personal
@require_http_methods(["GET", "POST"])
def cancel(request, token: str):
    registration = _registration_or_404(token)
    if request.method == "POST":
        services.cancel(token=token)
        return HttpResponseRedirect(request.path)
    return render(request, "events/cancel.html", {"registration": registration})


@personal
@require_http_methods(["GET", "POST"])
def accept_offer(request, token: str):
    registration = _registration_or_404(token)
    if request.method == "POST":
        try:
            services.accept_offer(token=token)
        except services.RegistrationRefused as refusal:
            registration.refresh_from_db()
            return render(request, "events/accept_offer.html", {"registration": registration, "refusal": refusal.message}, status=400)
        return HttpResponseRedirect(request.path)
    return render(request, "events/accept_offer.html", {"registration": registration})
