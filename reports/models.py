"""Consultation reports (raport z konsultacji, REFERENCE.md §2).

One `ConsultationReport` per consultation holds only what people write: the introduction, the conclusions and a
note per section. Numbers, survey results and the remarks with their decisions are read from the live data each
time the report is rendered (`selectors.report_data`), so a draft never goes stale. Publishing freezes a version:
a `PublishedReport` keeps the PDF and DOCX files exactly as they were published and a snapshot of what the public
results page shows (numbers, survey results, decisions); editing afterwards changes neither, until the draft is
published again as the next version.
"""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import ConsultationPage
from consultations.models import AuthorType, Decision, RemarkSource


class ConsultationReport(models.Model):
    consultation = models.OneToOneField(
        ConsultationPage, verbose_name=_("consultation"), on_delete=models.PROTECT, related_name="report"
    )
    introduction = models.TextField(_("introduction: aim and subject"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    notes = models.JSONField(_("notes to the sections"), default=dict, blank=True)
    # Goes up with every saved edit; a published version records the revision it was made from.
    revision = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("consultation report")
        verbose_name_plural = _("consultation reports")

    def __str__(self) -> str:
        return str(self.consultation)

    def note(self, key: str) -> str:
        return (self.notes or {}).get(key, "")


def report_file_name(filename: str) -> str:
    """A storage name nobody can guess: media may be served as is, so residents get the files only through
    `views.download`, which checks the version is published."""
    return f"raporty/{secrets.token_urlsafe(32)}/{filename}"


def report_upload_to(instance: "PublishedReport", filename: str) -> str:
    return report_file_name(filename)


class PublishedReport(models.Model):
    """A published version: the files as residents and councils received them, never rewritten."""

    report = models.ForeignKey(ConsultationReport, on_delete=models.PROTECT, related_name="publications")
    number = models.PositiveIntegerField(pgettext_lazy("report", "version"))
    revision = models.PositiveIntegerField(editable=False)
    pdf = models.FileField(_("PDF file"), upload_to=report_upload_to)
    pdf_size = models.PositiveIntegerField(_("PDF size in bytes"))
    docx = models.FileField(_("DOCX file"), upload_to=report_upload_to)
    docx_size = models.PositiveIntegerField(_("DOCX size in bytes"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # What the public results page shows of this version (`selectors.results_snapshot`), so later edits of
    # decisions reach residents only with the next version. Empty for versions published before it was kept.
    snapshot = models.JSONField(default=dict, editable=False)

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="one_report_version_number"),
            # The same draft is published once, however many times "publish" is pressed.
            models.UniqueConstraint(fields=["report", "revision"], name="one_publication_per_report_revision"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.number})"


class PublicationState(models.TextChoices):
    QUEUED = "queued", _("waiting to start")
    RUNNING = "running", _("in progress")
    DONE = "done", _("done")
    REFUSED = "refused", _("refused")
    FAILED = "failed", _("failed")


PENDING_STATES = [PublicationState.QUEUED, PublicationState.RUNNING]


class PublicationRequest(models.Model):
    """"Publish the report" as pressed: rendering the files takes from seconds to half a minute, so the staff request
    only records this row and a background task publishes (`services.run_publication_request`). The row says what
    became of it; the staff page shows it until the next request. At most one waits or runs per consultation."""

    State = PublicationState

    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="report_publication_requests"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked for by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    publication = models.ForeignKey(
        PublishedReport, verbose_name=_("published report"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # False when the draft and its results were published already: the request changed nothing.
    new_version = models.BooleanField(_("new version"), default=False)
    # Why it was refused or failed: a key of `services.REFUSALS` or `services.FAILURES`.
    reason = models.CharField(_("reason"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("request to publish a report")
        verbose_name_plural = _("requests to publish a report")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # A second click, or a second coordinator, joins the request that waits or runs instead of adding one.
            models.UniqueConstraint(fields=["consultation"], condition=models.Q(state__in=PENDING_STATES),
                                    name="one_pending_report_publication"),
        ]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.state} {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def pending(self) -> bool:
        return self.state in PENDING_STATES


class PublishedDecision(models.Model):
    """One decision of a published version as its results page lists it: a copy of an entry of the snapshot's
    "decisions", so the page filters and pages them in SQL instead of decoding the whole snapshot per request.
    The snapshot stays the record; these rows are written with it and never change."""

    publication = models.ForeignKey(
        PublishedReport, verbose_name=_("published report"), on_delete=models.CASCADE, related_name="decisions",
        db_index=False,  # the (publication, position) constraint's index serves it
    )
    position = models.PositiveIntegerField(_("position"))
    number = models.PositiveIntegerField(_("remark number"))
    received_on = models.DateField(_("received on"))
    source = models.CharField(_("source"), max_length=20)
    author_type = models.CharField(_("author type"), max_length=20)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    document = models.CharField(_("document"), max_length=255, blank=True)
    paragraph = models.PositiveIntegerField(_("paragraph"), null=True, blank=True)
    text = models.TextField(_("text"))
    decision = models.CharField(pgettext_lazy("report decision", "decision"), max_length=20)
    justification = models.TextField(_("justification"), blank=True)
    duplicates = models.PositiveIntegerField(_("similar remarks"), default=0)

    class Meta:
        verbose_name = _("published decision")
        verbose_name_plural = _("published decisions")
        constraints = [
            # The page's order, and its index: every listing reads one publication's rows by position.
            models.UniqueConstraint(fields=["publication", "position"], name="one_published_decision_per_position"),
        ]
        indexes = [models.Index(fields=["publication", "decision", "position"], name="published_decision_by_decision")]

    def __str__(self) -> str:
        return f"{self.publication_id} #{self.number}"

    @classmethod
    def from_snapshot(cls, line: dict, **fields) -> "PublishedDecision":
        """An entry of a snapshot's "decisions" as an unsaved row (its categories are rows of their own); `fields`
        are the row's publication and position."""
        values = {name: value for name, value in line.items() if name != "categories"}
        values["received_on"] = datetime.date.fromisoformat(line["received_on"])
        return cls(**values, **fields)

    # Labels in the reader's language: the row keeps the values, as the snapshot does.
    @property
    def source_label(self) -> str:
        return str(dict(RemarkSource.choices).get(self.source, self.source))

    @property
    def author_label(self) -> str:
        return str(dict(AuthorType.choices).get(self.author_type, self.author_type))

    @property
    def decision_label(self) -> str:
        return str(dict(Decision.choices).get(self.decision, self.decision))

    @cached_property
    def category_names(self) -> list[str]:
        """Its categories' names in the report's order (the page prefetches them with its rows)."""
        return [category.name for category in self.categories.all()]


class PublishedDecisionCategory(models.Model):
    """A category a published decision carried, by id and name as published: the category may be renamed or
    deleted later, so `category_id` is a plain number, not a foreign key. Filtering by category is an EXISTS."""

    decision = models.ForeignKey(
        PublishedDecision, verbose_name=_("published decision"), on_delete=models.CASCADE, related_name="categories",
        db_index=False,  # the (decision, category_id) constraint's index serves it
    )
    category_id = models.PositiveIntegerField(_("category id"))
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("category of a published decision")
        verbose_name_plural = _("categories of published decisions")
        constraints = [
            models.UniqueConstraint(fields=["decision", "category_id"], name="one_published_category_per_decision"),
        ]

    def __str__(self) -> str:
        return self.name


class CouncilNotice(models.Model):
    """The e-mail to one district council about one published version: inserted before it is sent, marked when sent."""

    publication = models.ForeignKey(PublishedReport, on_delete=models.CASCADE, related_name="council_notices")
    organisation = models.ForeignKey("directory.Organisation", on_delete=models.PROTECT, related_name="+")
    email = models.EmailField(_("e-mail"))
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice to a district council")
        verbose_name_plural = _("notices to district councils")
        constraints = [
            models.UniqueConstraint(fields=["publication", "organisation"], name="one_council_notice_per_publication")
        ]

    def __str__(self) -> str:
        return f"{self.publication_id} → {self.organisation_id}"


class ReminderStage(models.TextChoices):
    DUE_SOON = "due_soon", _("report due soon")
    OVERDUE = "overdue", _("report overdue")


class ReportReminder(models.Model):
    """One row per consultation and stage: the reminder is noted in-app and e-mailed once."""

    consultation = models.ForeignKey(ConsultationPage, on_delete=models.CASCADE, related_name="report_reminders")
    stage = models.CharField(_("stage"), max_length=10, choices=ReminderStage.choices)
    due_on = models.DateField(_("report due on"))
    created_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("report reminder")
        verbose_name_plural = _("report reminders")
        constraints = [models.UniqueConstraint(fields=["consultation", "stage"], name="one_report_reminder_per_stage")]

    def __str__(self) -> str:
        return f"{self.consultation_id} {self.stage}"
