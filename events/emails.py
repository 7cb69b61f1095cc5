"""E-mails to people who registered, in the language of the page they registered on (`Registration.language`:
the worker has no request, so each message activates it with `translation.override`).

Links are absolute (WAGTAILADMIN_BASE_URL, as in `noticeboard.digest`). The confirmation carries an .ics file
describing the event only — never the participant's name or address. The online meeting link is given only
to confirmed people. The confirmation and the reminder of a confirmed person carry a QR code (segno, PNG,
an inline part referenced by its Content-ID) that encodes only the staff's check-in address with the
registration's check-in code (`Registration.check_in_code`, not the token that cancels); the text part
gives the same address.
"""

import io
from datetime import UTC, timedelta
from email.message import MIMEPart
from urllib.parse import urlsplit

import segno
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from catalog.models import EventPage

from .models import Registration, RegistrationStatus

PRODID = "-//Dialog//Zapisy na wydarzenia//PL"
DEFAULT_LENGTH = timedelta(hours=2)  # an event without an end is drawn as two hours long
KINDS = ("confirmation", "waiting", "pending", "rejected", "offer", "expired", "reminder", "cancelled", "summary")
# The status a registration must still have for its e-mail to make sense when the task runs.
STATUS_FOR_KIND = {
    "confirmation": RegistrationStatus.CONFIRMED,
    "waiting": RegistrationStatus.WAITING,
    "pending": RegistrationStatus.PENDING,
    "rejected": RegistrationStatus.REJECTED,
    "offer": RegistrationStatus.OFFERED,
    "expired": RegistrationStatus.EXPIRED,
    "reminder": RegistrationStatus.CONFIRMED,
    "cancelled": RegistrationStatus.CANCELLED,
    "summary": RegistrationStatus.CONFIRMED,
}


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def local_datetime(value) -> str:
    """The date and time in the active language (month names), in the portal's time zone."""
    return date_format(timezone.localtime(value), "j E Y, H:i")


def event_url(event: EventPage) -> str:
    url = event.get_url() or "/"
    return url if url.startswith("http") else absolute(url)


def personal_url(name: str, registration: Registration) -> str:
    """The person's own page, in their language (its address carries the language's prefix, none for Polish)."""
    with translation.override(registration.language):
        return absolute(reverse(name, args=[registration.token]))


QR_CONTENT_ID = "qr-obecnosc@dialog"
QR_SCALE = 6  # pixels per module: large enough for any phone camera, small enough for an e-mail
QR_KINDS = ("confirmation", "reminder")


def check_in_url(registration: Registration) -> str:
    """The staff's check-in address of one registration: what the QR code encodes, and nothing else."""
    return absolute(reverse("events_admin:check_in_code", args=[registration.check_in_code]))


def check_in_qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


def qr_png(qr: segno.QRCode) -> bytes:
    buffer = io.BytesIO()
    qr.save(buffer, kind="png", scale=QR_SCALE, border=4)
    return buffer.getvalue()


def qr_part(png: bytes) -> MIMEPart:
    part = MIMEPart()
    part.set_content(png, maintype="image", subtype="png", disposition="inline", filename="kod-qr.png", cid=f"<{QR_CONTENT_ID}>")
    return part


def place_text(event: EventPage) -> str:
    parts = [part for part in (event.venue_name, event.venue_address) if part]
    if event.is_online:
        parts.append(_("online"))
    return ", ".join(parts)


def calendar_bytes(event: EventPage, *, with_online_link: bool) -> bytes:
    """One VEVENT describing the event (RFC 5545); it is the same for every participant and names none of them."""
    host = urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "dialog"
    start = event.starts_at.astimezone(UTC)
    end = event.ends_at.astimezone(UTC) if event.ends_at and event.ends_at > event.starts_at else start + DEFAULT_LENGTH
    url = event_url(event)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    item = CalendarEvent()
    item.add("uid", f"event-{event.pk}@{host}")
    item.add("dtstamp", timezone.now().astimezone(UTC).replace(microsecond=0))
    item.add("dtstart", start)
    item.add("dtend", end)
    item.add("summary", event.title)
    item.add("location", place_text(event))
    item.add("url", url)
    description = [event.lead, url]
    if with_online_link and event.is_online and event.online_url:
        description.append(_("Online meeting: %(url)s") % {"url": event.online_url})
    item.add("description", "\n\n".join(line for line in description if line))
    item.add("status", "CONFIRMED")
    calendar.add_component(item)
    return calendar.to_ical()


