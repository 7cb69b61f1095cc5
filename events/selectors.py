"""Reads of event registration: what the public section shows, the organiser's list with the needs summary,
attendance, the check-in search and the published summaries."""

import hmac
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from anyascii import anyascii
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from catalog.models import EventPage

from .models import (
    PLACE_STATUSES,
    AccessibilityNeed,
    EventSummary,
    Registration,
    RegistrationAnswer,
    RegistrationQuestion,
    RegistrationSettings,
    RegistrationStatus,
)


@dataclass(frozen=True)
class PublicRegistration:
    """What the event page says about registration (no personal data)."""

    settings: RegistrationSettings
    is_open: bool
    refusal: str  # why it is not open: a Polish message, or ""
    places_left: int
    is_full: bool


def registration_settings_for(event: EventPage) -> RegistrationSettings | None:
    """The event's settings, read once per page object (the event page asks in several template blocks).

    The same query counts the places taken and whether the form has questions of the organiser's (the event page
    stays within its query budget: no query for questions when there are none).
    """
    if not hasattr(event, "_events_registration"):
        taken = (
            Registration.objects.filter(event_id=OuterRef("event_id"), status__in=PLACE_STATUSES)
            .order_by().values("event_id").annotate(n=Count("pk")).values("n")
        )
        event._events_registration = (
            RegistrationSettings.objects.filter(event_id=event.pk)
            .annotate(
                places_taken=Coalesce(Subquery(taken), 0),
                has_questions=Exists(RegistrationQuestion.objects.filter(registration_settings=OuterRef("pk"))),
            )
            .first()
        )
        if event._events_registration is not None:
            event._events_registration.event = event
    return event._events_registration


# What the form's POST needs before the service: the event is public (live, and under no page with a view
# restriction – the rule of `core.visibility.public`) and takes registrations, its mode and whether it has questions.
# Plain SQL: the ORM's compilation of the event page's query (three tables of page inheritance) cost more CPU than
# the rest of the request, and a POST shows no page (only a refused one reads the event, as a GET does).
_FORM_SETTINGS_SQL = """
    SELECT s.id, s.mode, EXISTS (SELECT 1 FROM events_registrationquestion q WHERE q.registration_settings_id = s.id)
    FROM events_registrationsettings s
    JOIN wagtailcore_page p ON p.id = s.event_id
    WHERE s.event_id = %s AND s.enabled AND p.live AND NOT EXISTS (
        SELECT 1 FROM wagtailcore_pageviewrestriction r JOIN wagtailcore_page closed ON closed.id = r.page_id
        WHERE p.path LIKE closed.path || '%%')"""


def form_settings(event_id: int) -> RegistrationSettings | None:
    """The settings the registration form is built from (an unsaved copy of `mode`, with `has_questions`), or None
    unless the event is public and its registration enabled; the service checks everything else under its lock."""
    with connection.cursor() as cursor:
        cursor.execute(_FORM_SETTINGS_SQL, [event_id])
        row = cursor.fetchone()
    if row is None:
        return None
    registration_settings = RegistrationSettings(id=row[0], event_id=event_id, enabled=True, mode=row[1])
    registration_settings.has_questions = bool(row[2])
    return registration_settings


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
    now = now or timezone.now()
    if event.live and event.starts_at and event.starts_at <= now:
        # Over (or under way): the page only says so, and places are not counted (a summary's page stays in budget).
        return PublicRegistration(registration_settings, False, RegistrationRefused("past").message, 0, False)
    taken = getattr(registration_settings, "places_taken", None)
    if taken is None:
        taken = Registration.objects.filter(event_id=event.pk, status__in=PLACE_STATUSES).count()
    places_left = max(registration_settings.capacity - taken, 0)
    try:
        check_open(registration_settings, live=event.live, starts_at=event.starts_at, now=now)
    except RegistrationRefused as refusal:
        return PublicRegistration(registration_settings, False, refusal.message, places_left, places_left == 0)
    return PublicRegistration(registration_settings, True, "", places_left, places_left == 0)


