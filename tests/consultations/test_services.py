"""Status automation, splitting a document, comments and moderation, abuse reports, merging, decisions and coding."""

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from catalog.models import ConsultationPage
from consultations import services
from consultations.models import AbuseReport, Decision, ModerationMode, ModerationState, Remark, RemarkSource
from tests.factories import ConsultationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_split_keeps_paragraph_headings_and_joins_lines():
    text = "§ 1\nTekst pierwszy.\n\n§ 2.\n\nTekst drugi,\nw dwóch wierszach.\r\n\r\n  \n\nBez nagłówka."
    assert services.split_paragraphs(text) == [
        ("§ 1", "Tekst pierwszy."), ("§ 2.", "Tekst drugi, w dwóch wierszach."), ("", "Bez nagłówka."),
    ]


def test_document_is_numbered_from_one(document):
    assert list(document.paragraphs.values_list("number", "heading")) == [(1, "§ 1"), (2, "§ 2"), (3, "")]


def _consultation(status, starts, ends):
    return ConsultationFactory(status=status, starts_at=starts, ends_at=ends)


def test_statuses_follow_the_dates_once_through_a_published_revision(site_tree):
    now = timezone.now()
    opening = _consultation("announced", now - dt.timedelta(hours=1), now + dt.timedelta(days=21))
    closing = _consultation("open", now - dt.timedelta(days=22), now - dt.timedelta(minutes=1))
    waiting = _consultation("announced", now + dt.timedelta(days=2), now + dt.timedelta(days=23))
    moves = services.advance_statuses(now=now)
    assert {(m.consultation_id, m.to_status) for m in moves} == {(opening.pk, "open"), (closing.pk, "closed")}
    statuses = dict(ConsultationPage.objects.values_list("pk", "status"))
    assert (statuses[opening.pk], statuses[closing.pk], statuses[waiting.pk]) == ("open", "closed", "announced")
    opening.refresh_from_db()
    assert opening.live_revision.as_object().status == "open"
    assert PageLogEntry.objects.filter(page=opening, action="consultations.status_changed").get().data["automatic"] is True
    assert services.advance_statuses(now=now) == []  # idempotent


def test_automation_keeps_an_editors_unpublished_draft(site_tree):
    now = timezone.now()
    page = _consultation("announced", now - dt.timedelta(hours=1), now + dt.timedelta(days=21))
    draft = page.get_latest_revision_as_object()
    draft.lead = "Nowy lead w wersji roboczej."
    draft.save_revision()
    services.advance_statuses(now=now)
    page.refresh_from_db()
    assert page.lead != "Nowy lead w wersji roboczej." and page.status == "open"
    latest = page.get_latest_revision_as_object()
    assert (latest.lead, latest.status, page.has_unpublished_changes) == ("Nowy lead w wersji roboczej.", "open", True)


def test_manual_change_needs_a_reason_and_logs_it(consultation, coordinator):
    with pytest.raises(services.Refused):
        services.change_status(consultation=consultation, status="closed", reason=" ", user=coordinator)
    assert services.change_status(consultation=consultation, status="closed", reason="Skrócono decyzją prezydenta.", user=coordinator)
    entry = PageLogEntry.objects.get(page=consultation, action="consultations.status_changed")
    assert entry.data == {"from": "open", "to": "closed", "reason": "Skrócono decyzją prezydenta.", "automatic": False}
    assert entry.user == coordinator
    assert not services.change_status(consultation=consultation, status="closed", reason="Jeszcze raz.", user=coordinator)


def _comment(document, number=1, text="Dobry pomysł."):
    paragraph = document.paragraphs.get(number=number)
    paragraph.document = document
    return services.comment_on_paragraph(paragraph=paragraph, text=text, author_name="", proof_fingerprint=None)


def test_comment_waits_for_moderation_before_or_appears_after(document):
    assert _comment(document).moderation == ModerationState.PENDING
    document.moderation = ModerationMode.AFTER
    document.save()
    remark = _comment(document)
    assert (remark.moderation, remark.source, remark.unverified) == (ModerationState.PUBLISHED, RemarkSource.DOCUMENT_COMMENT, True)


def test_closed_document_refuses_comments(document):
    document.comments_open_until = timezone.now() - dt.timedelta(minutes=1)
    document.save()
    with pytest.raises(services.Refused) as refusal:
        _comment(document)
    assert refusal.value.code == "closed"
    assert not Remark.objects.exists()


