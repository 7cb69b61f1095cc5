"""Public registration views: the form (POST → service → redirect), the result page and the personal token pages.

Thin: rules live in `services`; a refusal comes back as the form with the error summary and HTTP 400, nothing
saved. Personal pages are addressed by the secret token: never cached, and sent with no Referer.
"""


from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_http_methods

from catalog.models import EventPage
from core.personal_pages import personal
from core.visibility import public

from . import selectors, services
from .forms import RegistrationForm
from .models import Registration, RegistrationQuestion

# What the result page shows comes in a signed cookie of this browser, not the session: the form's POST (the busiest
# request) then writes nothing but the registration. It holds the registration's id and whether it was a repeat.
RESULT_COOKIE = "events_result"
RESULT_SALT = "events.views.result"
RESULT_MAX_AGE = 24 * 60 * 60


def _event_or_404(event_id: int) -> EventPage:
    """The public event with its registration settings, in one query: to show the form (a GET, or a refused POST)."""
    event = (
        public(EventPage.objects.live()).select_related("registration")
        .annotate(has_questions=Exists(RegistrationQuestion.objects.filter(registration_settings__event=OuterRef("pk"))))
        .filter(pk=event_id).first()
    )
    registration_settings = getattr(event, "registration", None) if event is not None else None
    if registration_settings is None:
        raise Http404
    registration_settings.event = event
    registration_settings.has_questions = event.has_questions
    event._events_registration = registration_settings  # what `selectors.registration_settings_for` reads
    return event


def _registration_or_404(token: str) -> Registration:
    registration = Registration.objects.select_related("event").filter(token=token).first()
    if registration is None:
        raise Http404
    return registration


@require_http_methods(["GET", "POST"])
def register(request, event_id: int):
    """The form on a page of its own. A POST reads only what the form needs and goes to the service (which checks
    that registration is open, under its lock); the event is read, and places counted, only to show the form."""
    if request.method == "POST":
        form_settings = selectors.form_settings(event_id)
        if form_settings is None:
            raise Http404
        form = RegistrationForm(request.POST, registration_settings=form_settings)
        if form.is_valid():
            data = form.cleaned_data
            try:
                result = services.register(
                    event_id=event_id, full_name=data["full_name"], email=data["email"],
                    invitation_code=data.get("invitation_code", ""), needs=data["needs"],
                    needs_other=data["needs_other"], needs_consent=data["needs_consent"],
                    district_id=data["district"], answers=form.answers(), language=translation.get_language(),
                )
            except services.RegistrationRefused as refusal:
                form.add_refusal(refusal)
            else:
                known = _remembered(request)[0] == result.registration.pk
                response = HttpResponseRedirect(reverse("events:done"))
                response.set_signed_cookie(
                    RESULT_COOKIE, f"{result.registration.pk}:{int(not (result.created or known))}", salt=RESULT_SALT,
                    max_age=RESULT_MAX_AGE, secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Lax",
                )
                return response
        event, status = _event_or_404(event_id), 400
    else:
        event, status = _event_or_404(event_id), 200
        registration_settings = selectors.registration_settings_for(event)
        if not registration_settings.enabled:
            raise Http404
        form = RegistrationForm(registration_settings=registration_settings)
    state = selectors.public_registration(event)
    return render(
        request, "events/register.html", {"event": event, "state": state, "form": form, "retention_days": settings.DIALOG_ACCESSIBILITY_NEEDS_RETENTION_DAYS},
        status=status,
    )


@personal
@require_http_methods(["GET"])
def done(request):
    """After the redirect: what became of the registration made in this browser (its token only if made here)."""
    pk, repeat = _remembered(request)
    registration = Registration.objects.select_related("event").filter(pk=pk).first() if pk else None
    if registration is None:
        raise Http404
    return render(request, "events/done.html", {"registration": registration, "repeat": repeat})


def _remembered(request) -> tuple[int | None, bool]:
    """(registration id, was it a repeat) from this browser's signed result cookie; (None, False) without a valid one."""
    value = request.get_signed_cookie(RESULT_COOKIE, default="", salt=RESULT_SALT, max_age=RESULT_MAX_AGE)
    pk, _separator, repeat = value.partition(":")
    return (int(pk), repeat == "1") if pk.isdigit() else (None, False)


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