def event_registrations(event: EventPage) -> QuerySet:
    """Every registration of the event with its district and answers: three queries however many there are."""
    return (
        Registration.objects.filter(event=event).select_related("district").prefetch_related("answers")
        .order_by("created_at", "pk")
    )


def pending_registrations(event: EventPage) -> list[Registration]:
    """Registrations waiting for the organiser's decision, the oldest first, with their answers."""
    return list(event_registrations(event).filter(status=RegistrationStatus.PENDING))


def answer_columns(event: EventPage) -> list[tuple[int | None, str]]:
    """(question id, wording) of each column of answers: the current questions in order, then any wording people
    answered that is no longer asked (a question edited or deleted since), so no answer is shown under a new text."""
    columns = list(
        RegistrationQuestion.objects.filter(registration_settings__event=event).order_by("sort_order", "pk")
        .values_list("pk", "text")
    )
    answered = (
        RegistrationAnswer.objects.filter(registration__event=event).values_list("question_id", "question_text")
        .distinct().order_by("question_text")
    )
    columns.extend(pair for pair in answered if pair not in columns)
    return columns


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


def registrations_with_needs(event: EventPage) -> bool:
    """Whether any registration of the event still holds accessibility needs (they are purged after the event)."""
    return Registration.objects.filter(event=event).filter(
        Q(needs_consent_at__isnull=False) | ~Q(needs_other="") | ~Q(needs=[])
    ).exists()


# ------------------------------------------------------------------------------------------- attendance


@dataclass(frozen=True)
class Attendance:
    """Counts of one event (or of several events together). No-shows are known only once the event has ended."""

    registered: int  # confirmed places
    attended: int  # confirmed and checked in
    no_shows: int | None  # confirmed, not checked in, the event over; None before the end
    waiting: int
    cancelled: int

    @property
    def ended(self) -> bool:
        return self.no_shows is not None


def _event_ended(event: EventPage, now: datetime) -> bool:
    end = event.ends_at or event.starts_at
    return end is not None and end <= now


_COUNTS = {
    "registered": Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED)),
    "attended": Count("pk", filter=Q(status=RegistrationStatus.CONFIRMED, checked_in_at__isnull=False)),
    "waiting": Count("pk", filter=Q(status=RegistrationStatus.WAITING)),
    "cancelled": Count("pk", filter=Q(status=RegistrationStatus.CANCELLED)),
}


def attendance(event: EventPage, *, now: datetime | None = None) -> Attendance:
    """One query. Registered = confirmed; attended = confirmed and checked in; waiting = on the waiting list."""
    row = Registration.objects.filter(event=event).aggregate(**_COUNTS)
    ended = _event_ended(event, now or timezone.now())
    return Attendance(
        registered=row["registered"], attended=row["attended"],
        no_shows=row["registered"] - row["attended"] if ended else None,
        waiting=row["waiting"], cancelled=row["cancelled"],
    )


def attendance_by_district(events: QuerySet, *, now: datetime | None = None) -> list[tuple[str, Attendance]]:
    """Attendance of ended events summed per district of the event (an event in two districts counts in both).

    Registrations carry no address, so "district" is where the event took place. Only ended events are
    counted, so no-shows are always known. One query; districts without registrations are left out.
    """
    now = now or timezone.now()
    ended = events.annotate(ended_at=Coalesce(F("ends_at"), F("starts_at"))).filter(ended_at__lte=now)
    rows = (
        Registration.objects.filter(event__in=ended.values("pk"), event__districts__isnull=False)
        .values("event__districts__name")
        .annotate(**_COUNTS)
        .order_by("event__districts__name")
    )
    return [
        (row["event__districts__name"], Attendance(
            registered=row["registered"], attended=row["attended"], no_shows=row["registered"] - row["attended"],
            waiting=row["waiting"], cancelled=row["cancelled"],
        ))
        for row in rows
    ]


