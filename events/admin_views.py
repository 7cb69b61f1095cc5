"""Staff pages of an event's day: check-in (search by name, or the QR code's address) and the participants' XLSX.

Under /admin/zapisy/ (Wagtail's admin: a login is required, and the phone's camera app opens the QR code's
address in the browser, which logs in and comes back). Staff roles only (`core.roles.sees_whole_catalog`):
partners get 404, as on the list of registrations. No JavaScript: every check-in is a POST that returns to
the same search with a message, and a repeated POST (a retry on a bad connection) changes nothing.
"""

import tempfile
from urllib.parse import urlencode

from anyascii import anyascii
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import EventPage
from core.roles import sees_whole_catalog

from . import selectors, services, spreadsheets
from .models import Registration, RegistrationStatus

MAX_QUERY = 100


def _require_staff(request) -> None:
    if not sees_whole_catalog(request.user):
        raise Http404


def _event_or_404(event_id: int) -> EventPage:
    return get_object_or_404(EventPage, pk=event_id)


def _time(value) -> str:
    return date_format(timezone.localtime(value), "H:i")


def apply_action(request, registration: Registration) -> None:
    """Run the POSTed action ("check_in" or "undo") through the services and say what happened."""
    name = registration.full_name
    if request.POST.get("action") == "undo":
        result = services.undo_check_in(registration=registration, user=request.user)
        if result.changed:
            messages.success(request, _("Check-in of %(name)s taken back.") % {"name": name})
        else:
            messages.info(request, _("%(name)s was not checked in. Nothing changed.") % {"name": name})
        return
    try:
        result = services.check_in(registration=registration, user=request.user)
    except services.RegistrationRefused as refusal:
        messages.error(request, f"{name}: {refusal.message}")
        return
    if result.changed:
        messages.success(request, _("%(name)s is checked in.") % {"name": name})
    else:
        messages.warning(
            request,
            _("%(name)s was already checked in at %(time)s. Nothing changed.")
            % {"name": name, "time": _time(result.registration.checked_in_at)},
        )


@method_decorator(never_cache, name="dispatch")
class CheckInView(WagtailAdminTemplateMixin, TemplateView):
    """An event's check-in on a phone: search by name (any case, with or without Polish letters), one button per person."""

    template_name = "events/admin/check_in.html"
    header_icon = "tick"

    def dispatch(self, request, *args, **kwargs):
        _require_staff(request)
        self.event = _event_or_404(kwargs["event_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Check-in: %(event)s") % {"event": self.event.title}

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("events_admin:registrations", args=[self.event.pk]),
             "label": _("Registrations: %(event)s") % {"event": self.event.title}},
            {"url": "", "label": _("Check-in")},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:MAX_QUERY]
        context.update(
            event=self.event,
            query=query,
            people=selectors.check_in_candidates(self.event, query),
            attendance=selectors.attendance(self.event),
        )
        return context


def check_in_url(event_id: int, query: str = "", registration_id: int | None = None) -> str:
    url = reverse("events_admin:check_in", args=[event_id])
    if query:
        url += "?" + urlencode({"q": query})
    if registration_id:
        url += f"#registration-{registration_id}"
    return url


@never_cache
@require_POST
def check_in_person(request, event_id: int, registration_id: int):
    """The button on the search list: check in or undo, then back to the same search."""
    _require_staff(request)
    registration = get_object_or_404(Registration, pk=registration_id, event_id=event_id)
    apply_action(request, registration)
    query = request.POST.get("q", "").strip()[:MAX_QUERY]
    return HttpResponseRedirect(check_in_url(event_id, query, registration.pk))


@method_decorator(never_cache, name="dispatch")
class CheckInByCodeView(WagtailAdminTemplateMixin, TemplateView):
    """The QR code's address: GET shows who it is and a button; POST checks in (or undoes) and comes back here."""

    template_name = "events/admin/check_in_code.html"
    header_icon = "tick"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        _require_staff(request)
        self.registration = selectors.registration_by_check_in_code(kwargs["code"])
        if self.registration is None:
            raise Http404
        response = super().dispatch(request, *args, **kwargs)
        response["Referrer-Policy"] = "strict-origin"  # the address is a credential of sorts: keep it out of Referers
        return response

    def post(self, request, *args, **kwargs):
        apply_action(request, self.registration)
        return HttpResponseRedirect(request.path)

    def get_page_title(self):
        return _("Check-in: %(event)s") % {"event": self.registration.event.title}

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.registration.event
        context.update(
            registration=self.registration,
            event=event,
            confirmed=self.registration.status == RegistrationStatus.CONFIRMED,
            starts_at=timezone.localtime(event.starts_at) if event.starts_at else None,
            is_today=bool(event.starts_at)
            and timezone.localdate(event.starts_at) <= timezone.localdate() <= timezone.localdate(event.ends_at or event.starts_at),
            search_url=check_in_url(event.pk),
        )
        return context


def export_filename(event: EventPage) -> str:
    stem = slugify(anyascii(event.title))[:60].strip("-") or "wydarzenie"
    return f"uczestnicy-{stem}-{timezone.localdate().isoformat()}.xlsx"


@never_cache
@require_GET
def participants_xlsx(request, event_id: int) -> FileResponse:
    """The event's registrations as an XLSX sheet (personal data: staff only, never cached)."""
    _require_staff(request)
    event = _event_or_404(event_id)
    stream = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # FileResponse closes it
    spreadsheets.write_participants(event, stream)
    stream.seek(0)
    return FileResponse(
        stream, as_attachment=True, filename=export_filename(event), content_type=spreadsheets.XLSX_CONTENT_TYPE
    )
