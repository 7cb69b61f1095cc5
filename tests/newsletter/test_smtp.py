"""The newsletter end to end over real SMTP (aiosmtpd on loopback): double opt-in, an edition published as a channel
variant, its headers and both parts, the one-click unsubscribe, and an address the server refuses."""

import re
from contextlib import contextmanager

import pytest
from django.test import Client, override_settings

from newsletter.models import (
    ConsentAction,
    ConsentEvent,
    ConsentSource,
    Dispatch,
    DispatchState,
    Subscriber,
    SubscriberStatus,
)
from publishing.channels import adapter_for
from publishing.channels.base import Post
from tests.smtp import Inbox, mailers_for, running_smtp_server

pytestmark = pytest.mark.django_db

BASE = "https://dialog.example.org"


@contextmanager
def mail_server(inbox: Inbox):
    """A real SMTP server on loopback collecting into `inbox`, with Dialog's mail sent to it."""
    with running_smtp_server(inbox) as (controller, inbox):
        with override_settings(MAILERS=mailers_for(controller), DEFAULT_FROM_EMAIL="Dialog <dialog@example.org>",
                               WAGTAILADMIN_BASE_URL=BASE):
            yield inbox


def published_edition(idempotency_key: str):
    from newsletter.models import Edition

    adapter_for("newsletter").publish(Post(text="Spacer.", idempotency_key=idempotency_key, title="Spacer"))
    return Edition.objects.get()


@pytest.fixture
def smtp():
    with mail_server(Inbox(refuse={"nieistnieje@example.org"})) as inbox:
        yield inbox


def test_signing_up_and_confirming_over_real_smtp(smtp, site_tree, compiled_translations, django_capture_on_commit_callbacks):
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/newsletter/", {"email": "zofia@example.org", "consent": "on"})
    assert response.status_code == 302
    [message] = smtp.messages()
    assert message["To"] == "zofia@example.org"
    assert message["Subject"] == "Dialog: potwierdź zapis na newsletter"
    link = re.search(rf"{BASE}(/newsletter/potwierdz/[^/\s]+/)", message.get_body(("plain",)).get_content()).group(1)
    assert link in message.get_body(("html",)).get_content()
    assert client.get(link).status_code == 200  # opening the link (as a mail scanner would) confirms nothing
    assert Subscriber.objects.get().status == SubscriberStatus.PENDING
    client.post(link)
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE


