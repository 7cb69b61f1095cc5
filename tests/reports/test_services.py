"""Editing the draft, publishing (files, status, log, council e-mails once, over real SMTP), permissions, reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone
from wagtail.models import PageLogEntry

from directory.models import Organisation
from noticeboard.models import Notification
from reports import services
from reports.models import ConsultationReport, CouncilNotice, PublishedReport, ReminderStage, ReportReminder
from tests.factories import UserFactory
from tests.smtp import Inbox, mailers_for, running_smtp_server

from .conftest import closed_consultation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def test_the_draft_is_prefilled_from_the_announcement_and_saved_as_a_new_revision(consultation, editor):
    report = services.save_draft(consultation=consultation, introduction="Wstęp.", conclusions="Wnioski.",
                                 notes={"forms": "Spotkanie odbyło się w szkole.", "dates": "  "}, user=editor)
    assert (report.revision, report.notes) == (2, {"forms": "Spotkanie odbyło się w szkole."})
    again = services.save_draft(consultation=consultation, introduction="Wstęp.", conclusions="Wnioski.",
                                notes={"forms": "Spotkanie odbyło się w szkole."}, user=editor)
    assert again.revision == 2  # nothing changed, no new revision
    assert PageLogEntry.objects.filter(page=consultation, action="reports.draft_saved").count() == 1


def test_an_author_may_neither_edit_nor_publish(consultation, author, publish):
    with pytest.raises(PermissionDenied):
        services.save_draft(consultation=consultation, introduction="x", conclusions="", notes={}, user=author)
    with pytest.raises(PermissionDenied):
        publish(consultation, author)
    assert not ConsultationReport.objects.exists()


def test_an_editor_may_edit_but_not_publish(consultation, editor, publish):
    with pytest.raises(PermissionDenied):
        publish(consultation, editor)


def test_unknown_sections_are_refused(consultation, editor):
    with pytest.raises(services.Refused):
        services.save_draft(consultation=consultation, introduction="", conclusions="", notes={"hacked": "x"}, user=editor)


def test_publishing_stores_the_files_changes_the_status_logs_it_and_tells_each_council_once(consultation, remarks, coordinator, districts, publish):
    Organisation.objects.filter(district=districts[1]).update(do_not_contact=True)  # this council asked not to be contacted
    with running_smtp_server() as (controller, inbox), override_settings(MAILERS=mailers_for(controller)):
        with pytest.raises(services.Refused):  # nothing to publish while the consultation runs (checked below)
            publish(closed_consultation(status="open", title="Trwające"), coordinator)
        publication, created = publish(consultation, coordinator)
        # A retry of every notice task (a lost answer, a second worker) sends nothing more.
        for notice in CouncilNotice.objects.all():
            assert services.send_council_notice(notice_id=notice.pk) is False
        again, created_again = publish(consultation, coordinator)
    assert created and not created_again and again.pk == publication.pk
    assert publication.pdf.read().startswith(b"%PDF") and publication.pdf_size > 1000
    assert publication.docx.read(2) == b"PK" and publication.number == 1
    consultation.refresh_from_db()
    assert consultation.status == "report_published"
    assert consultation.live_revision.as_object().status == "report_published"
    entry = PageLogEntry.objects.get(page=consultation, action="consultations.status_changed")
    assert (entry.data["from"], entry.data["to"], entry.user_id) == ("closed", "report_published", coordinator.pk)
    assert "wersja 1" in entry.data["reason"]
    assert PageLogEntry.objects.filter(page=consultation, action="reports.published").count() == 1

    messages = inbox.messages()
    assert [message["To"] for message in messages] == ["rada1@example.org"]  # district 2 opted out, district 3 not concerned
    body = messages[0].get_content()
    assert f"/wyniki/{consultation.slug}/" in body and consultation.title in messages[0]["Subject"]
    assert CouncilNotice.objects.get().sent_at is not None


def test_a_refused_send_is_retried_and_then_sent_once(consultation, coordinator, districts, publish):
    inbox = Inbox(refuse={"rada1@example.org"})
    with running_smtp_server(inbox) as (controller, inbox), override_settings(MAILERS=mailers_for(controller)):
        publish(consultation, coordinator)
        assert [m["To"] for m in inbox.messages()] == ["rada2@example.org"]
        unsent = CouncilNotice.objects.get(sent_at=None)
        assert unsent.email == "rada1@example.org"
        inbox.refuse.clear()
        later = timezone.now() + services.RETRY_AFTER
        notices, _reminders = services.retry_unsent(now=later)
        assert notices == [unsent.pk]
        assert services.retry_unsent(now=later) == ([], [])
    assert sorted(m["To"] for m in inbox.messages()) == ["rada1@example.org", "rada2@example.org"]


def test_editing_after_publication_needs_a_new_publication(consultation, coordinator, publish):
    first, _ = publish(consultation, coordinator)
    report = ConsultationReport.objects.get()
    assert not services.has_unpublished_changes(report, first)
    report = services.save_draft(consultation=consultation, introduction="Poprawiony wstęp.", conclusions="", notes={}, user=coordinator)
    assert services.has_unpublished_changes(report, first)
    first.refresh_from_db()
    frozen = first.pdf.read()
    second, created = publish(consultation, coordinator)
    assert created and second.number == 2 and PublishedReport.objects.count() == 2
    first.refresh_from_db()
    assert first.pdf.read() == frozen  # the published files are never rewritten
    assert len(mail.outbox) == 4  # two councils, told about each version


def test_a_consultation_without_a_published_page_cannot_get_a_report(districts, coordinator, publish):
    draft = closed_consultation(title="Szkic", publish=False)
    with pytest.raises(services.Refused) as refusal:
        publish(draft, coordinator)
    assert refusal.value.code == "not_live"


# ---------------------------------------------------------------------------------------------- reminders


def test_reminders_go_once_per_stage_to_the_owner_and_the_coordinators(districts, coordinator, settings, publish, remind):
    settings.DIALOG_REPORT_DUE_DAYS, settings.DIALOG_REPORT_REMINDER_DAYS_BEFORE = 30, 7
    owner = UserFactory(username="wlascicielka", groups=["Redaktor"], email="wlascicielka@example.org")
    due_soon = closed_consultation(title="Blisko terminu", ended_days_ago=25, owner_person=owner)
    overdue = closed_consultation(title="Po terminie", ended_days_ago=31)
    closed_consultation(title="Świeżo zamknięte", ended_days_ago=3)
    published = closed_consultation(title="Z raportem", ended_days_ago=40)
    publish(published, coordinator)
    mail.outbox.clear()

    now = timezone.now()
    sent = remind(now)
    assert {(r.consultation_id, r.stage) for r in sent} == {(due_soon.pk, ReminderStage.DUE_SOON), (overdue.pk, ReminderStage.OVERDUE)}
    assert remind(now) == []  # the same stage never twice
    assert sorted(mail.outbox[0].to + mail.outbox[1].to) == sorted(["koordynatorka@example.org", "wlascicielka@example.org", "koordynatorka@example.org"])
    assert Notification.objects.filter(recipient=owner).count() == 1
    assert Notification.objects.filter(recipient=coordinator).count() == 2
    subjects = sorted(m.subject for m in mail.outbox)
    assert any(s.startswith("Raport po terminie") and "Po terminie" in s for s in subjects), subjects

    # Ten days later the first one is overdue too: one more reminder, for that stage only.
    later = remind(now + dt.timedelta(days=10))
    assert [(r.consultation_id, r.stage) for r in later] == [(due_soon.pk, ReminderStage.OVERDUE)]
    assert ReportReminder.objects.count() == 3 and len(mail.outbox) == 3
    assert services.send_reminder_email(reminder_id=later[0].pk) is False  # sent already



@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(media) -> list[str]:
    return sorted(str(path.relative_to(media)) for path in media.rglob("*") if path.is_file())


def test_a_failed_render_leaves_no_version_and_no_file(consultation, remarks, coordinator, publish, media, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("WeasyPrint failed")

    monkeypatch.setattr("reports.rendering.report_docx", broken)  # the second file: the first one is rendered already
    with pytest.raises(RuntimeError):
        publish(consultation, coordinator)
    assert not PublishedReport.objects.exists() and stored_files(media) == []
    consultation.refresh_from_db()
    assert consultation.status == "closed"


def test_a_failure_after_the_files_are_written_removes_them(consultation, remarks, coordinator, publish, media, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the status could not be changed")

    monkeypatch.setattr("consultations.services.change_status", broken)
    with pytest.raises(RuntimeError):
        publish(consultation, coordinator)
    assert not PublishedReport.objects.exists() and not CouncilNotice.objects.exists()
    assert stored_files(media) == []


def test_the_files_are_rendered_and_written_before_the_transaction_starts(consultation, remarks, coordinator, publish, media,
                                                                         monkeypatch):
    from django.core.files.storage import FileSystemStorage
    from django.db import connection

    from reports import rendering

    depths = []
    render, save = rendering.report_pdf, FileSystemStorage.save

    def watched_render(*args, **kwargs):
        depths.append(("render", len(connection.savepoint_ids)))
        return render(*args, **kwargs)

    def watched_save(self, name, *args, **kwargs):
        depths.append(("write", len(connection.savepoint_ids)))
        return save(self, name, *args, **kwargs)

    monkeypatch.setattr("reports.rendering.report_pdf", watched_render)
    monkeypatch.setattr(FileSystemStorage, "save", watched_save)
    outside = len(connection.savepoint_ids)  # the test's own transaction
    publication, _created = publish(consultation, coordinator)
    assert depths == [("render", outside), ("write", outside), ("write", outside)]  # no transaction of the service's open
    assert stored_files(media) == sorted([publication.pdf.name, publication.docx.name])


def test_a_failed_write_of_the_second_file_removes_the_first(consultation, remarks, coordinator, publish, media, monkeypatch):
    from django.core.files.storage import FileSystemStorage

    save = FileSystemStorage.save

    def full_disk(self, name, *args, **kwargs):
        if name.endswith(".docx"):
            raise OSError("No space left on device")
        return save(self, name, *args, **kwargs)

    monkeypatch.setattr(FileSystemStorage, "save", full_disk)
    with pytest.raises(OSError):
        publish(consultation, coordinator)
    assert not PublishedReport.objects.exists() and stored_files(media) == []


def test_old_files_at_guessable_names_are_moved_and_still_served(consultation, remarks, coordinator, publish, media, client):
    import importlib

    from django.apps import apps

    publication, _created = publish(consultation, coordinator)
    content = publication.pdf.read()
    old = f"raporty/{consultation.pk}/raport-{consultation.slug}-wersja-1.pdf"
    storage = publication.pdf.storage
    storage.save(old, storage.open(publication.pdf.name))
    storage.delete(publication.pdf.name)
    PublishedReport.objects.filter(pk=publication.pk).update(pdf=old)

    migration = importlib.import_module("reports.migrations.0003_secret_report_file_names")
    migration.move_files(apps, None)
    migration.move_files(apps, None)  # a second run changes nothing
    publication.refresh_from_db()
    assert publication.pdf.name.startswith("raporty/") and consultation.slug not in publication.pdf.name
    assert not storage.exists(old) and publication.docx.name in stored_files(media)
    assert len(stored_files(media)) == 2
    response = client.get(f"/wyniki/{consultation.slug}/raport-v1.pdf")
    assert b"".join(response.streaming_content) == content
