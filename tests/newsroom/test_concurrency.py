"""Several senders on one distribution at once (PostgreSQL: real parallel transactions): each address gets one message."""

import threading
from collections import Counter

import pytest
from django.core import mail
from django.db import connection
from django.test import override_settings

from directory.models import OrganisationKind
from newsroom import sending, services
from newsroom.models import DistributionRecipient, MediaList, RecipientState
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@override_settings(DIALOG_NEWSLETTER_BATCH_SIZE=7)
def test_two_senders_at_once_send_each_address_exactly_one_message(site_tree):
    outlet = OrganisationFactory(name="Gazeta", kind=OrganisationKind.MEDIA, email="redakcja@gazeta.example.org")
    for number in range(80):
        MembershipFactory(organisation=outlet, person=PersonFactory(email=f"dziennikarz{number}@example.org"))
    media_list = MediaList.objects.create(name="Wszyscy")
    media_list.organisations.set([outlet])
    release = services.create_release_draft(title="Komunikat", lead="Treść.", body_paragraphs=[], delivery_key="race")
    release = services.publish_release(release=release, user=None)
    distribution = services.distribute(release=release, media_lists=[media_list], user=None)
    mail.outbox.clear()  # the task ran already on commit in tests (immediate backend); start again with two senders
    DistributionRecipient.objects.update(state=RecipientState.QUEUED, claim="", claimed_until=None, sent_at=None, attempts=0)
    start = threading.Barrier(2, timeout=60)
    errors, sent = [], Counter()

    def sender(name):
        try:
            start.wait()
            try:
                while (result := sending.send_batch(distribution.pk)).claimed:
                    sent[name] += result.sent
            finally:
                connection.close()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=sender, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    received = Counter(address for message in mail.outbox for address in message.to)
    expected = {f"dziennikarz{number}@example.org": 1 for number in range(80)} | {"redakcja@gazeta.example.org": 1}
    assert received == Counter(expected)
    assert sum(sent.values()) == 81
    assert set(DistributionRecipient.objects.values_list("state", flat=True)) == {RecipientState.SENT}