def test_an_edition_arrives_once_with_unsubscribe_headers_and_both_parts(smtp, active_subscriber, compiled_translations, django_capture_on_commit_callbacks):
    anna = active_subscriber("anna@example.org")
    active_subscriber("nieistnieje@example.org")
    post = Post(text="Zapraszamy na spacer po łąkach kwietnych.\n\nZbiórka przy pętli.", idempotency_key="variant-1",
                link_url="https://dialog.example.org/wydarzenia/spacer/", title="Spacer po łąkach kwietnych")
    with django_capture_on_commit_callbacks(execute=True):
        published = adapter_for("newsletter").publish(post)
        again = adapter_for("newsletter").publish(post)  # a retried publish finds the same edition
    assert published == again
    assert published.url.startswith(f"{BASE}/newsletter/wydanie/")

    [envelope] = smtp.envelopes
    assert envelope.rcpt_tos == ["anna@example.org"]
    [message] = smtp.messages()
    assert message["Subject"] == "Spacer po łąkach kwietnych"
    unsubscribe = f"{BASE}/newsletter/wypisz/{anna.token}/"
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    # On the wire too: a bracketed address on one line, not RFC 2047 encoded words that mail programs do not read.
    assert f"\r\nList-Unsubscribe: <{unsubscribe}>\r\n".encode() in envelope.original_content
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"].startswith("<newsletter-")
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Zapraszamy na spacer po łąkach kwietnych." in text and "Zbiórka przy pętli." in text
    assert "<p>Zapraszamy na spacer po łąkach kwietnych.</p>" in html
    assert unsubscribe in text and f'href="{unsubscribe}"' in html
    assert published.url in text

    refused = Dispatch.objects.get(subscriber__email="nieistnieje@example.org")
    assert refused.state == DispatchState.FAILED and "550" in refused.error
    assert Subscriber.objects.get(email="nieistnieje@example.org").status == SubscriberStatus.BOUNCED

    # The mail program's one-click button: a POST without a CSRF token (RFC 8058).
    response = Client(enforce_csrf_checks=True).post(unsubscribe.removeprefix(BASE), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    anna.refresh_from_db()
    assert anna.status == SubscriberStatus.UNSUBSCRIBED
    assert ConsentEvent.objects.filter(subscriber=anna, action=ConsentAction.UNSUBSCRIBED, source=ConsentSource.ONE_CLICK).exists()


def test_a_refused_message_fails_or_waits_alone_and_the_edition_goes_on(active_subscriber, compiled_translations,
                                                                          settings):
    """5xx at RCPT or DATA fails that one dispatch with the server's words; 4xx leaves it for a later batch (after
    the lease); the subscribers after them still get the edition over the same connection."""
    from datetime import timedelta

    from django.utils import timezone

    from core import outbox
    from newsletter import sending

    inbox = Inbox(refuse={"nieistnieje@example.org"}, rcpt_replies={"pelna@example.org": "452 4.2.2 Mailbox full"},
                  data_replies={"filtr@example.org": "554 5.7.1 Rejected by content filter"})
    for address in ("nieistnieje@example.org", "pelna@example.org", "filtr@example.org", "anna@example.org"):
        active_subscriber(address)
    with mail_server(inbox) as inbox:
        edition = published_edition("variant-2")
        now = timezone.now()
        result = sending.send_batch(edition.pk, now=now)
        assert (result.sent, result.failed, result.deferred, result.interrupted) == (1, 2, 1, False)
        assert [envelope.rcpt_tos for envelope in inbox.envelopes] == [["anna@example.org"]]
        rows = {dispatch.subscriber.email: dispatch for dispatch in Dispatch.objects.select_related("subscriber")}
        assert rows["nieistnieje@example.org"].state == DispatchState.FAILED
        assert rows["nieistnieje@example.org"].error == "550 5.1.1 No such user here"
        assert rows["filtr@example.org"].state == DispatchState.FAILED
        assert rows["filtr@example.org"].error == "554 5.7.1 Rejected by content filter"
        assert rows["pelna@example.org"].state == DispatchState.SENDING and rows["pelna@example.org"].error.startswith("452")
        statuses = dict(Subscriber.objects.values_list("email", "status"))
        assert statuses["nieistnieje@example.org"] == SubscriberStatus.BOUNCED  # the address does not exist
        assert statuses["filtr@example.org"] == SubscriberStatus.ACTIVE  # the content was refused, not the address
        assert not sending.finish_if_done(edition.pk)

        inbox.rcpt_replies.clear()  # the mailbox has room again
        later = now + sending.lease() + timedelta(seconds=1)
        assert sending.send_batch(edition.pk, now=later).sent == 1
        assert sending.finish_if_done(edition.pk)
    assert Dispatch.objects.get(subscriber__email="pelna@example.org").attempts == 2 < outbox.MAX_ATTEMPTS
    assert sorted(envelope.rcpt_tos[0] for envelope in inbox.envelopes) == ["anna@example.org", "pelna@example.org"]


def test_a_greylisted_address_is_one_soft_bounce_per_edition_however_often_it_is_retried(
    active_subscriber, compiled_translations, settings,
):
    """Greylisting answers 4xx to the first tries; counting each retry would mark a working address as bounced."""
    from datetime import timedelta

    from django.utils import timezone

    from newsletter import sending

    settings.DIALOG_NEWSLETTER_SOFT_BOUNCE_LIMIT = 2
    inbox = Inbox(rcpt_replies={"szara@example.org": "451 4.7.1 Greylisted, try again later"})
    active_subscriber("szara@example.org")
    with mail_server(inbox) as inbox:
        edition = published_edition("variant-3")
        now = timezone.now()
        for attempt in range(3):
            result = sending.send_batch(edition.pk, now=now + attempt * (sending.lease() + timedelta(seconds=1)))
            assert (result.sent, result.deferred) == (0, 1)
    subscriber = Subscriber.objects.get(email="szara@example.org")
    assert (subscriber.status, subscriber.soft_bounces) == (SubscriberStatus.ACTIVE, 1)