@dataclass(frozen=True)
class DistrictAttendance:
    district: str  # the name, or "" when the person preferred not to say
    attendance: Attendance


def attendance_by_home_district(registrations: QuerySet, *, ended: bool) -> list[DistrictAttendance]:
    """Attendance of the given registrations per district where the people live (the optional answer on the form).

    One query however many registrations; districts by their number, "not given" last. No-shows only if `ended`.
    """
    rows = (  # cancelled and rejected registrations keep no district (services._forget_personal_answers)
        registrations.exclude(status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED])
        .values("district__number", "district__name")
        .annotate(**_COUNTS)
        .order_by(F("district__number").asc(nulls_last=True))
    )
    return [
        DistrictAttendance(row["district__name"] or "", Attendance(
            registered=row["registered"], attended=row["attended"],
            no_shows=row["registered"] - row["attended"] if ended else None,
            waiting=row["waiting"], cancelled=row["cancelled"],
        ))
        for row in rows
    ]


def event_attendance_by_home_district(event: EventPage, *, now: datetime | None = None) -> list[DistrictAttendance]:
    return attendance_by_home_district(
        Registration.objects.filter(event=event), ended=_event_ended(event, now or timezone.now())
    )


@dataclass(frozen=True)
class PeriodStatistics:
    events: list  # EventPage objects with `registered`, `attended` and `no_shows` annotated
    districts: list[DistrictAttendance]
    total: Attendance


