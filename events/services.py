"""Writes of event registration: register (with the answers to the organiser's questions), cancel, the waiting list's
offers, the organiser's approval or rejection, check-in, reminders, the purge of needs and publishing a summary.

Capacity is the database's job: every write that may take or free a place first locks the event's
`RegistrationSettings` row (`select_for_update`; on SQLite writes are serialised anyway), then counts the
places held (confirmed + offered) inside the same transaction. Only that row is locked (`of=("self",)`), not the
event's page rows joined to it, so editing the event's page and registering do not wait for each other. A
conditional unique index allows one active registration per address and event: a repeated submission returns
the registration that already exists. `register` reads and locks in plain SQL (it is the busiest write).
E-mails are enqueued with `transaction.on_commit` as tasks carrying ids only.
"""

import hmac
import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import EventPage
from core.models import District

from .models import (
    ACTIVE_STATUSES,
    PLACE_STATUSES,
    AccessibilityNeed,
    EventSummary,
    QuestionKind,
    Registration,
    RegistrationAnswer,
    RegistrationMode,
    RegistrationQuestion,
    RegistrationSettings,
    RegistrationStatus,
    ReminderDelivery,
    SummaryNotification,
)

logger = logging.getLogger(__name__)

# Why a registration was refused: a stable code for programs and tests, and the message for people.
REFUSALS = {
    "unavailable": _("Registration for this event is not available."),
    "invalid_email": _("Enter a valid e-mail address, for example jan.kowalski@example.com."),
    "name_required": _("Enter your name."),
    "not_open": _("Registration has not opened yet. It opens on %(date)s."),
    "closed": _("Registration for this event is closed."),
    "past": _("This event has already taken place."),
    "wrong_code": _("The invitation code is wrong. Check it and enter it again."),
    "full": _("There are no places left for this event."),
    "needs_consent": _("To tell us about your needs, tick your consent to processing this information."),
    "unknown_need": _("Choose accessibility needs from the list."),
    "no_offer": _("There is no place waiting for your confirmation."),
    "offer_expired": _("The time to confirm this place has passed. The place was offered to the next person."),
    "not_confirmed": _("Only people with a confirmed place can be checked in."),
    "answer_required": _("Answer the question “%(question)s”."),
    "invalid_answer": _("Choose an answer from the list for the question “%(question)s”."),
    "answer_too_long": _("The answer to the question “%(question)s” is too long (at most %(limit)s characters)."),
    "unknown_question": _("The form has changed in the meantime. Check your answers and send it again."),
    "unknown_district": _("Choose your district from the list."),
}

# What a yes/no answer is stored as: the staff's language (Polish), whatever language the person registered in.
YES_NO_ANSWERS = {"yes": pgettext_lazy("answer", "yes"), "no": pgettext_lazy("answer", "no")}
ANSWER_MAX_LENGTH = 1000
STORED_LANGUAGE = "pl"



class RegistrationRefused(Exception):  # noqa: N818 - a refusal is an expected outcome, not a bug
    """A rule of the event refused the request; `message` is for people (Polish when rendered), `code` for programs."""

    def __init__(self, code: str, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self) -> str:
        text = str(REFUSALS[self.code])
        return text % self.params if "%(" in text else text


@dataclass(frozen=True)
class RegistrationResult:
    registration: Registration
    created: bool


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _local(value: datetime) -> str:
    from django.utils.formats import date_format

    return date_format(timezone.localtime(value), "j E Y, H:i")


def _enqueue(kind: str, registration: Registration, **extra) -> None:
    from . import tasks

    transaction.on_commit(partial(tasks.send_registration_email.enqueue, registration.pk, kind, **extra))


def places_taken(registration_settings: RegistrationSettings) -> int:
    return Registration.objects.filter(event_id=registration_settings.event_id, status__in=PLACE_STATUSES).count()


def _locked_settings(event_id: int) -> RegistrationSettings | None:
    """The event's settings, locked; `has_questions` says whether the form's questions need reading (most have none)."""
    return (
        RegistrationSettings.objects.select_for_update(of=("self",)).select_related("event")
        .annotate(has_questions=Exists(RegistrationQuestion.objects.filter(registration_settings=OuterRef("pk"))))
        .filter(event_id=event_id).first()
    )


