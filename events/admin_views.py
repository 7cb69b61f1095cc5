"""Staff pages of an event's day: check-in (search by name, or the QR code's address) and the participants' XLSX.

Under /admin/zapisy/ (Wagtail's admin: a login is required, and the phone's camera app opens the QR code's
address in the browser, which logs in and comes back). Staff roles only (`core.roles.sees_whole_catalog`):
partners get 404, as on the list of registrations. Works without JavaScript: every check-in is a POST that returns
to the same search with a message, and a repeated POST (a retry on a bad connection) changes nothing. With
JavaScript, check-ins made while the phone is offline wait in the browser and are sent when it is back online.
"""

import csv
import datetime as dt
import tempfile
from urllib.parse import urlencode

from anyascii import anyascii
from django import forms
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import EventPage
from core.roles import ADMINISTRATOR, KOORDYNATOR, REDAKTOR, has_role, sees_whole_catalog
from core.spreadsheets import XLSX_CONTENT_TYPE

from . import selectors, services
from .models import Registration, RegistrationStatus

MAX_QUERY = 100


def _require_staff(request) -> None:
    if not sees_whole_catalog(request.user):
        raise Http404


# Who decides on registrations in approval mode: the roles that edit and approve content. Authors (drafts only) see
# the list but not the buttons.
DECIDING_ROLES = [ADMINISTRATOR, KOORDYNATOR, REDAKTOR]


def may_decide(user) -> bool:
    return has_role(user, DECIDING_ROLES)


def _event_or_404(event_id: int) -> EventPage:
    return get_object_or_404(EventPage, pk=event_id)


def _time(value) -> str:
    return date_format(timezone.localtime(value), "H:i")


def run_action(request, registration: Registration) -> tuple[str, str]:
    """Run the POSTed action ("check_in" or "undo") through the services; (message level, what happened)."""
    name = registration.full_name
    if request.POST.get("action") == "undo":
        result = services.undo_check_in(registration=registration, user=request.user)
        if result.changed:
            return "success", _("Check-in of %(name)s taken back.") % {"name": name}
        return "info", _("%(name)s was not checked in. Nothing changed.") % {"name": name}
    try:
        result = services.check_in(registration=registration, user=request.user)
    except services.RegistrationRefused as refusal:
        return "error", f"{name}: {refusal.message}"
    if result.changed:
        return "success", _("%(name)s is checked in.") % {"name": name}
    return "warning", (
        _("%(name)s was already checked in at %(time)s. Nothing changed.")
        % {"name": name, "time": _time(result.registration.checked_in_at)}
    )


def apply_action(request, registration: Registration) -> None:
    """Run the POSTed action and say what happened in a message shown after the redirect."""
    level, text = run_action(request, registration)
    getattr(messages, level)(request, text)


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
    if request.headers.get("Accept") == "application/json":
        # The offline queue of the check-in page (events/static/events/check_in.js) sends check-ins again when the
        # connection is back: checking in is idempotent, so a repeat is harmless and answered like the first.
        level, text = run_action(request, registration)
        registration.refresh_from_db(fields=["checked_in_at"])
        return JsonResponse(
            {"level": level, "message": text, "checked_in": registration.checked_in_at is not None},
            status=409 if level == "error" else 200,
        )
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
    from . import spreadsheets  # on use, not at start: tests/core/test_process_imports.py

    stream = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # FileResponse closes it
    spreadsheets.write_participants(event, stream)
    stream.seek(0)
    return FileResponse(stream, as_attachment=True, filename=export_filename(event), content_type=XLSX_CONTENT_TYPE)


# ------------------------------------------------------------------------------------------ approval mode


@never_cache
@require_POST
def decide(request, event_id: int, registration_id: int):
    """Approve or reject a pending registration (the buttons on the list), then back to the list with a message.

    A repeated POST, or a registration decided by someone else meanwhile, changes nothing and says so.
    """
    _require_staff(request)
    if not may_decide(request.user):
        raise Http404
    registration = get_object_or_404(Registration, pk=registration_id, event_id=event_id)
    action = request.POST.get("action")
    if action not in ("approve", "reject"):
        messages.error(request, _("Choose whether to approve or reject the registration."))
        return HttpResponseRedirect(_list_url(event_id))
    result = services.decide(registration=registration, approved=action == "approve", user=request.user)
    name = registration.full_name
    if not result.changed:
        messages.warning(
            request, _("The registration of %(name)s is no longer awaiting a decision (now: %(status)s). Nothing changed.")
            % {"name": name, "status": result.registration.get_status_display()},
        )
    elif result.registration.status == RegistrationStatus.REJECTED:
        messages.success(request, _("The registration of %(name)s is rejected; the person will be told by e-mail.") % {"name": name})
    elif result.registration.status == RegistrationStatus.CONFIRMED:
        messages.success(request, _("The registration of %(name)s is approved with a confirmed place.") % {"name": name})
    else:
        messages.success(
            request, _("The registration of %(name)s is approved; there is no free place, so it is on the waiting list.")
            % {"name": name},
        )
    return HttpResponseRedirect(_list_url(event_id))


def _list_url(event_id: int) -> str:
    return reverse("events_admin:registrations", args=[event_id]) + "#pending-title"


# ------------------------------------------------------------------------------------- period statistics


class PeriodForm(forms.Form):
    start = forms.DateField(
        label=pgettext_lazy("period", "From"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Enter the first day."), "invalid": gettext_lazy("Enter a date.")},
    )
    end = forms.DateField(
        label=pgettext_lazy("period", "To"), widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("Enter the last day."), "invalid": gettext_lazy("Enter a date.")},
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The last day must not be before the first."))
        return cleaned


def default_period() -> dict[str, str]:
    today = timezone.localdate()
    return {"start": (today - dt.timedelta(days=90)).isoformat(), "end": today.isoformat()}


@method_decorator(never_cache, name="dispatch")
class StatisticsView(WagtailAdminTemplateMixin, TemplateView):
    """Attendance of all events in a period, per event and per district where people live; `?format=csv` downloads it."""

    template_name = "events/admin/statistics.html"
    header_icon = "table"
    page_title = gettext_lazy("Attendance at events")

    def dispatch(self, request, *args, **kwargs):
        _require_staff(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        self.form = PeriodForm(request.GET if "start" in request.GET or "end" in request.GET else default_period())
        self.statistics = None
        if self.form.is_valid():
            self.statistics = selectors.period_statistics(self.form.cleaned_data["start"], self.form.cleaned_data["end"])
            if request.GET.get("format") == "csv":
                return self.csv_response()
        response = super().get(request, *args, **kwargs)
        if not self.form.is_valid():
            response.status_code = 400
        return response

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, statistics=self.statistics, csv_query=urlencode({**self.request.GET.dict(), "format": "csv"}))
        return context

    def csv_response(self) -> HttpResponse:
        data = self.form.cleaned_data
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="obecnosc-{data["start"].isoformat()}-{data["end"].isoformat()}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 (Polish letters) only with the byte order mark
        writer = csv.writer(response, delimiter=";")
        writer.writerow([_("District of residence"), _("Registered (confirmed)"), _("Attended"), _("No-shows")])
        for row in self.statistics.districts:
            writer.writerow([row.district or _("not given"), row.attendance.registered, row.attendance.attended, row.attendance.no_shows])
        total = self.statistics.total
        writer.writerow([pgettext("statistics", "Total"), total.registered, total.attended, total.no_shows])
        return response
