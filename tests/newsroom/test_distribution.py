"""Sending a release to media lists: one log row per address, do-not-contact skipped, embargo in the subject and the
secret link in the text, end to end over a real SMTP server on loopback (aiosmtpd)."""

import datetime as dt
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from newsroom import sending, services
from newsroom.models import DistributionRecipient, DistributionStatus, RecipientState
from tests.smtp import Inbox, mailers_for, running_smtp_server

from .conftest import EMBARGO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]

BASE = "https://dialog.example.org"


@pytest.fixture
def smtp():
    with running_smtp_server(Inbox(refuse={"jan.wolny@example.org"})) as (controller, inbox):
        with override_settings(MAILERS=mailers_for(controller), DEFAULT_FROM_EMAIL="Dialog <dialog@example.org>",
                               WAGTAILADMIN_BASE_URL=BASE):
            yield inbox


def test_an_embargoed_release_reaches_each_allowed_address_once_with_the_embargo_and_the_secret_link(
        smtp, release, media, django_capture_on_commit_callbacks):
    with mock.patch("django.utils.timezone.now", return_value=EMBARGO - dt.timedelta(days=1)):
        release = services.publish_release(release=release, user=None, embargo_until=EMBARGO)
        with django_capture_on_commit_callbacks(execute=True):
            distribution = services.distribute(release=release, media_lists=[media], user=None)
    messages = smtp.messages()
    assert sorted(message["To"] for message in messages) == ["anna@gazeta.example.org", "redakcja@gazeta.example.org"]
    for message in messages:
        assert message["Subject"] == "EMBARGO do 3 grudnia 2026, 10:00 – komunikat prasowy: Nowy program małych grantów"
        text = message.get_content()
        assert text.startswith("EMBARGO do 3 grudnia 2026, 10:00. Nie publikuj przed tym terminem.")
        assert f"{BASE}/prasa/embargo/{release.embargo_token}/" in text
        assert "Szczegóły na konferencji." in text
    log = dict(DistributionRecipient.objects.filter(distribution=distribution).values_list("email", "state"))
    assert log == {
        "anna@gazeta.example.org": RecipientState.SENT, "redakcja@gazeta.example.org": RecipientState.SENT,
        "jan.wolny@example.org": RecipientState.FAILED,
        "piotr@gazeta.example.org": RecipientState.SKIPPED, "ewa@tabu.example.org": RecipientState.SKIPPED,
        "biuro@tabu.example.org": RecipientState.SKIPPED,
    }
    refused = DistributionRecipient.objects.get(email="jan.wolny@example.org")
    assert refused.error.startswith("550")
    distribution.refresh_from_db()
    assert distribution.status == DistributionStatus.SENT
    # Running the sender again sends nothing more.
    assert sending.send_batch(distribution.pk).claimed == 0
    assert len(smtp.messages()) == 2


def test_a_published_release_goes_out_with_its_public_address(smtp, release, media, django_capture_on_commit_callbacks):
    release = services.publish_release(release=release, user=None)
    with django_capture_on_commit_callbacks(execute=True):
        services.distribute(release=release, media_lists=[media], user=None)
    message = smtp.messages()[0]
    assert message["Subject"] == "Komunikat prasowy: Nowy program małych grantów"
    assert f"{BASE}/dla-mediow/nowy-program-malych-grantow/" in message.get_content()
    assert "EMBARGO" not in message.get_content()


def test_a_draft_release_or_no_list_cannot_be_sent(release, media):
    with pytest.raises(ValidationError) as error:
        services.distribute(release=release, media_lists=[media], user=None)
    assert "release" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.distribute(release=services.publish_release(release=release, user=None), media_lists=[], user=None)
    assert not DistributionRecipient.objects.exists()


def test_a_dead_senders_rows_are_taken_over_after_the_lease_and_sent_once(release, media, mailoutbox, settings):
    settings.DIALOG_NEWSLETTER_BATCH_SIZE = 1
    release = services.publish_release(release=release, user=None)
    distribution = services.distribute(release=release, media_lists=[media], user=None)  # not committed: no task runs
    now = dt.datetime(2026, 5, 1, 10, 0, tzinfo=dt.UTC)
    assert sending.claim(distribution.pk, now=now, size=1)  # this worker dies without sending
    assert sending.send_batch(distribution.pk, now=now, size=10).claimed == 2  # others take only the unclaimed rows
    later = now + sending.lease() + dt.timedelta(seconds=1)
    assert sending.stalled_distributions(now=later) == [distribution.pk]
    assert sending.send_batch(distribution.pk, now=later, size=10).claimed == 1
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "anna@gazeta.example.org", "jan.wolny@example.org", "redakcja@gazeta.example.org"]