def check_open(registration_settings: RegistrationSettings, *, live: bool, starts_at: datetime | None, now: datetime) -> None:
    """Raise `RegistrationRefused` unless the event (live or not, starting at `starts_at`) takes registrations at `now`."""
    if not registration_settings.enabled or not live or not starts_at:
        raise RegistrationRefused("unavailable")
    if starts_at <= now:
        raise RegistrationRefused("past")
    if registration_settings.opens_at and now < registration_settings.opens_at:
        raise RegistrationRefused("not_open", date=_local(registration_settings.opens_at))
    if now >= (registration_settings.closes_at or starts_at):
        raise RegistrationRefused("closed")


# The busiest write of the portal, in plain SQL: the ORM's compilation of these statements cost more CPU than the
# rest of the request (see benchmarks/registration_load.py). Both are portable (PostgreSQL and SQLite).
_LOCK_SQL = """
    SELECT s.id, s.enabled, s.capacity, s.mode, s.invitation_code, s.waiting_list, s.opens_at, s.closes_at,
           p.live, c.starts_at,
           EXISTS (SELECT 1 FROM events_registrationquestion q WHERE q.registration_settings_id = s.id)
    FROM events_registrationsettings s
    JOIN wagtailcore_page p ON p.id = s.event_id
    JOIN catalog_catalogpage c ON c.page_ptr_id = s.event_id
    WHERE s.event_id = %s"""
# Run after the lock, so it sees every registration committed before it: this address's active one (the unique
# index), the places held (an index range of at most `capacity` rows) and whether anyone waits (the first row only).
# The IN lists take ACTIVE_STATUSES and PLACE_STATUSES as parameters (a list of another length fails loudly).
_STATE_SQL = """
    SELECT (SELECT r.id FROM events_registration r WHERE r.event_id = %s AND r.email = %s AND r.status IN (%s, %s, %s, %s)),
           (SELECT COUNT(*) FROM events_registration r WHERE r.event_id = %s AND r.status IN (%s, %s)),
           EXISTS (SELECT 1 FROM events_registration r WHERE r.event_id = %s AND r.status = %s)"""


def _aware(value: datetime | None) -> datetime | None:
    """SQLite's driver returns naive UTC datetimes to plain SQL (the ORM makes them aware); PostgreSQL's are aware."""
    return timezone.make_aware(value, UTC) if value is not None and timezone.is_naive(value) else value


def _lock_for_registration(cursor, event_id: int) -> tuple[RegistrationSettings, bool, datetime | None] | None:
    """Lock the event's settings row (only that row: editing the event's page does not wait) and read what a
    registration decides on: the settings (an unsaved copy of those columns) and the page's `live` and `starts_at`."""
    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update_of else ""
    cursor.execute(_LOCK_SQL + lock, [event_id])
    row = cursor.fetchone()
    if row is None:
        return None
    pk, enabled, capacity, mode, invitation_code, waiting_list, opens_at, closes_at, live, starts_at, has_questions = row
    registration_settings = RegistrationSettings(
        id=pk, event_id=event_id, enabled=bool(enabled), capacity=capacity, mode=mode, invitation_code=invitation_code,
        waiting_list=bool(waiting_list), opens_at=_aware(opens_at), closes_at=_aware(closes_at),
    )
    registration_settings.has_questions = bool(has_questions)
    return registration_settings, bool(live), _aware(starts_at)


