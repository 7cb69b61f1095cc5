"""Verified-e-mail responses never confirmed are deleted after DIALOG_SURVEY_CONFIRMATION_DAYS, nothing else is."""

import datetime as dt

import pytest
from django.utils import timezone

from surveys import services, tasks
from surveys.models import Answer, Response

from .conftest import every_type_questions, make_survey, respond

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(db):
    return make_survey(every_type_questions(), mode="email")


def test_only_stale_unconfirmed_responses_go(survey, settings):
    settings.DIALOG_SURVEY_CONFIRMATION_DAYS = 7
    now = timezone.now()
    stale = respond(survey, {"uwagi": "stara"}, source="email", email="a@example.org", confirmed=False, submitted_at=now - dt.timedelta(days=8))
    fresh = respond(survey, {"uwagi": "nowa"}, source="email", email="b@example.org", confirmed=False, submitted_at=now - dt.timedelta(days=6))
    confirmed = respond(survey, {"uwagi": "ok"}, source="email", email="c@example.org", submitted_at=now - dt.timedelta(days=30))
    paper = respond(survey, {"uwagi": "papier"}, source="paper", submitted_at=now - dt.timedelta(days=30))
    assert services.purge_unconfirmed_responses(now=now) == 1
    assert set(Response.objects.values_list("pk", flat=True)) == {fresh.pk, confirmed.pk, paper.pk}
    assert not Answer.objects.filter(response_id=stale.pk).exists()
    assert services.purge_unconfirmed_responses(now=now) == 0


def test_the_setting_sets_the_age(survey, settings):
    settings.DIALOG_SURVEY_CONFIRMATION_DAYS = 2
    respond(survey, {}, source="email", email="a@example.org", confirmed=False, submitted_at=timezone.now() - dt.timedelta(days=3))
    assert services.purge_unconfirmed_responses(now=timezone.now()) == 1


def test_the_task_purges(survey):
    respond(survey, {}, source="email", email="a@example.org", confirmed=False, submitted_at=timezone.now() - dt.timedelta(days=30))
    result = tasks.purge_unconfirmed_responses.enqueue()
    assert result.return_value == 1 and not Response.objects.exists()
