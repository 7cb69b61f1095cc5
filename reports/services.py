"""Writes of consultation reports: editing the draft, publishing a version, telling the district councils, and the
report-due reminders.

Publishing renders both files from the draft and writes them under secret names first (seconds, outside any lock
or transaction), then in one short transaction: locks the report, stores a `PublishedReport` pointing to the files
with the results page's snapshot and the page's rows of its decisions (`PublishedDecision`), marks the consultation
"report published" through `consultations.services.change_status` (a published revision and a logged status change
with its reason), and inserts one `CouncilNotice` per council; the e-mails are enqueued after commit. If anything
fails before the commit, the files are removed again: no version row, no orphaned file. A notice is sent under its
row lock and marked sent in the same transaction, so a retried task or a second worker sends nothing twice.

Staff do not wait for the rendering: "publish" records a `PublicationRequest` (`request_publication`) and a task
runs the publishing (`run_publication_request`), writing its outcome on the request for the staff page to show.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from catalog.models import ConsultationPage
from catalog.statuses import Status
from consultations import services as consultation_services
from core.roles import KOORDYNATOR
from directory.models import Organisation, OrganisationKind

from . import emails, rendering, selectors
from .models import (
    PENDING_STATES,
    ConsultationReport,
    CouncilNotice,
    PublicationRequest,
    PublishedDecision,
    PublishedDecisionCategory,
    PublishedReport,
    ReminderStage,
    ReportReminder,
    report_file_name,
)
from .permissions import may_edit_report, may_publish_report

logger = logging.getLogger(__name__)

REFUSALS = {
    "not_ended": gettext_lazy("The consultation has not ended yet: its report can be published once it is closed."),
    "not_live": gettext_lazy("The consultation's page is not published: residents could not open the results."),
    "draft_changed": gettext_lazy("Someone changed the report while it was being prepared. Check it and publish again."),
    "unknown_section": gettext_lazy("The report has no such section."),
    "not_allowed": gettext_lazy("The person who asked to publish may no longer publish reports."),
}
FAILURES = {
    "error": gettext_lazy("Publishing failed because of an error on the server. Nothing was published; try again, and if it "
                          "happens again, tell the administrator."),
    "lost": gettext_lazy("Publishing did not finish in time (the background worker may not be running). Nothing was "
                         "published; try again, and if it happens again, tell the administrator."),
}
# A request still waiting or running this long after it was made is given up: a new one may be made.
LOST_AFTER = timedelta(minutes=30)
# A notice or reminder e-mail not sent this long after it was recorded (a lost task, a refused send) is tried again.
RETRY_AFTER = timedelta(minutes=10)


class Refused(Exception):  # noqa: N818 - a refusal is an expected outcome, not a bug
    def __init__(self, code: str):
        self.code = code
        super().__init__(code)

    @property
    def message(self) -> str:
        return str(REFUSALS[self.code])


def _actor(user):
    return user if user is not None and user.is_authenticated else None


# ---------------------------------------------------------------------------------------------- the draft


@transaction.atomic
def save_draft(*, consultation: ConsultationPage, introduction: str, conclusions: str, notes: dict[str, str], user) -> ConsultationReport:
    """Save the written parts; the next publication is made from this revision. Nothing changes if nothing differs."""
    if not may_edit_report(user):
        raise PermissionDenied
    if set(notes) - set(selectors.SECTION_KEYS):
        raise Refused("unknown_section")
    report = ConsultationReport.objects.select_for_update().filter(consultation=consultation).first()
    if report is None:
        report = selectors.draft_for(consultation)
        report.save()
    notes = {key: text.strip() for key, text in notes.items() if key not in ("aim", "conclusions") and text.strip()}
    new = {"introduction": introduction.strip(), "conclusions": conclusions.strip(), "notes": notes}
    changed = sorted(name for name, value in new.items() if getattr(report, name) != value)
    if changed:
        for name in changed:
            setattr(report, name, new[name])
        report.revision += 1
        report.updated_by = _actor(user)
        report.save()
        log(instance=consultation, action="reports.draft_saved", user=_actor(user), data={"fields": changed, "revision": report.revision})
    return report


def has_unpublished_changes(report: ConsultationReport, publication: PublishedReport | None) -> bool:
    return report.pk is not None and (publication is None or publication.revision != report.revision)


# ---------------------------------------------------------------------------------------------- publishing


def publish_report(*, consultation: ConsultationPage, user) -> tuple[PublishedReport, bool]:
    """Publish the current draft as the next version; (publication, False) if this draft is published already with
    the same results. Changed decisions alone make a new version: the public page shows only published ones."""
    consultation = _publishable(consultation, user)
    report = ConsultationReport.objects.filter(consultation=consultation).first()
    if report is None:
        report = save_draft(consultation=consultation, introduction=selectors.draft_for(consultation).introduction,
                            conclusions="", notes={}, user=user)
    # The report and its snapshot are in the city's language whatever the publishing person's admin language is, so
    # the same draft published from another language is not "changed" (which would notify the councils again).
    with translation.override(settings.LANGUAGE_CODE):
        data = selectors.report_data(consultation, report)
        snapshot = selectors.results_snapshot(data)
        existing = report.publications.filter(revision=report.revision).first()
        if existing is not None and _unchanged(existing, snapshot):
            return existing, False
        pdf = rendering.report_pdf(data, draft=False)
        docx = rendering.report_docx(data, draft=False)
    stored = _store_files(pdf=pdf, docx=docx)
    try:
        publication, created = _store_publication(
            consultation=consultation, revision=report.revision, files=stored, sizes={"pdf": len(pdf), "docx": len(docx)},
            snapshot=snapshot, user=user,
        )
    except IntegrityError:  # the same draft published at the same moment by someone else
        _delete_files(stored)
        return report.publications.order_by("-number").first(), False
    except BaseException:
        _delete_files(stored)
        raise
    if not created:
        _delete_files(stored)
    return publication, created


def _publishable(consultation: ConsultationPage, user) -> ConsultationPage:
    """The consultation as stored now, if `user` may publish its report now; PermissionDenied or Refused if not."""
    if not may_publish_report(user):
        raise PermissionDenied
    consultation = ConsultationPage.objects.get(pk=consultation.pk)
    if not consultation.live:
        raise Refused("not_live")
    if consultation.status not in (Status.CLOSED, Status.REPORT_PUBLISHED):
        raise Refused("not_ended")
    return consultation


def request_publication(*, consultation: ConsultationPage, user) -> tuple[PublicationRequest, bool]:
    """Record "publish the report" and leave the rendering to a background task (enqueued after commit).

    What can be refused at once is refused at once (Refused, PermissionDenied), so the person sees why on the
    spot. (request, False) if a request of this consultation already waits or runs: it will publish this draft too.
    A request left pending longer than `LOST_AFTER` (a worker that died, a queue nobody runs) counts as failed.
    """
    from .tasks import publish_requested_report

    consultation = _publishable(consultation, user)
    now = timezone.now()
    with transaction.atomic():
        pending = PublicationRequest.objects.select_for_update().filter(
            consultation=consultation, state__in=PENDING_STATES
        )
        pending.filter(requested_at__lt=now - LOST_AFTER).update(state=PublicationRequest.State.FAILED, reason="lost", finished_at=now)
        waiting = pending.first()
        if waiting is not None:
            return waiting, False
        try:
            with transaction.atomic():
                request = PublicationRequest.objects.create(consultation=consultation, requested_by=_actor(user), requested_at=now)
        except IntegrityError:  # another coordinator's request was recorded at the same moment
            return PublicationRequest.objects.get(consultation=consultation, state__in=PENDING_STATES), False
        transaction.on_commit(partial(publish_requested_report.enqueue, request.pk))
    return request, True


def run_publication_request(*, request_id: int) -> PublicationRequest | None:
    """Publish what a request asked for and record the outcome on it; None if it is not waiting (taken by another
    worker, run already, or given up as lost), so a task run twice publishes once."""
    started = timezone.now()
    taken = PublicationRequest.objects.filter(pk=request_id, state=PublicationRequest.State.QUEUED).update(
        state=PublicationRequest.State.RUNNING, started_at=started
    )
    if not taken:
        return None
    request = PublicationRequest.objects.select_related("consultation", "requested_by").get(pk=request_id)
    outcome: dict = {"state": PublicationRequest.State.DONE}
    try:
        publication, created = publish_report(consultation=request.consultation, user=request.requested_by)
    except Refused as refusal:
        outcome = {"state": PublicationRequest.State.REFUSED, "reason": refusal.code}
    except PermissionDenied:  # the person lost the role after pressing the button
        outcome = {"state": PublicationRequest.State.REFUSED, "reason": "not_allowed"}
    except Exception:
        logger.exception("Publishing the report of consultation %s failed (request %s)", request.consultation_id, request_id)
        outcome = {"state": PublicationRequest.State.FAILED, "reason": "error"}
    else:
        outcome.update(publication=publication, new_version=created)
    for name, value in {**outcome, "finished_at": timezone.now()}.items():
        setattr(request, name, value)
    request.save(update_fields=["state", "reason", "publication", "new_version", "finished_at"])
    return request


def request_message(request: PublicationRequest | None) -> str:
    """Why a request was refused or failed, in the reader's language; "" for one that was neither (or none)."""
    if request is None or request.state not in (PublicationRequest.State.REFUSED, PublicationRequest.State.FAILED):
        return ""
    return str({**REFUSALS, **FAILURES}.get(request.reason, FAILURES["error"]))