@transaction.atomic
def register(
    *,
    event_id: int,
    full_name: str,
    email: str,
    invitation_code: str = "",
    needs: list[str] | tuple[str, ...] = (),
    needs_other: str = "",
    needs_consent: bool = False,
    district_id: int | None = None,
    answers: dict[int, str] | None = None,
    language: str = settings.LANGUAGE_CODE,
    now: datetime | None = None,
) -> RegistrationResult:
    """Register one person: confirmed while places last, then the waiting list (or "full"); pending in approval mode.

    `answers` maps the event's question ids to the raw answers (a choice's text, "yes"/"no"); they are checked
    against the questions read under the lock, so a tampered or stale form is refused and nothing is saved.
    A second submission with the same address returns the existing active registration (`created=False`).
    `language` (the page's) is the language of the person's e-mails.
    """
    now = now or timezone.now()
    email = normalise_email(email)
    full_name = (full_name or "").strip()
    try:
        validate_email(email)
    except ValidationError:
        raise RegistrationRefused("invalid_email") from None
    if not full_name:
        raise RegistrationRefused("name_required")
    with connection.cursor() as cursor:
        locked = _lock_for_registration(cursor, event_id)
        if locked is None:
            raise RegistrationRefused("unavailable")
        cursor.execute(_STATE_SQL, [event_id, email, *ACTIVE_STATUSES, event_id, *PLACE_STATUSES, event_id, RegistrationStatus.WAITING])
        existing, taken, waiting = cursor.fetchone()
    if existing is not None:
        return RegistrationResult(Registration.objects.get(pk=existing), created=False)
    registration_settings, live, starts_at = locked
    check_open(registration_settings, live=live, starts_at=starts_at, now=now)
    if registration_settings.mode == RegistrationMode.INVITATION and not hmac.compare_digest(
        (invitation_code or "").strip().casefold().encode(), registration_settings.invitation_code.casefold().encode()
    ):
        raise RegistrationRefused("wrong_code")
    needs = list(dict.fromkeys(needs))
    needs_other = (needs_other or "").strip()
    if any(code not in AccessibilityNeed.values for code in needs):
        raise RegistrationRefused("unknown_need")
    if (needs or needs_other) and not needs_consent:
        raise RegistrationRefused("needs_consent")
    if district_id is not None and not District.objects.filter(pk=district_id).exists():
        raise RegistrationRefused("unknown_district")
    answer_rows = checked_answers(registration_settings, answers or {})

    if registration_settings.mode == RegistrationMode.APPROVAL:
        status = RegistrationStatus.PENDING
    elif taken < registration_settings.capacity and not waiting:
        status = RegistrationStatus.CONFIRMED
    elif registration_settings.waiting_list:
        status = RegistrationStatus.WAITING
    else:
        raise RegistrationRefused("full")

    # No savepoint: under the lock no other registration of this event can take the address first, so the unique
    # index is only a backstop (its IntegrityError would roll back the whole registration).
    registration = Registration.objects.create(
        event_id=event_id, full_name=full_name, email=email, status=status, created_at=now,
        needs=needs, needs_other=needs_other, needs_consent_at=now if (needs or needs_other) else None,
        district_id=district_id, language=language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE,
    )
    if answer_rows:
        for answer in answer_rows:
            answer.registration = registration
        RegistrationAnswer.objects.bulk_create(answer_rows)
    _enqueue({RegistrationStatus.CONFIRMED: "confirmation", RegistrationStatus.WAITING: "waiting",
              RegistrationStatus.PENDING: "pending"}[status], registration)
    return RegistrationResult(registration, created=True)


def checked_answers(registration_settings: RegistrationSettings, answers: dict[int, str]) -> list[RegistrationAnswer]:
    """Unsaved answers with the wording and choice as asked; `RegistrationRefused` for a missing, tampered or stale one."""
    questions = list(registration_settings.questions.all()) if getattr(registration_settings, "has_questions", True) else []
    if set(answers) - {question.pk for question in questions}:
        raise RegistrationRefused("unknown_question")
    rows = []
    for question in questions:
        value = str(answers.get(question.pk) or "").strip()
        params = {"question": question.text, "question_id": question.pk}
        if not value:
            if question.required:
                raise RegistrationRefused("answer_required", **params)
            continue
        if question.kind == QuestionKind.YES_NO:
            if value not in YES_NO_ANSWERS:
                raise RegistrationRefused("invalid_answer", **params)
            with translation.override(STORED_LANGUAGE):
                value = str(YES_NO_ANSWERS[value])
        elif question.kind == QuestionKind.CHOICE and value not in question.choice_list():
            raise RegistrationRefused("invalid_answer", **params)
        elif len(value) > ANSWER_MAX_LENGTH:
            raise RegistrationRefused("answer_too_long", limit=ANSWER_MAX_LENGTH, **params)
        rows.append(RegistrationAnswer(question=question, question_text=question.text, answer=value))
    return rows