def _content(registration: Registration, kind: str) -> tuple[str, list[str], list[tuple[str, str]]]:
    """Subject, paragraphs and (label, URL) links of one kind of message."""
    event = registration.event
    values = {"event": event.title, "site": settings.WAGTAIL_SITE_NAME}
    cancel = (_("Cancel my registration"), personal_url("events:cancel", registration))
    if kind == "confirmation":
        return (
            _("%(site)s: you are registered for “%(event)s”") % values,
            [_("Your place at the event is confirmed. We have attached the event to add to your calendar."),
             _("If you cannot come, cancel your registration: someone from the waiting list will get your place.")],
            [cancel],
        )
    if kind == "waiting":
        return (
            _("%(site)s: you are on the waiting list for “%(event)s”") % values,
            [_("All places are taken, so you are on the waiting list."),
             _("When a place becomes free, we will send you an e-mail. You will then have a limited time to confirm it.")],
            [(_("Leave the waiting list"), cancel[1])],
        )
    if kind == "pending":
        return (
            _("%(site)s: we have received your registration for “%(event)s”") % values,
            [_("The organiser approves registrations for this event. We will write to you after the decision.")],
            [(_("Withdraw my registration"), cancel[1])],
        )
    if kind == "rejected":
        return (
            _("%(site)s: your registration for “%(event)s” was not accepted") % values,
            [_("The organiser approves registrations for this event and has not accepted yours."),
             _("If you have questions, contact the organiser of the event: the details are on the event's page.")],
            [],
        )
    if kind == "offer":
        values["deadline"] = local_datetime(registration.offer_expires_at)
        return (
            _("%(site)s: a place is free for you at “%(event)s”") % values,
            [_("A place at the event became free and it is yours if you confirm it."),
             _("Confirm by %(deadline)s. After that the place goes to the next person on the waiting list.") % values],
            [(_("Confirm my place"), personal_url("events:accept_offer", registration)),
             (_("I do not want the place"), cancel[1])],
        )
    if kind == "expired":
        return (
            _("%(site)s: the place at “%(event)s” was not confirmed") % values,
            [_("You did not confirm the place in time, so it went to the next person on the waiting list.")],
            [],
        )
    if kind == "reminder":
        return (
            _("%(site)s: reminder about “%(event)s”") % values,
            [_("We remind you that you are registered for the event.")],
            [cancel],
        )
    if kind == "cancelled":
        return (
            _("%(site)s: your registration for “%(event)s” is cancelled") % values,
            [_("Your registration is cancelled. Thank you for letting us know.")],
            [],
        )
    if kind == "summary":
        return (
            _("%(site)s: summary of “%(event)s”") % values,
            [_("Thank you for registering for the event. Its summary is now published: the key conclusions, notes and materials.")],
            [(_("Read the summary"), event_url(event) + "#summary-title")],
        )
    raise ValueError(kind)


def build_email(registration: Registration, kind: str) -> EmailMultiAlternatives:
    event = registration.event
    with translation.override(registration.language):
        subject, paragraphs, links = _content(registration, kind)
        confirmed = registration.status == RegistrationStatus.CONFIRMED
        context = {
            "name": registration.full_name,
            "event": event,
            "when": local_datetime(event.starts_at) if event.starts_at else "",
            "place": place_text(event),
            "online_url": event.online_url if confirmed and event.is_online and kind in ("confirmation", "reminder") else "",
            "event_url": event_url(event),
            "paragraphs": [str(paragraph) for paragraph in paragraphs],
            "links": [(str(label), url) for label, url in links],
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        qr = None
        if confirmed and kind in QR_KINDS:
            url = check_in_url(registration)
            qr = check_in_qr(url)
            context.update(check_in_url=url, qr_cid=QR_CONTENT_ID, qr_size=qr.symbol_size(scale=QR_SCALE, border=4)[0])
        text = render_to_string("events/email/message.txt", context)
        html = render_to_string("events/email/message.html", context)
        calendar = calendar_bytes(event, with_online_link=True) if kind == "confirmation" and confirmed else None
    message = EmailMultiAlternatives(subject=str(subject), body=text, to=[registration.email])
    message.attach_alternative(html, "text/html")
    if calendar is not None:
        message.attach("wydarzenie.ics", calendar, "text/calendar; charset=utf-8; method=PUBLISH")
    if qr is not None:
        message.attach(qr_part(qr_png(qr)))
    return message
