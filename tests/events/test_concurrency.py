"""Capacity under a crowd (PostgreSQL: real parallel transactions): 200 people, 50 places."""

import threading

import pytest
from django.db import connection

from events import services
from events.models import Registration, RegistrationStatus

from .factories import RegistrationSettingsFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_people_for_50_places(site_tree):
    event = RegistrationSettingsFactory(capacity=50).event
    people = 200
    start = threading.Barrier(people, timeout=60)
    # PostgreSQL's default max_connections is 100: at most 40 threads hold a connection at once, all racing.
    connections = threading.BoundedSemaphore(40)
    outcomes, errors = [], []

    def person(n):
        try:
            start.wait()
            with connections:
                try:
                    result = services.register(event_id=event.pk, full_name=f"Osoba {n}", email=f"osoba{n}@example.org")
                    outcomes.append(result.registration.status)
                finally:
                    connection.close()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=person, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED).count() == 50
    assert Registration.objects.filter(event=event, status=RegistrationStatus.WAITING).count() == 150
    assert sorted(outcomes).count(RegistrationStatus.CONFIRMED) == 50


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_address_submitted_at_once_makes_one_registration(site_tree):
    event = RegistrationSettingsFactory(capacity=50).event
    clicks = 10
    start = threading.Barrier(clicks, timeout=60)
    created, errors = [], []

    def click():
        try:
            start.wait()
            created.append(services.register(event_id=event.pk, full_name="Jan", email="jan@example.org").created)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=click) for _ in range(clicks)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(created) == [False] * (clicks - 1) + [True]
    assert Registration.objects.filter(event=event).count() == 1