def _unchanged(publication: PublishedReport, snapshot: dict) -> bool:
    """Nothing new to publish: the same draft and the same results (decisions changed since are a new version).
    A version published before snapshots were kept cannot tell, so only an edit of the draft makes the next one."""
    return not publication.snapshot or selectors.same_results(publication.snapshot, snapshot)


def _storage():
    return PublishedReport._meta.get_field("pdf").storage


def _store_files(*, pdf: bytes, docx: bytes) -> dict[str, str]:
    """Write the files under secret names no row points to yet; if one write fails, the other is removed."""
    stored: dict[str, str] = {}
    try:
        for kind, content in (("pdf", pdf), ("docx", docx)):
            stored[kind] = _storage().save(report_file_name(f"raport.{kind}"), ContentFile(content))
    except BaseException:
        _delete_files(stored)
        raise
    return stored


def _delete_files(stored: dict[str, str]) -> None:
    for name in stored.values():
        try:
            _storage().delete(name)
        except OSError:
            logger.exception("Could not remove the unused report file %s", name)


@transaction.atomic
def _store_publication(*, consultation: ConsultationPage, revision: int, files: dict[str, str], sizes: dict[str, int], snapshot: dict,
                       user) -> tuple[PublishedReport, bool]:
    """The short transaction: the files are written already, only the rows are made here."""
    report = ConsultationReport.objects.select_for_update().get(consultation=consultation)
    if report.revision != revision:
        latest = report.publications.filter(revision=report.revision).first()
        if latest is not None and selectors.same_results(latest.snapshot, snapshot):  # a second click after the first made the next version
            return latest, False
        raise Refused("draft_changed")
    existing = report.publications.filter(revision=revision).first()
    if existing is not None:
        if _unchanged(existing, snapshot):  # a second click that waited for the first one's lock
            return existing, False
        # Only the results changed (decisions, late remarks): the same draft becomes a new revision.
        report.revision = revision = revision + 1
        report.save(update_fields=["revision"])
    number = (report.publications.aggregate(last=Max("number"))["last"] or 0) + 1
    publication = PublishedReport.objects.create(
        report=report, number=number, revision=revision, pdf=files["pdf"], pdf_size=sizes["pdf"],
        docx=files["docx"], docx_size=sizes["docx"], snapshot=snapshot, published_by=_actor(user),
    )
    _store_decisions(publication, snapshot["decisions"])
    with translation.override("pl"):
        reason = _("Report on the consultation published (version %(number)d).") % {"number": number}
    consultation_services.change_status(consultation=consultation, status=Status.REPORT_PUBLISHED, reason=reason, user=user)
    log(instance=consultation, action="reports.published", user=_actor(user), data={"version": number, "revision": revision})
    _notify_councils(publication, consultation)
    return publication, True


