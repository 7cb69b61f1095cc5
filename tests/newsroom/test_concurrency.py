"""Several senders on one distribution at once (PostgreSQL: real parallel transactions): each address gets one message.
Two submits of "send" at once: one distribution."""

import threading
import uuid
from collections import Counter

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import override_settings

from directory.models import OrganisationKind
from newsroom import sending, services
from newsroom.models import Distribution, DistributionRecipient, DistributionStatus, MediaList, RecipientState
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
    Distribution.objects.update(status=DistributionStatus.SENDING, finished_at=None)
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


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("same_form", [True, False])
@override_settings(TASKS={"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}})  # it stays "sending"
def test_two_submits_at_once_make_one_distribution(site_tree, same_form):
    """The same form twice (a double click) returns the one distribution; two forms for the same release and list
    at once: the second is refused while the first is being sent (the row lock on the release orders them)."""
    outlet = OrganisationFactory(name="Gazeta", kind=OrganisationKind.MEDIA, email="redakcja@gazeta.example.org")
    media_list = MediaList.objects.create(name="Wszyscy")
    media_list.organisations.set([outlet])
    release = services.create_release_draft(title="Komunikat", lead="Treść.", body_paragraphs=[], delivery_key="twice")
    release = services.publish_release(release=release, user=None)
    key = uuid.uuid4()
    start = threading.Barrier(2, timeout=60)
    made, refused, errors = [], [], []

    def submit():
        try:
            start.wait()
            try:
                made.append(services.distribute(release=release, media_lists=[media_list], user=None,
                                                idempotency_key=key if same_form else uuid.uuid4()).pk)
            except ValidationError as error:
                refused.append(error)
            finally:
                connection.close()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Distribution.objects.count() == 1
    if same_form:
        assert len(made) == 2 and len(set(made)) == 1
    else:
        assert len(made) == 1 and len(refused) == 1
