"""One response per verified address, per printed code and per idempotency key under real parallel transactions
(PostgreSQL)."""

import threading
import uuid

import pytest
from django.db import connection

from surveys import services
from surveys.models import ParticipationMode, Response, ResponseSource

from .conftest import make_survey, question


def race(count: int, action) -> tuple[list, list]:
    start = threading.Barrier(count, timeout=60)
    outcomes, errors = [], []

    def run(n):
        try:
            start.wait()
            outcomes.append(action(n))
        except services.SubmissionRefused as refusal:
            outcomes.append(refusal.code)
        except Exception as error:  # noqa: BLE001 - reported by the assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_address_sent_at_once_makes_one_response():
    survey = make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})], mode=ParticipationMode.EMAIL)
    version = survey.versions.get()

    def send(n):
        return services.submit_response(
            survey=survey, version=version, answers={"ocena": 1 + n % 5}, idempotency_key=uuid.uuid4(),
            source=ResponseSource.EMAIL, email="Jan.Kowalski@example.org",
        ).created

    outcomes, errors = race(10, send)
    assert errors == []
    assert Response.objects.filter(survey=survey).count() == 1
    assert len(outcomes) == 10 and all(outcome in (True, "pending") for outcome in outcomes)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_attempt_sent_at_once_stores_one_response():
    survey = make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})])
    version = survey.versions.get()
    key = uuid.uuid4()

    def send(_n):
        result = services.submit_response(survey=survey, version=version, answers={"ocena": 3}, idempotency_key=key, source=ResponseSource.ONLINE)
        return result.response.pk

    outcomes, errors = race(10, send)
    assert errors == []
    assert Response.objects.count() == 1 and set(outcomes) == {Response.objects.get().pk}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_code_sent_at_once_makes_one_response():
    """No lock is taken on the code: the one-to-one link refuses every sender but the first."""
    survey = make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})], mode=ParticipationMode.CODE)
    version = survey.versions.get()
    code = services.generate_codes(survey=survey, count=1, batch="Spotkanie", user=None)[0]

    def send(n):
        return services.submit_response(
            survey=survey, version=version, answers={"ocena": 1 + n % 5}, idempotency_key=uuid.uuid4(),
            source=ResponseSource.CODE, code=code.code,
        ).created

    outcomes, errors = race(10, send)
    assert errors == []
    assert Response.objects.filter(survey=survey, code=code).count() == Response.objects.count() == 1
    assert sorted(outcomes, key=str) == [True] + ["used_code"] * 9