def _store_decisions(publication: PublishedReport, lines: list[dict]) -> None:
    """The results page's rows of the snapshot's decisions, in its order (the snapshot stays the record)."""
    rows = PublishedDecision.objects.bulk_create(
        [PublishedDecision.from_snapshot(line, publication=publication, position=position) for position, line in enumerate(lines)],
        batch_size=500,
    )
    PublishedDecisionCategory.objects.bulk_create([
        PublishedDecisionCategory(decision=row, category_id=category_id, name=name)
        for row, line in zip(rows, lines, strict=True) for category_id, name in line["categories"]
    ], batch_size=500)


def council_recipients(consultation: ConsultationPage):
    """District councils of the consultation's districts that have an address and may be contacted."""
    return Organisation.objects.filter(
        kind=OrganisationKind.DISTRICT_COUNCIL, district__in=consultation.districts.all(), do_not_contact=False
    ).exclude(email="").order_by("pk")


def _notify_councils(publication: PublishedReport, consultation: ConsultationPage) -> list[int]:
    from .tasks import send_council_notice

    notices = CouncilNotice.objects.bulk_create([
        CouncilNotice(publication=publication, organisation=council, email=council.email)
        for council in council_recipients(consultation)
    ])
    ids = list(CouncilNotice.objects.filter(publication=publication).values_list("pk", flat=True))
    for notice_id in ids:
        transaction.on_commit(partial(send_council_notice.enqueue, notice_id))
    logger.info("Report %s: %s district councils to notify", publication.pk, len(notices))
    return ids


