"""What is checked again when a distribution is sent, not only when the press officer pressed "send": the release
may still go out, and each address may still be mailed; and what the SMTP server's refusal of one message does
(5xx fails that one, 4xx tries it again after the lease, the rest goes on) – over a real SMTP server on loopback."""

import datetime as dt
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageViewRestriction

from core import outbox
from directory.models import Organisation, Person
from newsroom import sending, services
from newsroom.models import DistributionRecipient, DistributionStatus, PressReleasePage, RecipientState
from newsroom.tasks import send_distribution
from tests.factories import PersonFactory
from tests.smtp import Inbox, mailers_for, running_smtp_server

from .conftest import EMBARGO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def states(distribution) -> dict[str, str]:
    return dict(DistributionRecipient.objects.filter(distribution=distribution).values_list("email", "state"))


def queued(release, media):
    """A distribution written but not sent yet (the test's transaction never commits, so no task runs)."""
    return services.distribute(release=release, media_lists=[media], user=None)


def test_a_release_withdrawn_after_send_was_pressed_is_not_sent_and_the_distribution_says_why(release, media, mailoutbox):
    release = services.publish_release(release=release, user=None)
    distribution = queued(release, media)
    PressReleasePage.objects.get(pk=release.pk).unpublish()

    result = sending.send_batch(distribution.pk)
    assert result.stopped and result.sent == 0
    assert mailoutbox == []
    distribution.refresh_from_db()
    assert distribution.status == DistributionStatus.STOPPED
    assert distribution.stop_reason.startswith("Komunikat wycofano")
    log = states(distribution)
    assert {log[address] for address in ("anna@gazeta.example.org", "redakcja@gazeta.example.org",
                                         "jan.wolny@example.org")} == {RecipientState.CANCELLED}
    assert log["piotr@gazeta.example.org"] == RecipientState.SKIPPED
    # Published again, the stopped distribution stays stopped: the press officer decides about a new one.
    services.publish_release(release=release, user=None)
    assert send_distribution.call(distribution.pk) == "stopped"
    assert mailoutbox == []


def test_a_release_in_a_section_closed_since_is_not_sent(release, media, mailoutbox):
    release = services.publish_release(release=release, user=None)
    distribution = queued(release, media)
    PageViewRestriction.objects.create(page=release, restriction_type=PageViewRestriction.LOGIN)
    assert sending.send_batch(distribution.pk).stopped
    distribution.refresh_from_db()
    assert distribution.status == DistributionStatus.STOPPED and "nie jest już publiczny" in distribution.stop_reason
    assert mailoutbox == []


def test_an_embargo_changed_after_send_was_pressed_stops_the_distribution(release, media, mailoutbox):
    with mock.patch("django.utils.timezone.now", return_value=EMBARGO - dt.timedelta(days=2)):
        release = services.publish_release(release=release, user=None, embargo_until=EMBARGO)
        distribution = queued(release, media)
        services.publish_release(release=release, user=None, embargo_until=EMBARGO + dt.timedelta(days=1))
        assert sending.send_batch(distribution.pk).stopped
    distribution.refresh_from_db()
    assert distribution.status == DistributionStatus.STOPPED and "Embargo komunikatu zmieniono" in distribution.stop_reason
    assert mailoutbox == []


def test_an_embargoed_release_still_scheduled_or_live_since_goes_out(release, media, mailoutbox):
    with mock.patch("django.utils.timezone.now", return_value=EMBARGO - dt.timedelta(days=2)):
        release = services.publish_release(release=release, user=None, embargo_until=EMBARGO)
        distribution = queued(release, media)
        assert sending.send_batch(distribution.pk, size=1).sent == 1  # scheduled: the secret link works
    PressReleasePage.objects.get(pk=release.pk).get_latest_revision().publish()  # the embargo has passed
    assert sending.send_batch(distribution.pk).sent == 2
    assert len(mailoutbox) == 3


def test_addresses_marked_do_not_contact_or_taken_off_the_lists_since_are_skipped_with_the_reason(release, media, mailoutbox):
    release = services.publish_release(release=release, user=None)
    distribution = queued(release, media)
    Person.objects.filter(email="anna@gazeta.example.org").update(do_not_contact=True)
    media.people.set([PersonFactory(email="nowa@example.org")])  # Jan Wolny is no longer on the list

    result = sending.send_batch(distribution.pk)
    assert result.sent == 1 and result.skipped == 2 and not result.stopped
    assert [message.to for message in mailoutbox] == [["redakcja@gazeta.example.org"]]
    anna = DistributionRecipient.objects.get(email="anna@gazeta.example.org")
    assert anna.state == RecipientState.SKIPPED
    assert anna.error == "Nie wysłano: po rozpoczęciu wysyłki oznaczono „nie kontaktować”."
    jan = DistributionRecipient.objects.get(email="jan.wolny@example.org")
    assert jan.state == RecipientState.SKIPPED and jan.error.startswith("Nie wysłano: adresu nie ma już")
    assert not DistributionRecipient.objects.filter(email="nowa@example.org").exists()  # not on it when sending began
    assert sending.finish_if_done(distribution.pk)


