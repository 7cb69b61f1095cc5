"""Several senders on one edition at once (PostgreSQL: real parallel transactions): each subscriber gets one message."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings

from newsletter import sending, services
from newsletter.models import Dispatch, DispatchState


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(DIALOG_NEWSLETTER_BATCH_SIZE=7)
def test_four_senders_at_once_send_each_subscriber_exactly_one_message(active_subscriber):
    for number in range(120):
        active_subscriber(f"osoba{number}@example.org")
    edition = services.create_edition(subject="Spacer", text="Zapraszamy.", idempotency_key="race")
    mail.outbox.clear()  # create_edition's own task ran already on commit in tests (immediate backend); start again
    Dispatch.objects.update(state=DispatchState.QUEUED, claim="", claimed_until=None, sent_at=None, attempts=0)
    start = threading.Barrier(4, timeout=60)
    errors, sent = [], Counter()

    def sender(name):
        try:
            start.wait()
            try:
                while (result := sending.send_batch(edition.pk)).claimed:
                    sent[name] += result.sent
            finally:
                connection.close()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    received = Counter(address for message in mail.outbox for address in message.to)
    assert received == Counter({f"osoba{number}@example.org": 1 for number in range(120)})
    assert sum(sent.values()) == 120
    assert set(Dispatch.objects.values_list("state", flat=True)) == {DispatchState.SENT}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_batch_commits_its_marks_unflushed_and_gives_the_connection_back_as_it_was(active_subscriber, monkeypatch):
    active_subscriber("osoba@example.org")
    edition = services.create_edition(subject="Spacer", text="Zapraszamy.", idempotency_key="flush")
    Dispatch.objects.update(state=DispatchState.QUEUED, claim="", claimed_until=None, sent_at=None, attempts=0)
    seen = []
    original = sending._mark

    def mark(*args, **kwargs):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
        original(*args, **kwargs)

    monkeypatch.setattr(sending, "_mark", mark)
    assert sending.send_batch(edition.pk).sent == 1
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"
    assert seen == ["off"]
