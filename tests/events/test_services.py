"""Rules of registration: capacity, waiting list, offers, approval, refusals, purge and reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from events import services
from events.models import Registration, RegistrationMode, RegistrationStatus, ReminderDelivery
from tests.factories import EventFactory

from .factories import RegistrationFactory, RegistrationSettingsFactory

pytestmark = pytest.mark.django_db


def test_places_are_confirmed_then_the_waiting_list(event, sign_up):
    first = sign_up(event, "a@example.org").registration
    second = sign_up(event, "b@example.org").registration
    third = sign_up(event, "c@example.org").registration
    assert [first.status, second.status, third.status] == ["confirmed", "confirmed", "waiting"]
    assert [message.to for message in mail.outbox] == [["a@example.org"], ["b@example.org"], ["c@example.org"]]
    assert "lista rezerwowa" in mail.outbox[2].subject or "liście rezerwowej" in mail.outbox[2].subject


def test_email_is_stored_lower_case_and_a_repeat_returns_the_same_registration(event, sign_up):
    first = sign_up(event, "  Jan.Kowalski@Example.ORG ")
    again = sign_up(event, "jan.kowalski@example.org")
    assert first.created and not again.created
    assert again.registration.pk == first.registration.pk
    assert Registration.objects.get().email == "jan.kowalski@example.org"
    assert len(mail.outbox) == 1


def test_the_database_refuses_a_second_active_registration(event):
    from django.db import IntegrityError, transaction

    RegistrationFactory(event=event, email="x@example.org")
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(event=event, email="x@example.org", status=RegistrationStatus.WAITING)
    RegistrationFactory(event=event, email="y@example.org", status=RegistrationStatus.CANCELLED)
    RegistrationFactory(event=event, email="y@example.org")  # a cancelled one does not block registering again


@pytest.mark.parametrize(
    "changes, kwargs, code",
    [
        ({}, {"email": "nie-adres"}, "invalid_email"),
        ({}, {"email": "a@example.org", "full_name": "  "}, "name_required"),
        ({"opens_at": 1}, {"email": "a@example.org"}, "not_open"),
        ({"closes_at": -1}, {"email": "a@example.org"}, "closed"),
        ({"enabled": False}, {"email": "a@example.org"}, "unavailable"),
        ({"mode": RegistrationMode.INVITATION, "invitation_code": "ZIELEN"}, {"email": "a@example.org", "invitation_code": "zle"}, "wrong_code"),
        ({}, {"email": "a@example.org", "needs": ["pjm"]}, "needs_consent"),
        ({}, {"email": "a@example.org", "needs": ["teleport"], "needs_consent": True}, "unknown_need"),
    ],
)
def test_refusals_have_a_code_and_a_polish_message(registration_settings, changes, kwargs, code):
    now = timezone.now()
    for name, value in changes.items():
        if name in ("opens_at", "closes_at"):
            value = now + dt.timedelta(hours=value)
        setattr(registration_settings, name, value)
    registration_settings.save()
    kwargs.setdefault("full_name", "Jan Kowalski")
    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(event_id=registration_settings.event_id, now=now, **kwargs)
    assert refused.value.code == code
    assert refused.value.message and "%(" not in refused.value.message
    assert Registration.objects.count() == 0


def test_polish_messages(compiled_translations):
    from django.utils import translation

    with translation.override("pl"):
        assert services.RegistrationRefused("closed").message == "Zapisy na to wydarzenie są zamknięte."
        assert services.RegistrationRefused("wrong_code").message.startswith("Kod zaproszenia jest błędny")


def test_event_in_the_past_is_refused(site_tree):
    settings_row = RegistrationSettingsFactory(event__starts_at=timezone.now() - dt.timedelta(hours=1))
    with pytest.raises(services.RegistrationRefused) as refused:
        services.register(event_id=settings_row.event_id, full_name="Jan", email="a@example.org")
    assert refused.value.code == "past"


def test_full_without_waiting_list_is_refused(registration_settings, sign_up):
    registration_settings.waiting_list = False
    registration_settings.save()
    sign_up(registration_settings.event, "a@example.org")
    sign_up(registration_settings.event, "b@example.org")
    with pytest.raises(services.RegistrationRefused) as refused:
        sign_up(registration_settings.event, "c@example.org")
    assert refused.value.code == "full"


def test_invitation_code_ignores_case_and_spaces(registration_settings, sign_up):
    registration_settings.mode, registration_settings.invitation_code = RegistrationMode.INVITATION, "Zielen2030"
    registration_settings.save()
    assert sign_up(registration_settings.event, "a@example.org", invitation_code=" zielen2030 ").registration.status == "confirmed"


def test_approval_mode_waits_for_the_organiser(registration_settings, sign_up, django_capture_on_commit_callbacks):
    registration_settings.mode = RegistrationMode.APPROVAL
    registration_settings.save()
    registration = sign_up(registration_settings.event, "a@example.org").registration
    assert registration.status == RegistrationStatus.PENDING
    with django_capture_on_commit_callbacks(execute=True):
        assert services.approve(registration=registration).status == RegistrationStatus.CONFIRMED
    assert len(mail.outbox) == 2 and mail.outbox[1].attachments


def test_needs_are_kept_only_with_consent(event, sign_up):
    registration = sign_up(event, "a@example.org", needs=["pjm", "captions", "pjm"], needs_other="Pies asystujący", needs_consent=True).registration
    registration.refresh_from_db()
    assert registration.needs == ["pjm", "captions"]
    assert registration.needs_other == "Pies asystujący"
    assert registration.needs_consent_at is not None


def test_cancel_offers_the_place_to_the_first_waiting_person(event, sign_up, django_capture_on_commit_callbacks):
    first = sign_up(event, "a@example.org").registration
    sign_up(event, "b@example.org")
    waiting_first = sign_up(event, "c@example.org").registration
    waiting_second = sign_up(event, "d@example.org").registration
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel(token=first.token)
    assert cancelled.status == RegistrationStatus.CANCELLED and cancelled.cancelled_at
    waiting_first.refresh_from_db()
    waiting_second.refresh_from_db()
    assert waiting_first.status == RegistrationStatus.OFFERED
    assert waiting_first.offer_expires_at is not None
    assert waiting_second.status == RegistrationStatus.WAITING
    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "c@example.org"]
    offer = next(message for message in mail.outbox if message.to == ["c@example.org"])
    assert f"/zapisy/potwierdzenie-miejsca/{waiting_first.token}/" in offer.body
    assert offer.body.count("http://") >= 2
    # cancelling again changes nothing and sends nothing
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(token=first.token)
    assert mail.outbox == []


def test_nobody_jumps_the_waiting_list_while_a_place_is_offered(event, sign_up):
    first = sign_up(event, "a@example.org").registration
    sign_up(event, "b@example.org")
    sign_up(event, "c@example.org")
    services.cancel(token=first.token)
    assert sign_up(event, "late@example.org").registration.status == RegistrationStatus.WAITING


def test_accepting_an_offer_confirms_it_once(event, sign_up, django_capture_on_commit_callbacks):
    first = sign_up(event, "a@example.org").registration
    sign_up(event, "b@example.org")
    waiting = sign_up(event, "c@example.org").registration
    services.cancel(token=first.token)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.accept_offer(token=waiting.token).status == RegistrationStatus.CONFIRMED
        assert services.accept_offer(token=waiting.token).status == RegistrationStatus.CONFIRMED
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments


def test_accepting_without_an_offer_is_refused(event, sign_up):
    waiting = [sign_up(event, f"{n}@example.org").registration for n in range(3)][-1]
    with pytest.raises(services.RegistrationRefused) as refused:
        services.accept_offer(token=waiting.token)
    assert refused.value.code == "no_offer"
    with pytest.raises(Registration.DoesNotExist):
        services.accept_offer(token="nie-ma-takiego")


def test_expired_offers_pass_on(event, sign_up, django_capture_on_commit_callbacks):
    first = sign_up(event, "a@example.org").registration
    sign_up(event, "b@example.org")
    offered = sign_up(event, "c@example.org").registration
    next_one = sign_up(event, "d@example.org").registration
    services.cancel(token=first.token)
    offered.refresh_from_db()
    assert services.expire_offers(now=offered.offer_expires_at - dt.timedelta(minutes=1)) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.expire_offers(now=offered.offer_expires_at) == 1
    offered.refresh_from_db()
    next_one.refresh_from_db()
    assert offered.status == RegistrationStatus.EXPIRED
    assert next_one.status == RegistrationStatus.OFFERED
    assert sorted(message.to[0] for message in mail.outbox) == ["c@example.org", "d@example.org"]
    with pytest.raises(services.RegistrationRefused) as refused:
        services.accept_offer(token=offered.token)
    assert refused.value.code == "offer_expired"


def test_accepting_too_late_passes_the_offer_on_and_keeps_that(event, sign_up):
    first = sign_up(event, "a@example.org").registration
    sign_up(event, "b@example.org")
    offered = sign_up(event, "c@example.org").registration
    next_one = sign_up(event, "d@example.org").registration
    services.cancel(token=first.token)
    offered.refresh_from_db()
    with pytest.raises(services.RegistrationRefused) as refused:
        services.accept_offer(token=offered.token, now=offered.offer_expires_at + dt.timedelta(seconds=1))
    assert refused.value.code == "offer_expired"
    next_one.refresh_from_db()
    assert Registration.objects.get(pk=offered.pk).status == RegistrationStatus.EXPIRED
    assert next_one.status == RegistrationStatus.OFFERED


def test_offer_never_lasts_past_the_start_of_the_event(site_tree, sign_up):
    settings_row = RegistrationSettingsFactory(capacity=1, offer_hours=24, event__starts_at=timezone.now() + dt.timedelta(hours=3))
    first = sign_up(settings_row.event, "a@example.org").registration
    waiting = sign_up(settings_row.event, "b@example.org").registration
    services.cancel(token=first.token)
    waiting.refresh_from_db()
    assert waiting.offer_expires_at == settings_row.event.starts_at


@override_settings(DIALOG_ACCESSIBILITY_NEEDS_RETENTION_DAYS=30)
def test_needs_are_purged_30_days_after_the_event(site_tree):
    start = timezone.now() + dt.timedelta(days=1)
    event = EventFactory(starts_at=start, ends_at=start + dt.timedelta(hours=2))
    other = EventFactory(starts_at=start + dt.timedelta(days=10))
    needs = {"needs": ["pjm"], "needs_other": "pętla", "needs_consent_at": timezone.now()}
    mine = RegistrationFactory(event=event, **needs)
    theirs = RegistrationFactory(event=other, **needs)
    ended = event.ends_at
    assert services.purge_needs(now=ended + dt.timedelta(days=30)) == 0
    assert services.purge_needs(now=ended + dt.timedelta(days=30, minutes=1)) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.needs, mine.needs_other, mine.needs_consent_at) == ([], "", None)
    assert theirs.needs == ["pjm"]
    assert mine.full_name == "Anna Nowak"  # only the special-category data goes


@override_settings(DIALOG_EVENT_REMINDERS=[48, 2])
def test_reminders_go_out_once_each(site_tree, django_capture_on_commit_callbacks):
    start = timezone.now() + dt.timedelta(days=5)
    settings_row = RegistrationSettingsFactory(event__starts_at=start)
    registration = RegistrationFactory(event=settings_row.event, email="a@example.org")
    RegistrationFactory(event=settings_row.event, status=RegistrationStatus.WAITING)

    def run(at):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_due_reminders(now=at)

    assert run(start - dt.timedelta(hours=49)) == 0
    assert run(start - dt.timedelta(hours=48)) == 1
    assert run(start - dt.timedelta(hours=47)) == 0
    assert run(start - dt.timedelta(hours=2)) == 1
    assert run(start - dt.timedelta(hours=1)) == 0
    assert sorted(ReminderDelivery.objects.filter(registration=registration).values_list("hours_before", flat=True)) == [2, 48]
    assert len(mail.outbox) == 2 and all(message.to == ["a@example.org"] for message in mail.outbox)
    assert "Przypomnienie" in mail.outbox[0].subject or "przypomnienie" in mail.outbox[0].subject


@override_settings(DIALOG_EVENT_REMINDERS=[48, 2])
def test_a_late_registration_gets_only_the_nearest_reminder(site_tree):
    start = timezone.now() + dt.timedelta(days=5)
    settings_row = RegistrationSettingsFactory(event__starts_at=start)
    RegistrationFactory(event=settings_row.event)
    assert services.send_due_reminders(now=start - dt.timedelta(hours=1)) == 1
    assert services.send_due_reminders(now=start - dt.timedelta(minutes=30)) == 0
    assert ReminderDelivery.objects.count() == 2


def test_settings_clean_has_polish_messages(registration_settings, compiled_translations):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    registration_settings.mode = RegistrationMode.INVITATION
    registration_settings.invitation_code = ""
    registration_settings.closes_at = registration_settings.event.starts_at + dt.timedelta(hours=1)
    with translation.override("pl"), pytest.raises(ValidationError) as error:
        registration_settings.clean()
    assert error.value.message_dict["invitation_code"] == ["Podaj kod zaproszenia, który trzeba wpisać przy zapisie."]
    assert "closes_at" in error.value.message_dict


def test_periodic_jobs_are_registered():
    from core.periodic import JOBS

    assert {"expire_registration_offers", "event_reminders", "purge_accessibility_needs"} <= {job.name for job in JOBS}
