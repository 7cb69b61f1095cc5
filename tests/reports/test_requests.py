"""Publishing in the background: "publish" records a request, a task makes the version and writes the outcome on the
request; a second click joins the waiting request, a task run twice publishes once, a refusal or an error is kept
with its reason and shown to staff, a lost request gives way to a new one."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from catalog.models import ConsultationPage
from reports import services
from reports.models import PublicationRequest, PublishedReport
from reports.tasks import publish_requested_report
from tests.factories import UserFactory

from .conftest import closed_consultation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def edit_page(client, consultation) -> str:
    return client.get(f"/admin/raporty/{consultation.pk}/").content.decode()


def test_a_request_publishes_after_commit_and_records_the_version(consultation, remarks, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request, created = services.request_publication(consultation=consultation, user=coordinator)
    assert created and request.state == PublicationRequest.State.QUEUED
    assert not PublishedReport.objects.exists()  # nothing is rendered in the request itself
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    request.refresh_from_db()
    publication = PublishedReport.objects.get()
    assert (request.state, request.publication, request.new_version, request.reason) == ("done", publication, True, "")
    assert request.started_at <= request.finished_at and publication.published_by == coordinator
    assert len(mail.outbox) == 2  # the councils of both districts


def test_a_second_click_joins_the_waiting_request_and_a_task_run_twice_publishes_once(consultation, remarks, coordinator,
                                                                                       django_capture_on_commit_callbacks):
    other = UserFactory(username="drugi-koordynator", groups=["Koordynator"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        first, created = services.request_publication(consultation=consultation, user=coordinator)
        second, created_again = services.request_publication(consultation=consultation, user=other)
    assert (created, created_again, second.pk) == (True, False, first.pk)
    assert len(callbacks) == 1 and PublicationRequest.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.run_publication_request(request_id=first.pk).state == "done"
        assert services.run_publication_request(request_id=first.pk) is None  # a retried task
        publish_requested_report.enqueue(first.pk)  # and through the task backend
    assert PublishedReport.objects.count() == 1 and len(mail.outbox) == 2
    # Once it is done, the next click is a new request; the same draft and results publish nothing new.
    with django_capture_on_commit_callbacks(execute=True):
        again, created = services.request_publication(consultation=consultation, user=other)
    again.refresh_from_db()
    assert created and (again.state, again.new_version, again.publication.number) == ("done", False, 1)
    assert PublishedReport.objects.count() == 1 and len(mail.outbox) == 2


def test_what_can_be_refused_at_once_is_refused_before_any_request(districts, coordinator, editor):
    running = closed_consultation(title="Jeszcze trwa", status="open", ended_days_ago=-3)
    with pytest.raises(services.Refused) as refusal:
        services.request_publication(consultation=running, user=coordinator)
    assert refusal.value.code == "not_ended"
    with pytest.raises(PermissionDenied):
        services.request_publication(consultation=running, user=editor)
    assert not PublicationRequest.objects.exists()


def test_a_refusal_in_the_task_is_kept_with_its_reason_and_shown(client, consultation, remarks, coordinator,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        request, _created = services.request_publication(consultation=consultation, user=coordinator)
    ConsultationPage.objects.filter(pk=consultation.pk).update(live=False)  # unpublished before the task ran
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    request.refresh_from_db()
    assert (request.state, request.reason, request.publication) == ("refused", "not_live", None)
    assert not PublishedReport.objects.exists() and mail.outbox == []
    client.force_login(coordinator)
    assert "Strona konsultacji nie jest opublikowana" in edit_page(client, consultation)


def test_an_error_in_the_task_is_recorded_nothing_is_published_and_a_new_request_may_follow(
        client, consultation, remarks, coordinator, django_capture_on_commit_callbacks, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr("reports.rendering.report_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        request, _created = services.request_publication(consultation=consultation, user=coordinator)
    request.refresh_from_db()
    assert (request.state, request.reason) == ("failed", "error")
    assert "WeasyPrint failed" in caplog.text and not PublishedReport.objects.exists()
    client.force_login(coordinator)
    page = edit_page(client, consultation)
    assert "Publikacja nie powiodła się z powodu błędu serwera" in page and 'role="alert"' in page
    assert f"/admin/raporty/{consultation.pk}/publikuj/" in page  # the button is back: try again
    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        retry, created = services.request_publication(consultation=consultation, user=coordinator)
    retry.refresh_from_db()
    assert created and retry.state == "done" and PublishedReport.objects.count() == 1


def test_a_request_pending_too_long_is_given_up_for_a_new_one(consultation, remarks, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        lost, _created = services.request_publication(consultation=consultation, user=coordinator)
    PublicationRequest.objects.filter(pk=lost.pk).update(requested_at=timezone.now() - services.LOST_AFTER - dt.timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        new, created = services.request_publication(consultation=consultation, user=coordinator)
    lost.refresh_from_db()
    new.refresh_from_db()
    assert created and new.pk != lost.pk and new.state == "done"
    assert (lost.state, lost.reason) == ("failed", "lost")
    assert services.run_publication_request(request_id=lost.pk) is None  # its task, if it ever runs, does nothing
    assert PublishedReport.objects.count() == 1


def test_staff_see_a_waiting_request_with_no_second_publish_button(client, consultation, remarks, coordinator,
                                                                     django_capture_on_commit_callbacks):
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(f"/admin/raporty/{consultation.pk}/publikuj/")
    assert response.status_code == 302 and response["Location"] == f"/admin/raporty/{consultation.pk}/"
    page = edit_page(client, consultation)
    assert "Publikowanie raportu" in page and "oczekuje na rozpoczęcie" in page and 'role="status"' in page
    assert f"/admin/raporty/{consultation.pk}/publikuj/" not in page
    confirm = client.get(f"/admin/raporty/{consultation.pk}/publikuj/").content.decode()
    assert "report-publish" not in confirm and "oczekuje na rozpoczęcie" in confirm
    with django_capture_on_commit_callbacks(execute=False) as more:
        client.post(f"/admin/raporty/{consultation.pk}/publikuj/")  # pressed again: joins the waiting one
    assert more == [] and PublicationRequest.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    assert "Opublikowano wersję 1 raportu" in edit_page(client, consultation)


def test_an_old_outcome_is_no_longer_shown(client, consultation, remarks, coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.request_publication(consultation=consultation, user=coordinator)
    client.force_login(coordinator)
    assert "Opublikowano wersję 1 raportu" in edit_page(client, consultation)
    PublicationRequest.objects.update(finished_at=timezone.now() - dt.timedelta(days=2))
    page = edit_page(client, consultation)
    assert "Opublikowano wersję 1 raportu" not in page and "publication-request" not in page


@pytest.mark.django_db(transaction=True)
def test_through_the_real_queue_the_worker_publishes_the_request(settings, consultation, remarks, coordinator):
    """As in production: the request stores a task in the database queue (django-tasks-db) and `db_worker` runs it."""
    from django.core.management import call_command

    from dialog.settings.env import tasks_setting

    settings.TASKS = tasks_setting("database")
    request, created = services.request_publication(consultation=consultation, user=coordinator)
    request.refresh_from_db()
    assert created and request.state == "queued" and not PublishedReport.objects.exists()
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", verbosity=0)
    request.refresh_from_db()
    assert (request.state, request.publication.number, request.new_version) == ("done", 1, True)
    # The councils' e-mails the publication enqueued ran in the same batch.
    assert len(mail.outbox) == 2
