"""Sending an edition: batches, exactly once per subscriber, a sender that dies half-way, a mail server that goes away."""

import smtplib
from collections import Counter
from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from newsletter import sending, services
from newsletter.emails import EditionMail
from newsletter.models import Dispatch, DispatchState, Edition, EditionStatus
from newsletter.tasks import send_edition

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(active_subscriber):
    for number in range(7):
        active_subscriber(f"osoba{number}@example.org")
    return services.create_edition(subject="Zielony Kraków", text="Zapraszamy na spacer.", idempotency_key="edition-1")


def received() -> Counter:
    return Counter(address for message in mail.outbox for address in message.to)


def test_an_edition_goes_out_in_batches_once_to_everybody_and_is_marked_sent(edition):
    result = send_edition.enqueue(edition.pk)
    assert result.return_value == "sent"
    assert received() == Counter({f"osoba{number}@example.org": 1 for number in range(7)})
    assert set(Dispatch.objects.values_list("state", flat=True)) == {DispatchState.SENT}
    edition.refresh_from_db()
    assert edition.status == EditionStatus.SENT and edition.finished_at


@override_settings(DIALOG_NEWSLETTER_BATCH_SIZE=3)
def test_a_sender_that_dies_half_way_leaves_the_rest_to_the_next_and_nobody_gets_two(edition, monkeypatch):
    built = EditionMail.message_for
    calls = {"n": 0}

    def dying(self, subscriber):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("the worker process was killed")
        return built(self, subscriber)

    monkeypatch.setattr(EditionMail, "message_for", dying)
    now = timezone.now()
    with pytest.raises(RuntimeError):
        sending.send_batch(edition.pk, now=now)
    monkeypatch.setattr(EditionMail, "message_for", built)
    assert sum(received().values()) == 2
    assert Dispatch.objects.filter(state=DispatchState.SENDING).count() == 1  # the one it held when it died

    # Others keep working on what nobody holds; the dead sender's row waits for its lease to run out.
    while sending.send_batch(edition.pk, now=now).claimed:
        pass
    assert Dispatch.objects.filter(state=DispatchState.SENDING).count() == 1
    assert not sending.finish_if_done(edition.pk)

    later = now + timedelta(seconds=601)
    assert sending.stalled_editions(now=now) == []  # other senders touched it a moment ago
    assert sending.stalled_editions(now=later) == [edition.pk]  # then nobody did for a whole lease: the clock resumes it
    assert sending.send_batch(edition.pk, now=later).sent == 1
    assert sending.finish_if_done(edition.pk)
    assert received() == Counter({f"osoba{number}@example.org": 1 for number in range(7)})


def test_two_senders_never_claim_the_same_dispatch(edition):
    now = timezone.now()
    first = sending.claim(edition.pk, now=now, size=4)
    second = sending.claim(edition.pk, now=now, size=4)
    assert first and second and first != second
    held = Counter(Dispatch.objects.values_list("claim", flat=True))
    assert held == {first: 4, second: 3}
    assert sending.claim(edition.pk, now=now, size=4) is None


def test_someone_who_unsubscribed_meanwhile_is_skipped(edition):
    gone = Dispatch.objects.select_related("subscriber").first().subscriber
    services.unsubscribe(subscriber=gone)
    result = sending.send_batch(edition.pk)
    assert (result.sent, result.skipped) == (6, 1)
    assert gone.email not in received()


def test_a_dispatch_that_kept_crashing_its_sender_is_given_up(edition):
    now = timezone.now()
    Dispatch.objects.update(state=DispatchState.SENDING, claimed_until=now - timedelta(seconds=1), attempts=sending.MAX_ATTEMPTS)
    assert sending.send_batch(edition.pk, now=now).claimed == 0
    assert set(Dispatch.objects.values_list("state", flat=True)) == {DispatchState.FAILED}
    assert sending.finish_if_done(edition.pk)