def send_council_notice(*, notice_id: int) -> bool:
    """Send one council's e-mail unless it was sent: the row is locked while sending and marked in the same transaction.

    A failed send rolls back and leaves the notice unsent for `retry_unsent`; True if this call sent it.
    """
    with transaction.atomic():
        notice = (
            CouncilNotice.objects.select_for_update()
            .select_related("publication__report__consultation", "organisation")
            .filter(pk=notice_id, sent_at=None).first()
        )
        if notice is None:
            return False
        emails.council_email(notice).send()
        notice.sent_at = timezone.now()
        notice.save(update_fields=["sent_at"])
    return True


# ---------------------------------------------------------------------------------------------- reminders


def _stage(consultation: ConsultationPage, now: datetime) -> str | None:
    due_on = selectors.report_due_on(consultation)
    today = timezone.localdate(now)
    if due_on is None:
        return None
    if today >= due_on:
        return ReminderStage.OVERDUE
    if today >= due_on - timedelta(days=selectors.report_reminder_days_before()):
        return ReminderStage.DUE_SOON
    return None


def reminder_recipients(consultation: ConsultationPage) -> list:
    """The consultation's responsible person (or the page's owner) and every active Koordynator."""
    users = get_user_model().objects.filter(is_active=True)
    owner_id = consultation.owner_person_id or consultation.owner_id
    return list(users.filter(Q(pk=owner_id) | Q(groups__name=KOORDYNATOR)).distinct().order_by("pk"))


def send_due_reminders(*, now: datetime) -> list[ReportReminder]:
    """A periodic job: closed consultations whose report is due within DIALOG_REPORT_REMINDER_DAYS_BEFORE days, or
    overdue, get one reminder per stage (a notification for each recipient, one e-mail), never twice (unique row)."""
    from noticeboard.models import NotificationKind
    from noticeboard.services import notify

    from .tasks import send_report_reminder

    latest_end = now - timedelta(days=selectors.report_due_days() - selectors.report_reminder_days_before())
    candidates = ConsultationPage.objects.filter(status=Status.CLOSED, ends_at__lte=latest_end).exclude(report__publications__isnull=False)
    sent = []
    for consultation in candidates.order_by("pk"):
        stage = _stage(consultation, now)
        if stage is None:
            continue
        try:
            with transaction.atomic():
                reminder = ReportReminder.objects.create(consultation=consultation, stage=stage, due_on=selectors.report_due_on(consultation))
                with translation.override("pl"):
                    values = {"title": consultation.title, "date": date_format(reminder.due_on, "j E Y")}
                    if stage == ReminderStage.OVERDUE:
                        message = _("The report on the consultation “%(title)s” is overdue: it was due on %(date)s.") % values
                    else:
                        message = _("The report on the consultation “%(title)s” is due on %(date)s.") % values
                url = reverse("reports_admin:edit", args=[consultation.pk])
                for person in reminder_recipients(consultation):
                    notify(recipient=person, kind=NotificationKind.OTHER, message=message, url=url)
                transaction.on_commit(partial(send_report_reminder.enqueue, reminder.pk))
        except IntegrityError:
            continue  # this stage was dealt with already (or by another scheduler at the same moment)
        sent.append(reminder)
    return sent


def send_reminder_email(*, reminder_id: int) -> bool:
    """E-mail one reminder to its recipients once (row locked while sending, marked in the same transaction)."""
    with transaction.atomic():
        reminder = ReportReminder.objects.select_for_update().select_related("consultation").filter(pk=reminder_id, emailed_at=None).first()
        if reminder is None:
            return False
        addresses = [person.email for person in reminder_recipients(reminder.consultation) if person.email]
        if addresses:
            emails.reminder_email(reminder, addresses).send()
        reminder.emailed_at = timezone.now()
        reminder.save(update_fields=["emailed_at"])
    return True


def retry_unsent(*, now: datetime) -> tuple[list[int], list[int]]:
    """Enqueue again the council notices and reminder e-mails still unsent RETRY_AFTER after they were recorded."""
    from .tasks import send_council_notice, send_report_reminder

    before = now - RETRY_AFTER
    notices = list(CouncilNotice.objects.filter(sent_at=None, created_at__lte=before).values_list("pk", flat=True))
    reminders = list(ReportReminder.objects.filter(emailed_at=None, created_at__lte=before).values_list("pk", flat=True))
    for notice_id in notices:
        send_council_notice.enqueue(notice_id)
    for reminder_id in reminders:
        send_report_reminder.enqueue(reminder_id)
    return notices, reminders