def _has_waiting(event_id: int) -> bool:
    return Registration.objects.filter(event_id=event_id, status=RegistrationStatus.WAITING).exists()


def _offer_free_places(registration_settings: RegistrationSettings, *, now: datetime) -> list[Registration]:
    """Offer every free place to the next people on the waiting list (caller holds the settings lock)."""
    event = registration_settings.event
    if not event.starts_at or event.starts_at <= now:
        return []
    free = registration_settings.capacity - places_taken(registration_settings)
    if free <= 0:
        return []
    offered = list(
        Registration.objects.filter(event_id=event.pk, status=RegistrationStatus.WAITING).order_by("created_at", "pk")[:free]
    )
    expires = min(now + timedelta(hours=registration_settings.offer_hours), event.starts_at)
    for registration in offered:
        registration.status = RegistrationStatus.OFFERED
        registration.offer_expires_at = expires
        registration.save(update_fields=["status", "offer_expires_at"])
        _enqueue("offer", registration)
    return offered


def _by_token(token: str) -> Registration:
    registration = Registration.objects.filter(token=token).first() if token else None
    if registration is None:
        raise Registration.DoesNotExist
    return registration


def _forget_personal_answers(registration: Registration) -> list[str]:
    """Data minimisation when someone will not attend (cancelled, rejected): the needs, the district of residence and
    the answers to the organiser's questions were collected for this person's attendance only. The statistics never
    count cancelled or rejected people by district, and the status row keeps them in the event's totals. Returns the
    fields to save."""
    registration.needs, registration.needs_other, registration.needs_consent_at = [], "", None
    registration.district = None
    RegistrationAnswer.objects.filter(registration=registration).delete()
    return ["needs", "needs_other", "needs_consent_at", "district"]


@transaction.atomic
def cancel(*, token: str, now: datetime | None = None) -> Registration:
    """Cancel by the personal token; a place it held goes to the waiting list. Cancelling twice changes nothing.

    Raises `Registration.DoesNotExist` for an unknown token.
    """
    now = now or timezone.now()
    event_id = _by_token(token).event_id
    registration_settings = _locked_settings(event_id)
    registration = Registration.objects.select_for_update().get(token=token)
    if registration.status not in ACTIVE_STATUSES:
        return registration
    held_place = registration.holds_place
    registration.status = RegistrationStatus.CANCELLED
    registration.cancelled_at = now
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "cancelled_at", "offer_expires_at", *_forget_personal_answers(registration)])
    _enqueue("cancelled", registration)
    if held_place and registration_settings is not None:
        _offer_free_places(registration_settings, now=now)
    return registration


def accept_offer(*, token: str, now: datetime | None = None) -> Registration:
    """Confirm a place offered from the waiting list; accepting again returns the confirmed registration.

    An offer found expired is expired and passed on (committed) before `RegistrationRefused("offer_expired")`.
    """
    registration, refusal = _accept_offer(token=token, now=now or timezone.now())
    if refusal:
        raise RegistrationRefused(refusal)
    return registration


@transaction.atomic
def _accept_offer(*, token: str, now: datetime) -> tuple[Registration, str]:
    event_id = _by_token(token).event_id
    registration_settings = _locked_settings(event_id)
    registration = Registration.objects.select_for_update().get(token=token)
    if registration.status == RegistrationStatus.CONFIRMED:
        return registration, ""
    if registration.status == RegistrationStatus.EXPIRED:
        return registration, "offer_expired"
    if registration.status != RegistrationStatus.OFFERED:
        return registration, "no_offer"
    if registration.offer_expires_at is None or registration.offer_expires_at <= now:
        _expire(registration)
        if registration_settings is not None:
            _offer_free_places(registration_settings, now=now)
        return registration, "offer_expired"
    registration.status = RegistrationStatus.CONFIRMED
    registration.offer_expires_at = None
    registration.save(update_fields=["status", "offer_expires_at"])
    _enqueue("confirmation", registration)
    return registration, ""