def test_an_outlet_marked_do_not_contact_since_skips_its_people(release, media, mailoutbox):
    release = services.publish_release(release=release, user=None)
    distribution = queued(release, media)
    Organisation.objects.filter(name="Gazeta Testowa").update(do_not_contact=True)
    sending.send_batch(distribution.pk)
    assert [message.to for message in mailoutbox] == [["jan.wolny@example.org"]]


@pytest.fixture
def refusing_smtp():
    """550 at RCPT for Jan Wolny, 451 at RCPT for a new freelancer, 554 at DATA for Anna; the newsroom takes the rest."""
    inbox = Inbox(refuse={"jan.wolny@example.org"}, rcpt_replies={"ola@example.org": "451 4.7.1 Greylisted, try later"},
                  data_replies={"anna@gazeta.example.org": "554 5.6.0 Message rejected"})
    with running_smtp_server(inbox) as (controller, inbox):
        with override_settings(MAILERS=mailers_for(controller), DEFAULT_FROM_EMAIL="Dialog <dialog@example.org>"):
            yield inbox


def test_a_refused_message_fails_or_waits_alone_and_the_rest_goes_out(refusing_smtp, release, media):
    media.people.add(PersonFactory(first_name="Ola", last_name="Wolna", email="ola@example.org"))
    release = services.publish_release(release=release, user=None)
    distribution = queued(release, media)
    now = timezone.now()

    result = sending.send_batch(distribution.pk, now=now)
    assert (result.sent, result.failed, result.deferred, result.interrupted) == (1, 2, 1, False)
    assert [envelope.rcpt_tos for envelope in refusing_smtp.envelopes] == [["redakcja@gazeta.example.org"]]
    rows = {row.email: row for row in DistributionRecipient.objects.filter(distribution=distribution)}
    assert rows["jan.wolny@example.org"].state == RecipientState.FAILED
    assert rows["jan.wolny@example.org"].error == "550 5.1.1 No such user here"
    assert rows["anna@gazeta.example.org"].state == RecipientState.FAILED
    assert rows["anna@gazeta.example.org"].error == "554 5.6.0 Message rejected"
    ola = rows["ola@example.org"]
    assert ola.state == RecipientState.SENDING and ola.error.startswith("451")  # tried again after the lease
    assert sending.send_batch(distribution.pk, now=now).claimed == 0 and not sending.finish_if_done(distribution.pk)

    later = now
    for _attempt in range(outbox.MAX_ATTEMPTS - 1):
        later += sending.lease() + dt.timedelta(seconds=1)
        assert sending.send_batch(distribution.pk, now=later).deferred == 1
    later += sending.lease() + dt.timedelta(seconds=1)
    assert sending.send_batch(distribution.pk, now=later).claimed == 0  # given up, with the server's last words
    ola.refresh_from_db()
    assert ola.state == RecipientState.FAILED and "451 4.7.1 Greylisted" in ola.error
    assert sending.finish_if_done(distribution.pk)
    assert [address for address, _reply in refusing_smtp.refused].count("ola@example.org") == outbox.MAX_ATTEMPTS
    assert len(refusing_smtp.envelopes) == 1


def test_stopping_also_cancels_an_address_waiting_after_a_temporary_refusal(refusing_smtp, release, media):
    media.people.add(PersonFactory(first_name="Ola", last_name="Wolna", email="ola@example.org"))
    release = services.publish_release(release=release, user=None)
    distribution = queued(release, media)
    now = timezone.now()
    assert sending.send_batch(distribution.pk, now=now, size=2).deferred == 1  # Jan refused (550), Ola waits (451)
    PressReleasePage.objects.get(pk=release.pk).unpublish()
    assert sending.send_batch(distribution.pk, now=now, size=2).stopped
    log = states(distribution)
    assert log["ola@example.org"] == log["anna@gazeta.example.org"] == RecipientState.CANCELLED
    assert log["jan.wolny@example.org"] == RecipientState.FAILED
    assert not DistributionRecipient.objects.filter(distribution=distribution, state__in=["queued", "sending"]).exists()
    assert refusing_smtp.envelopes == []
