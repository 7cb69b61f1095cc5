"""Approval mode: staff approve or reject pending registrations on the per-event list (POST, audit log, e-mail)."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from wagtail.models import ModelLogEntry

from events import services
from events.models import RegistrationMode, RegistrationStatus
from tests.factories import UserFactory

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def approval_event(registration_settings):
    registration_settings.mode = RegistrationMode.APPROVAL
    registration_settings.capacity = 1
    registration_settings.save()
    return registration_settings.event


@pytest.fixture
def editor(site_tree):
    return UserFactory(username="redaktorka", groups=["Redaktor"])


def decide_url(registration):
    return reverse("events_admin:decide", args=[registration.event_id, registration.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_rejecting_tells_the_person_logs_and_frees_nothing(approval_event, editor, sign_up, django_capture_on_commit_callbacks, compiled_translations):
    confirmed = RegistrationFactory(event=approval_event, status=RegistrationStatus.CONFIRMED)
    waiting = RegistrationFactory(event=approval_event, status=RegistrationStatus.WAITING)
    pending = sign_up(approval_event, "a@example.org", needs=["pjm"], needs_consent=True).registration
    with django_capture_on_commit_callbacks(execute=True):
        rejected = services.reject(registration=pending, user=editor)
    assert rejected.status == RegistrationStatus.REJECTED and rejected.decided_at is not None
    assert rejected.needs == [] and rejected.needs_consent_at is None
    assert mail.outbox[-1].to == ["a@example.org"] and "nie zostało przyjęte" in mail.outbox[-1].subject
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.WAITING  # the rejected person held no place: nothing is offered on
    confirmed.refresh_from_db()
    assert confirmed.status == RegistrationStatus.CONFIRMED
    entry = ModelLogEntry.objects.get(action="events.registration_rejected")
    assert entry.user == editor and "a@example.org" not in entry.label
    # Deciding again changes nothing, sends nothing and logs nothing.
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        assert not services.decide(registration=pending, approved=True, user=editor).changed
    assert len(mail.outbox) == sent and ModelLogEntry.objects.filter(action__startswith="events.registration_").count() == 1


def test_approving_gives_a_place_or_the_waiting_list(approval_event, editor, sign_up):
    first = sign_up(approval_event, "a@example.org").registration
    second = sign_up(approval_event, "b@example.org").registration
    assert services.approve(registration=first, user=editor).status == RegistrationStatus.CONFIRMED
    assert services.approve(registration=second, user=editor).status == RegistrationStatus.WAITING
    assert ModelLogEntry.objects.filter(action="events.registration_approved").count() == 2


def test_the_list_shows_pending_people_with_buttons_that_post(client, approval_event, editor, sign_up, compiled_translations):
    pending = sign_up(approval_event, "a@example.org", full_name="Ewa Pending").registration
    client.force_login(editor)
    html = client.get(reverse("events_admin:registrations", args=[approval_event.pk])).content.decode()
    assert 'id="pending-title"' in html and "Ewa Pending" in html
    assert f'action="{decide_url(pending)}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'value="approve"' in html and 'value="reject"' in html
    assert client.get(decide_url(pending)).status_code == 405

    response = client.post(decide_url(pending), {"action": "reject"})
    assert response.status_code == 302 and response["Location"].endswith("#pending-title")
    assert "Zgłoszenie osoby Ewa Pending zostało odrzucone" in messages_of(response)[0]
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.REJECTED
    again = client.post(decide_url(pending), {"action": "approve"})
    assert "Nic nie zmieniono" in messages_of(again)[-1]
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.REJECTED


def test_only_deciding_roles_may_decide(client, approval_event, sign_up, site_tree):
    pending = sign_up(approval_event, "a@example.org").registration
    client.force_login(UserFactory(username="autor", groups=["Autor"]))
    html = client.get(reverse("events_admin:registrations", args=[approval_event.pk])).content.decode()
    assert 'value="approve"' not in html
    assert client.post(decide_url(pending), {"action": "approve"}).status_code == 404
    client.force_login(UserFactory(username="partner", groups=["Partner"]))
    assert client.post(decide_url(pending), {"action": "approve"}).status_code == 404
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING
    assert not ModelLogEntry.objects.filter(action__startswith="events.registration_").exists()


def test_a_registration_of_another_event_or_an_unknown_action_changes_nothing(client, approval_event, editor, sign_up, site_tree):
    from .factories import RegistrationSettingsFactory

    pending = sign_up(approval_event, "a@example.org").registration
    other = RegistrationSettingsFactory().event
    client.force_login(editor)
    assert client.post(reverse("events_admin:decide", args=[other.pk, pending.pk]), {"action": "approve"}).status_code == 404
    assert client.post(decide_url(pending), {"action": "wipe"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == RegistrationStatus.PENDING