def _expire(registration: Registration) -> None:
    registration.status = RegistrationStatus.EXPIRED
    registration.save(update_fields=["status"])
    _enqueue("expired", registration)


def expire_offers(*, now: datetime | None = None) -> int:
    """Expire unconfirmed offers whose time has passed and offer their places on. Returns how many expired."""
    now = now or timezone.now()
    event_ids = set(
        Registration.objects.filter(status=RegistrationStatus.OFFERED, offer_expires_at__lte=now).values_list("event_id", flat=True)
    )
    expired = 0
    for event_id in sorted(event_ids):
        with transaction.atomic():
            registration_settings = _locked_settings(event_id)
            for registration in Registration.objects.select_for_update().filter(
                event_id=event_id, status=RegistrationStatus.OFFERED, offer_expires_at__lte=now
            ):
                _expire(registration)
                expired += 1
            if registration_settings is not None:
                _offer_free_places(registration_settings, now=now)
    return expired


@dataclass(frozen=True)
class DecisionResult:
    registration: Registration
    changed: bool  # False: it was no longer pending (decided by someone else, or withdrawn), nothing was written


def _log_decision(registration: Registration, action: str, user) -> None:
    from wagtail.log_actions import log

    log(instance=registration, action=action, user=user if user is not None and user.is_authenticated else None)


def approve(*, registration: Registration, user=None, now: datetime | None = None) -> Registration:
    """The organiser accepts a pending registration: a place if one is free, otherwise the waiting list."""
    return decide(registration=registration, approved=True, user=user, now=now).registration


def reject(*, registration: Registration, user=None, now: datetime | None = None) -> Registration:
    """The organiser turns down a pending registration; a pending one holds no place, so nothing is offered on."""
    return decide(registration=registration, approved=False, user=user, now=now).registration