def test_a_mail_server_that_goes_away_gives_the_batch_back_at_once(edition, monkeypatch):
    class Unreachable:
        def open(self):
            return True

        def send_messages(self, messages):
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

        def close(self):
            pass

    monkeypatch.setattr(sending, "mailers", type("Mailers", (), {"default": Unreachable()})())
    result = sending.send_batch(edition.pk)
    assert result.interrupted and result.sent == 0
    assert set(Dispatch.objects.values_list("state", flat=True)) == {DispatchState.QUEUED}
    assert Edition.objects.get(pk=edition.pk).status == EditionStatus.SENDING


def test_the_clock_resumes_an_edition_nobody_worked_on(edition):
    now = timezone.now()
    Edition.objects.filter(pk=edition.pk).update(created_at=now - timedelta(hours=1))
    assert sending.stalled_editions(now=now) == [edition.pk]
    send_edition.enqueue(edition.pk)
    assert sending.stalled_editions(now=now + timedelta(hours=1)) == []
    assert sum(received().values()) == 7
    assert Edition.objects.get(pk=edition.pk).status == EditionStatus.SENT


def _parsed(raw: bytes):
    import email
    import email.policy

    message = email.message_from_bytes(raw, policy=email.policy.default)
    headers = {name: str(value) for name, value in message.items() if name not in {"Content-Type", "Date"}}
    parts = [(part.get_content_type(), part.get_content()) for part in message.iter_parts()]
    return headers, parts


@pytest.mark.parametrize("language", ["pl", "uk"])
def test_the_bytes_filled_into_a_template_are_the_message_built_for_the_subscriber(active_subscriber, language):
    from newsletter.emails import wire_bytes
    from newsletter.models import new_token

    assert len(EditionMail.PLACEHOLDER) == len(new_token())  # filling in a token changes no line's length
    edition = services.create_edition(subject="Łąki kwietne – zaproszenie", idempotency_key="wire",
                                       text="Zapraszamy na spacer po łąkach kwietnych. " * 15 + "\n\nZbiórka przy pętli.")
    mail_merge = EditionMail(edition)
    for address in ("zofia@example.org", "bardzo.dlugi.adres.mieszkanki.krakowa@przyklad.example.org"):
        subscriber = active_subscriber(address)
        subscriber.language = language
        filled, built = mail_merge.wire_for(subscriber), wire_bytes(mail_merge.message_for(subscriber))
        assert mail_merge._wire_templates[language] is not None  # the fast way was taken
        assert _parsed(filled) == _parsed(built)
        assert subscriber.token.encode() in filled and EditionMail.PLACEHOLDER.encode() not in filled
        assert max(len(line) for line in filled.split(b"\r\n")) <= 998


def test_a_subscriber_whose_token_does_not_fit_the_template_gets_the_message_built_for_them(active_subscriber):
    from newsletter.emails import wire_bytes

    edition = services.create_edition(subject="Spacer", text="Zapraszamy.", idempotency_key="odd-token")
    subscriber = active_subscriber("jan@example.org")
    subscriber.token = "krotki"
    mail_merge = EditionMail(edition)
    assert _parsed(mail_merge.wire_for(subscriber)) == _parsed(wire_bytes(mail_merge.message_for(subscriber)))
    assert b"/newsletter/wypisz/krotki/" in mail_merge.wire_for(subscriber)


def test_a_paragraph_longer_than_a_mail_line_goes_quoted_printable_in_short_lines(active_subscriber):
    from newsletter.emails import wire_bytes

    edition = services.create_edition(subject="Spacer", text="Zapraszamy na spacer po łąkach. " * 40, idempotency_key="long")
    subscriber = active_subscriber("ewa@example.org")
    mail_merge = EditionMail(edition)
    filled = mail_merge.wire_for(subscriber)
    assert _parsed(filled) == _parsed(wire_bytes(mail_merge.message_for(subscriber)))
    assert b"Content-Transfer-Encoding: quoted-printable" in filled
    body_lines = filled.split(b"\r\n\r\n", 1)[1].split(b"\r\n")
    assert max(len(line) for line in body_lines if not line.startswith(b"List-Unsubscribe")) <= 78
