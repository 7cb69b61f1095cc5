"""schema.org data for search engines and calendars, built from a record's fields."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import localtime

from catalog.models import EventPage
from catalog.statuses import Status

# Characters that could end the <script> element or open a comment, written as JSON escapes instead.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event_data(event: EventPage, *, url: str, organiser_name: str, language: str) -> dict:
    """A schema.org Event; dates carry the Warsaw offset so they mean the same anywhere."""
    places = []
    if event.venue_name:
        places.append({"@type": "Place", "name": event.venue_name, "address": event.venue_address or event.venue_name})
    if event.is_online:
        places.append({"@type": "VirtualLocation", "url": event.online_url or url})
    if event.is_online and event.venue_name:
        mode = "MixedEventAttendanceMode"
    elif event.is_online:
        mode = "OnlineEventAttendanceMode"
    else:
        mode = "OfflineEventAttendanceMode"
    organiser = event.responsible_unit
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.lead,
        "url": url,
        "inLanguage": language,
        "startDate": localtime(event.starts_at).isoformat(timespec="seconds"),
        "eventStatus": "https://schema.org/EventCancelled" if event.status == Status.CANCELLED else "https://schema.org/EventScheduled",
        "eventAttendanceMode": f"https://schema.org/{mode}",
        "location": places[0] if len(places) == 1 else places,
        "organizer": {"@type": "Organization", "name": organiser.name if organiser else organiser_name},
    }
    if event.ends_at:
        data["endDate"] = localtime(event.ends_at).isoformat(timespec="seconds")
    if organiser and organiser.website:
        data["organizer"]["url"] = organiser.website
    return data


def json_ld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element whose content cannot break out of it."""
    payload = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))  # noqa: S308