def period_statistics(start: date, end: date, *, now: datetime | None = None) -> PeriodStatistics:
    """Attendance of the events with registration that started between two dates (inclusive) and have ended:
    per event and per district of residence. Three queries however many events and registrations."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    since = datetime.combine(start, time.min, tzinfo=tz)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz)
    events = (
        EventPage.objects.filter(registration__isnull=False, starts_at__gte=since, starts_at__lt=until)
        .annotate(ended_at=Coalesce(F("ends_at"), F("starts_at")))
        .filter(ended_at__lte=now)
    )
    counted = list(
        events.annotate(
            registered=Count("registrations", filter=Q(registrations__status=RegistrationStatus.CONFIRMED)),
            attended=Count("registrations", filter=Q(
                registrations__status=RegistrationStatus.CONFIRMED, registrations__checked_in_at__isnull=False
            )),
        ).order_by("starts_at", "pk")
    )
    for event in counted:
        event.no_shows = event.registered - event.attended
    registrations = Registration.objects.filter(event__in=events.values("pk"))
    row = registrations.aggregate(**_COUNTS)
    total = Attendance(
        registered=row["registered"], attended=row["attended"], no_shows=row["registered"] - row["attended"],
        waiting=row["waiting"], cancelled=row["cancelled"],
    )
    return PeriodStatistics(counted, attendance_by_home_district(registrations, ended=True), total)


# --------------------------------------------------------------------------------------------- check-in


def folded(text: str) -> str:
    """Lower case without diacritics: "Łukasz Żółć" → "lukasz zolc" (anyascii also folds "ł", which NFKD does not)."""
    return anyascii(text or "").casefold()


def check_in_candidates(event: EventPage, query: str = "") -> list[Registration]:
    """Confirmed registrations whose name (or e-mail address) contains every word of the query, by name.

    Filtered in Python: an event has at most a few hundred confirmed people, and no database folds
    Polish letters the same way (SQLite's LIKE knows no "ł").
    """
    words = folded(query).split()
    people = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).select_related("checked_in_by")
    )
    matching = [
        registration for registration in people
        if all(word in f"{folded(registration.full_name)} {registration.email}" for word in words)
    ]
    return sorted(matching, key=lambda registration: (folded(registration.full_name), registration.pk))


def registration_by_check_in_code(code: str) -> Registration | None:
    """The registration a QR code's check-in address names, or None for a wrong or forged code."""
    pk, _separator, _digest = (code or "").partition("-")
    if not pk.isdigit():
        return None
    registration = Registration.objects.select_related("event", "checked_in_by").filter(pk=int(pk)).first()
    if registration is None or not hmac.compare_digest(registration.check_in_code, code):
        return None
    return registration


# -------------------------------------------------------------------------------------------- summaries

PHOTO_RENDITION = "max-960x720"


@dataclass(frozen=True)
class Presentation:
    title: str
    document: object  # wagtaildocs Document


@dataclass(frozen=True)
class Photo:
    image: object  # wagtailimages Image, with its rendition prefetched
    alt: str
    consent: str


@dataclass(frozen=True)
class PublicSummary:
    """What the public sees of a published summary, with documents and images already read."""

    event: EventPage
    conclusions: list[str]
    notes: str
    presentations: list[Presentation]
    photos: list[Photo]
    recording_url: str
    published_at: datetime


def _public_summaries(summaries: list[EventSummary]) -> list[PublicSummary]:
    """Documents and images of all the summaries in one query each (StreamField would read them per summary).

    Raw stream data is read, so a document or image deleted since is left out instead of failing.
    """
    from wagtail.documents import get_document_model

    document_ids = {item["value"].get("document") for summary in summaries for item in summary.presentations.raw_data}
    image_ids = {item["value"].get("image") for summary in summaries for item in summary.photos.raw_data}
    document_ids.discard(None)
    image_ids.discard(None)
    documents = get_document_model().objects.in_bulk(document_ids) if document_ids else {}
    images = _images_with_renditions(image_ids)
    result = []
    for summary in summaries:
        presentations = [
            Presentation(title=item["value"].get("title") or documents[item["value"]["document"]].title,
                         document=documents[item["value"]["document"]])
            for item in summary.presentations.raw_data if item["value"].get("document") in documents
        ]
        photos = [
            Photo(image=images[item["value"]["image"]], alt=item["value"].get("alt", ""),
                  consent=item["value"].get("consent", ""))
            for item in summary.photos.raw_data if item["value"].get("image") in images
        ]
        result.append(PublicSummary(
            event=summary.event,
            conclusions=[str(item["value"]) for item in summary.conclusions.raw_data if str(item["value"]).strip()],
            notes=summary.notes,
            presentations=presentations,
            photos=photos,
            recording_url=summary.recording_url,
            published_at=summary.published_at,
        ))
    return result


def _images_with_renditions(image_ids: set[int]) -> dict:
    """Images with the rendition the page shows: one query (renditions joined to their images) once the renditions
    exist; the images still without one (the first view after publishing) are read with Wagtail's prefetch."""
    from wagtail.images import get_image_model

    if not image_ids:
        return {}
    model = get_image_model()
    images = {}
    for rendition in model.get_rendition_model().objects.filter(
        image_id__in=image_ids, filter_spec=PHOTO_RENDITION
    ).select_related("image"):
        image = images.setdefault(rendition.image_id, rendition.image)
        image.prefetched_renditions = [*getattr(image, "prefetched_renditions", []), rendition]
    missing = image_ids - images.keys()
    if missing:
        images.update(model.objects.prefetch_renditions(PHOTO_RENDITION).in_bulk(missing))
    return images


def published_summary(event: EventPage) -> PublicSummary | None:
    """The event's summary if published; one query, plus one for documents and two for photos when it has them."""
    if event.pk is None:  # a preview of an event not saved yet
        return None
    summary = EventSummary.objects.filter(event_id=event.pk, published_at__isnull=False).first()
    if summary is None:
        return None
    summary.event = event
    return _public_summaries([summary])[0]


def consultation_summaries(consultation) -> list[PublicSummary]:
    """Published summaries of the consultation's public events, by the events' dates: a fixed number of queries."""
    from core.visibility import public

    if consultation.pk is None:
        return []
    events = public(EventPage.objects.filter(consultation_id=consultation.pk))
    summaries = list(
        EventSummary.objects.filter(event__in=events.values("pk"), published_at__isnull=False)
        .select_related("event")
        .order_by(F("event__starts_at").asc(nulls_last=True), "pk")
    )
    return _public_summaries(summaries)
