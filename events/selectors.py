"""Reads of event registration: what the public section shows and the organiser's list with the needs summary."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from catalog.models import EventPage

from .models import PLACE_STATUSES, AccessibilityNeed, Registration, RegistrationSettings, RegistrationStatus


@dataclass(frozen=True)
class PublicRegistration:
    """What the event page says about registration (no personal data)."""

    settings: RegistrationSettings
    is_open: bool
    refusal: str  # why it is not open: a Polish message, or ""
    places_left: int
    is_full: bool


def registration_settings_for(event: EventPage) -> RegistrationSettings | None:
    """The event's settings, read once per page object (the event page asks in several template blocks)."""
    if not hasattr(event, "_events_registration"):
        event._events_registration = RegistrationSettings.objects.filter(event_id=event.pk).first()
        if event._events_registration is not None:
            event._events_registration.event = event
    return event._events_registration


def online_link_is_private(event: EventPage) -> bool:
    """While registration is on, the online link goes only to confirmed people (in their e-mail), not to the public.

    One query per request for all events (the API lists many), through the per-request memo.
    """
    from core.request_memo import memoised

    if not event.online_url:
        return False
    with_registration = memoised(
        "events:registration_enabled",
        lambda: set(RegistrationSettings.objects.filter(enabled=True).values_list("event_id", flat=True)),
    )
    return event.pk in with_registration


def public_registration(event: EventPage, *, now=None) -> PublicRegistration | None:
    from .services import RegistrationRefused, check_open

    registration_settings = registration_settings_for(event)
    if registration_settings is None or not registration_settings.enabled:
        return None
    taken = Registration.objects.filter(event_id=event.pk, status__in=PLACE_STATUSES).count()
    places_left = max(registration_settings.capacity - taken, 0)
    try:
        check_open(registration_settings, now=now or timezone.now())
    except RegistrationRefused as refusal:
        return PublicRegistration(registration_settings, False, refusal.message, places_left, places_left == 0)
    return PublicRegistration(registration_settings, True, "", places_left, places_left == 0)


def event_registrations(event: EventPage) -> QuerySet:
    return Registration.objects.filter(event=event).order_by("created_at", "pk")


def status_counts(event: EventPage) -> dict[str, int]:
    rows = Registration.objects.filter(event=event).values("status").annotate(n=Count("pk"))
    counts = {status: 0 for status in RegistrationStatus.values}
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def needs_summary(event: EventPage) -> list[tuple[str, int]]:
    """(need label, number of active registrations asking for it), every need listed, in the list's order."""
    counter: Counter = Counter()
    active = Registration.objects.filter(event=event).filter(
        Q(status__in=[RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED, RegistrationStatus.PENDING, RegistrationStatus.WAITING])
    )
    for needs in active.values_list("needs", flat=True):
        counter.update(needs or [])
    return [(str(label), counter.get(code, 0)) for code, label in AccessibilityNeed.choices]