@transaction.atomic
def decide(*, registration: Registration, approved: bool, user=None, now: datetime | None = None) -> DecisionResult:
    """Approve or reject a pending registration, once: the settings and the row are locked, so two organisers
    deciding at once (or a repeated POST) write, log and e-mail once. Anything not pending is left as it is."""
    now = now or timezone.now()
    registration_settings = _locked_settings(registration.event_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        return DecisionResult(registration, changed=False)
    fields = ["status", "decided_at"]
    if not approved:
        registration.status = RegistrationStatus.REJECTED
        kind = "rejected"
        fields += _forget_personal_answers(registration)
    elif registration_settings is not None and places_taken(registration_settings) < registration_settings.capacity and not _has_waiting(registration.event_id):
        registration.status = RegistrationStatus.CONFIRMED
        kind = "confirmation"
    else:
        registration.status = RegistrationStatus.WAITING
        kind = "waiting"
    registration.decided_at = now
    registration.save(update_fields=fields)
    _log_decision(registration, "events.registration_approved" if approved else "events.registration_rejected", user)
    _enqueue(kind, registration)
    return DecisionResult(registration, changed=True)


def purge_needs(*, now: datetime | None = None) -> int:
    """Delete accessibility needs of events that ended more than DIALOG_ACCESSIBILITY_NEEDS_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=settings.DIALOG_ACCESSIBILITY_NEEDS_RETENTION_DAYS)
    ended = EventPage.objects.annotate(ended_at=Coalesce(F("ends_at"), F("starts_at"))).filter(ended_at__lt=cutoff)
    with_needs = Q(needs_consent_at__isnull=False) | ~Q(needs_other="") | ~Q(needs=[])
    return (
        Registration.objects.filter(event__in=ended.values("pk"))
        .filter(with_needs)
        .update(needs=[], needs_other="", needs_consent_at=None)
    )


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Enqueue the reminders due by DIALOG_EVENT_REMINDERS (hours before the start); each goes out once.

    When several are due at once (a late registration), only the nearest is sent and the earlier ones are
    recorded as done. The delivery row is inserted before the task is enqueued, so a second scheduler sends nothing.
    """
    now = now or timezone.now()
    hours = sorted({int(h) for h in settings.DIALOG_EVENT_REMINDERS})
    if not hours:
        return 0
    candidates = (
        Registration.objects.filter(
            status=RegistrationStatus.CONFIRMED,
            event__starts_at__gt=now,
            event__starts_at__lte=now + timedelta(hours=hours[-1]),
            event__registration__enabled=True,
        )
        .select_related("event")
        .prefetch_related("reminders")
    )
    sent = 0
    for registration in candidates.iterator(chunk_size=500):
        done = {reminder.hours_before for reminder in registration.reminders.all()}
        due = [h for h in hours if registration.event.starts_at - timedelta(hours=h) <= now and h not in done]
        if not due:
            continue
        nearest = due[0]
        try:
            with transaction.atomic():
                for h in due:
                    ReminderDelivery.objects.create(registration=registration, hours_before=h, created_at=now)
                _enqueue("reminder", registration)
        except IntegrityError:
            continue  # another scheduler recorded it first
        logger.debug("Reminder %sh enqueued for registration %s", nearest, registration.pk)
        sent += 1
    return sent


@dataclass(frozen=True)
class CheckInResult:
    registration: Registration
    changed: bool  # False: it already was (or was not) checked in, nothing was written


@transaction.atomic
def check_in(*, registration: Registration, user, now: datetime | None = None) -> CheckInResult:
    """Mark a confirmed person as present. Idempotent: checking in again keeps the first time and who did it.

    Raises `RegistrationRefused("not_confirmed")` for any other status. The row is locked, so two staff members
    scanning the same code at once write it once.
    """
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise RegistrationRefused("not_confirmed")
    if registration.checked_in_at is not None:
        return CheckInResult(registration, changed=False)
    registration.checked_in_at = now or timezone.now()
    registration.checked_in_by = user if user is not None and user.is_authenticated else None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    logger.info("Registration %s checked in by user %s", registration.pk, registration.checked_in_by_id)
    return CheckInResult(registration, changed=True)


@transaction.atomic
def undo_check_in(*, registration: Registration, user) -> CheckInResult:
    """Take back a check-in made by mistake (any status: a person cancelled after checking in keeps no mark)."""
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.checked_in_at is None:
        return CheckInResult(registration, changed=False)
    registration.checked_in_at = None
    registration.checked_in_by = None
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    logger.info("Check-in of registration %s undone by user %s", registration.pk, getattr(user, "pk", None))
    return CheckInResult(registration, changed=True)


# --------------------------------------------------------------------------------------------- summaries


@transaction.atomic
def publish_summary(*, summary: EventSummary, user, now: datetime | None = None) -> EventSummary:
    """Publish an event's summary and tell each confirmed participant once (checked in or not). Idempotent.

    The summary's row is locked, so two staff members pressing "publish" at once publish and log it once; each
    e-mail is preceded by a `SummaryNotification` row (unique per summary and registration) in the same
    transaction, and enqueued after commit, so no participant is told twice about the same summary.
    """
    from wagtail.log_actions import log

    summary = EventSummary.objects.select_for_update().select_related("event").get(pk=summary.pk)
    if summary.published_at is not None:
        return summary  # published already: nothing is written, logged or sent again
    summary.published_at = now or timezone.now()
    summary.published_by = user if user is not None and user.is_authenticated else None
    summary.save(update_fields=["published_at", "published_by"])
    log(instance=summary, action="events.summary_published", user=summary.published_by)
    _notify_participants(summary)
    return summary


def _notify_participants(summary: EventSummary) -> int:
    """Enqueue the summary e-mail for confirmed participants not told yet (caller holds the summary's lock)."""
    told = SummaryNotification.objects.filter(summary=summary).values("registration_id")
    participants = list(
        Registration.objects.filter(event_id=summary.event_id, status=RegistrationStatus.CONFIRMED)
        .exclude(pk__in=told)
        .values_list("pk", flat=True)
    )
    SummaryNotification.objects.bulk_create(
        [SummaryNotification(summary=summary, registration_id=pk) for pk in participants]
    )
    from . import tasks

    for pk in participants:
        transaction.on_commit(partial(tasks.send_registration_email.enqueue, pk, "summary"))
    if participants:
        logger.info("Summary %s: %s participants notified", summary.pk, len(participants))
    return len(participants)
