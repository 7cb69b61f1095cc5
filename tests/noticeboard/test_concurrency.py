"""Exactly one digest per person and day when two workers race (PostgreSQL: real parallel transactions)."""

import threading

import pytest
from django.core import mail
from django.db import connection

from noticeboard import services
from noticeboard.models import DigestDelivery
from tests.factories import ActionFactory, CampaignFactory, UserFactory

from .conftest import DAY, at


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_send_one_digest(site_tree, monkeypatch):
    person = UserFactory(username="redaktor-wyscig", groups=["Redaktor"])
    ActionFactory(campaign=CampaignFactory(publish=False), starts_at=at(12), responsible=person)
    both_built = threading.Barrier(2, timeout=30)
    real_build = services.build_digest

    def build_then_wait(**kwargs):
        digest = real_build(**kwargs)
        both_built.wait()  # both workers have decided to send before either inserts its row
        return digest

    monkeypatch.setattr(services, "build_digest", build_then_wait)
    outcomes, errors = [], []

    def worker():
        try:
            outcomes.append(services.send_daily_digest(user=person, day=DAY))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(outcomes, key=str) == [None, "sent"]
    assert DigestDelivery.objects.filter(user=person, day=DAY).count() == 1
    assert len(mail.outbox) == 1