def test_moderation_publishes_and_resolves_reports(document, editor):
    remark = _comment(document)
    remark = services.moderate(remark=remark, state=ModerationState.PUBLISHED, user=editor)
    services.report_abuse(remark=remark, reason="Obraźliwe.", client="klient-a")
    services.moderate(remark=remark, state=ModerationState.HIDDEN, user=editor)
    remark.refresh_from_db()
    assert remark.moderation == ModerationState.HIDDEN
    assert AbuseReport.objects.get().resolved_at is not None
    assert ModelLogEntry.objects.filter(action="consultations.remark_moderated", object_id=str(remark.pk)).count() == 2


def test_repeated_abuse_reports_by_one_client_count_once(document, editor):
    remark = _comment(document)
    with pytest.raises(services.Refused):
        services.report_abuse(remark=remark, reason="Spam.", client="klient-a")  # not published yet
    remark = services.moderate(remark=remark, state=ModerationState.PUBLISHED, user=editor)
    assert services.report_abuse(remark=remark, reason="Spam.", client="klient-a")[1] is True
    assert services.report_abuse(remark=remark, reason="Spam!", client="klient-a")[1] is False
    assert services.report_abuse(remark=remark, reason="Spam.", client="klient-b")[1] is True
    assert remark.abuse_reports.count() == 2


def _offline(consultation, editor, text="Uwaga z pisma.", **kwargs):
    return services.register_remark(
        consultation=consultation, text=text, source=RemarkSource.LETTER, received_on=timezone.localdate(),
        author_type="resident", user=editor, **kwargs,
    )


def test_offline_remark_lands_in_the_same_list_with_its_organisation(consultation, document, editor):
    council = OrganisationFactory(name="Rada Dzielnicy XIII")
    _comment(document)
    remark = _offline(consultation, editor, organisation=council)
    assert set(Remark.objects.filter(consultation=consultation).values_list("source", flat=True)) == {"letter", "document_comment"}
    assert remark.organisation == council
    assert ModelLogEntry.objects.filter(action="consultations.remark_registered", object_id=str(remark.pk), user=editor).exists()


def test_merging_keeps_duplicates_and_follows_chains(consultation, editor):
    keep, first, second = (_offline(consultation, editor, text=f"Uwaga {n}") for n in range(3))
    category = services.ensure_category(consultation=consultation, name="Zieleń", user=editor)
    services.assign_category(remarks=[second], category=category, user=editor)
    services.merge_remarks(keep=first, duplicates=[second], user=editor)
    services.merge_remarks(keep=keep, duplicates=[first], user=editor)
    assert set(Remark.objects.filter(merged_into=keep).values_list("pk", flat=True)) == {first.pk, second.pk}
    assert list(keep.categories.all()) == [category]
    with pytest.raises(services.Refused):
        services.merge_remarks(keep=first, duplicates=[keep], user=editor)
    other = _offline(ConsultationFactory(), editor)
    with pytest.raises(services.Refused):
        services.merge_remarks(keep=keep, duplicates=[other], user=editor)


def test_decisions_need_a_justification_and_skip_merged_remarks(consultation, editor):
    keep, duplicate = _offline(consultation, editor), _offline(consultation, editor)
    services.merge_remarks(keep=keep, duplicates=[duplicate], user=editor)
    with pytest.raises(services.Refused):
        services.decide(remarks=[keep], decision=Decision.PARTLY, justification="", user=editor)
    assert services.decide(remarks=[keep, duplicate], decision=Decision.PARTLY, justification="Częściowo w § 2.", user=editor) == 1
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert (keep.decision, keep.justification, keep.decided_by) == ("partly", "Częściowo w § 2.", editor)
    assert duplicate.decision == ""
    assert ModelLogEntry.objects.filter(action="consultations.remark_decided").count() == 1


def test_coding_in_bulk_adds_each_category_once(consultation, editor):
    remarks = [_offline(consultation, editor) for _ in range(3)]
    category = services.ensure_category(consultation=consultation, name="Komunikacja", user=editor)
    assert services.ensure_category(consultation=consultation, name="komunikacja ", user=editor) == category
    assert services.assign_category(remarks=remarks[:2], category=category, user=editor) == 2
    assert services.assign_category(remarks=remarks, category=category, user=editor) == 1
    assert category.remarks.count() == 3
