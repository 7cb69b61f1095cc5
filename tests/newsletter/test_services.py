"""Double opt-in, the consent log, bounces, purging and who an edition is for."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from newsletter import services
from newsletter.models import ConsentAction, ConsentEvent, ConsentSource, Dispatch, Subscriber, SubscriberStatus
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


def subscribe(email="Anna.Nowak@Example.org", topics=(), districts=(), **kwargs):
    return services.subscribe(email=email, topics=list(topics), districts=list(districts), **kwargs)


@override_settings(DIALOG_NEWSLETTER_CONSENT_VERSION="2026-11-test")
def test_signing_up_waits_for_confirmation_logs_the_request_and_mails_a_link(topics, django_capture_on_commit_callbacks, compiled_translations):
    with django_capture_on_commit_callbacks(execute=True):
        result = subscribe(topics=[topics["zielen"]])
    subscriber = result.subscriber
    assert subscriber.email == "anna.nowak@example.org"
    assert subscriber.status == SubscriberStatus.PENDING
    assert list(subscriber.topics.all()) == [topics["zielen"]]
    event = ConsentEvent.objects.get(subscriber=subscriber)
    assert (event.action, event.source, event.clause_version) == (ConsentAction.REQUESTED, ConsentSource.FORM, "2026-11-test")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna.nowak@example.org"]
    assert "potwierdź" in message.subject.lower()
    assert f"/newsletter/potwierdz/{subscriber.token}/" in message.body


def test_a_second_sign_up_within_minutes_sends_no_second_mail(django_capture_on_commit_callbacks, compiled_translations):
    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        subscribe(now=now)
        again = subscribe(now=now + timedelta(minutes=3))
    assert again.mail is None
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        later = subscribe(now=now + timedelta(minutes=30))
    assert later.mail == "confirm" and len(mail.outbox) == 2


def test_an_active_address_is_told_it_is_subscribed_and_nothing_changes(active_subscriber, topics, django_capture_on_commit_callbacks, compiled_translations):
    subscriber = active_subscriber("anna@example.org", topics=[topics["transport"]])
    with django_capture_on_commit_callbacks(execute=True):
        result = subscribe("anna@example.org", topics=[topics["zielen"]])
    assert result.mail == "already_subscribed"
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert list(subscriber.topics.all()) == [topics["transport"]]  # only the owner of the address changes its choice
    assert not ConsentEvent.objects.filter(subscriber=subscriber).exists()
    assert "już" in mail.outbox[0].subject and f"/newsletter/ustawienia/{subscriber.token}/" in mail.outbox[0].body


def test_confirming_activates_once_and_a_stale_link_does_not(django_capture_on_commit_callbacks):
    now = timezone.now()
    subscriber = subscribe(now=now).subscriber
    assert services.confirm(subscriber=subscriber, now=now + timedelta(days=1))
    assert services.confirm(subscriber=subscriber, now=now + timedelta(days=1, minutes=1))  # a second click is harmless
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE
    assert list(ConsentEvent.objects.filter(subscriber=subscriber).values_list("action", flat=True)) == ["requested", "confirmed"]

    late = subscribe("bartek@example.org", now=now).subscriber
    assert not services.confirm(subscriber=late, now=now + timedelta(days=8))
    late.refresh_from_db()
    assert late.status == SubscriberStatus.PENDING


def test_unsubscribing_is_logged_once_with_its_source(active_subscriber):
    subscriber = active_subscriber("anna@example.org")
    services.unsubscribe(subscriber=subscriber, source=ConsentSource.ONE_CLICK)
    services.unsubscribe(subscriber=subscriber)
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.UNSUBSCRIBED and subscriber.unsubscribed_at
    assert list(ConsentEvent.objects.values_list("action", "source")) == [("unsubscribed", "one_click")]


def test_a_permanent_bounce_stops_at_once_temporary_ones_after_the_limit(active_subscriber):
    hard = active_subscriber("hard@example.org")
    soft = active_subscriber("soft@example.org")
    assert services.record_bounce(email="HARD@example.org", permanent=True)
    assert Subscriber.objects.get(pk=hard.pk).status == SubscriberStatus.BOUNCED
    assert not services.record_bounce(email="soft@example.org", permanent=False)
    services.delivered(subscriber_ids=[soft.pk])  # a delivery in between ends the run
    assert not services.record_bounce(email="soft@example.org", permanent=False)
    assert not services.record_bounce(email="soft@example.org", permanent=False)
    assert services.record_bounce(email="soft@example.org", permanent=False)
    assert Subscriber.objects.get(pk=soft.pk).status == SubscriberStatus.BOUNCED
    assert ConsentEvent.objects.filter(action=ConsentAction.BOUNCED).count() == 2
    assert not services.record_bounce(email="nobody@example.org", permanent=True)


def test_unconfirmed_sign_ups_are_deleted_after_the_confirmation_period(active_subscriber):
    now = timezone.now()
    stale = subscribe("stale@example.org", now=now - timedelta(days=8)).subscriber
    fresh = subscribe("fresh@example.org", now=now - timedelta(days=2)).subscriber
    kept = active_subscriber("kept@example.org")
    services.purge_unconfirmed(now=now)
    assert set(Subscriber.objects.values_list("pk", flat=True)) == {fresh.pk, kept.pk}
    assert not ConsentEvent.objects.filter(subscriber_id=stale.pk).exists()


def test_an_edition_goes_to_who_chose_its_topics_or_districts_or_everything(site_tree, active_subscriber, topics, districts):
    everything = active_subscriber("all@example.org")
    green = active_subscriber("green@example.org", topics=[topics["zielen"]])
    transport = active_subscriber("transport@example.org", topics=[topics["transport"]])
    green_in_nowa_huta = active_subscriber("nh@example.org", topics=[topics["zielen"]], districts=[districts["nowa-huta"]])
    green_in_krowodrza = active_subscriber("kr@example.org", topics=[topics["zielen"]], districts=[districts["krowodrza"]])
    Subscriber.objects.create(email="pending@example.org")
    record = ConsultationFactory(title="Park w Nowej Hucie", topics=[topics["zielen"]], districts=[districts["nowa-huta"]])
    edition = services.create_edition(subject="Park", text="Zapraszamy.", idempotency_key="k1", record=record)
    chosen = set(Dispatch.objects.filter(edition=edition).values_list("subscriber_id", flat=True))
    assert chosen == {everything.pk, green.pk, green_in_nowa_huta.pk}
    assert edition.recipients == 3
    assert transport.pk not in chosen and green_in_krowodrza.pk not in chosen


def test_the_same_idempotency_key_never_makes_a_second_edition(active_subscriber):
    active_subscriber("anna@example.org")
    first = services.create_edition(subject="A", text="Tekst.", idempotency_key="same")
    second = services.create_edition(subject="A", text="Tekst.", idempotency_key="same")
    assert first.pk == second.pk
    assert Dispatch.objects.count() == 1
