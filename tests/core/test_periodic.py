import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import ConsultationPage
from core import periodic
from tests.factories import ConsultationFactory


def test_jobs_are_due_once_per_interval():
    now = timezone.now()
    last_run: dict = {}
    first = {job.name for job in periodic.due_jobs(now=now, last_run=last_run)}
    assert first == {job.name for job in periodic.JOBS} >= {"publish_scheduled", "daily_digests", "event_reminders"}
    last_run.update(dict.fromkeys(first, now))
    assert periodic.due_jobs(now=now + dt.timedelta(seconds=30), last_run=last_run) == []
    assert [job.name for job in periodic.due_jobs(now=now + dt.timedelta(minutes=1), last_run=last_run)] == [
        "publish_scheduled", "publish_deliveries",
    ]


def test_a_failing_job_is_retried_next_tick(monkeypatch):
    calls = []

    def broken():
        calls.append(1)
        raise RuntimeError("boom")

    monkeypatch.setattr(periodic, "JOBS", [periodic.PeriodicJob("broken", dt.timedelta(minutes=1), broken)])
    last_run: dict = {}
    assert periodic.tick(now=timezone.now(), last_run=last_run) == []
    assert last_run == {}
    periodic.tick(now=timezone.now(), last_run=last_run)
    assert len(calls) == 2


@pytest.mark.django_db
def test_scheduler_publishes_a_record_whose_go_live_time_has_passed(site_tree):
    record = ConsultationFactory(title="Konsultacje z harmonogramem", publish=False)
    revision = record.latest_revision
    revision.approved_go_live_at = timezone.now() - dt.timedelta(minutes=1)
    revision.save()
    assert not ConsultationPage.objects.get(pk=record.pk).live
    call_command("run_scheduler", once=True)
    assert ConsultationPage.objects.get(pk=record.pk).live
