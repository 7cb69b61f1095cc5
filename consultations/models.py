"""Input of a consultation: documents to comment on paragraph by paragraph, and one list of remarks.

Every remark – a resident's comment on a paragraph, a letter, an e-mail, an ePUAP submission, a point from
the minutes of a meeting, an opinion of a district council or an NGO – is a `Remark` row of its
consultation, so moderation, coding, merging and the "you said, we did" decisions work on one list.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from catalog.models import ConsultationPage


class ModerationMode(models.TextChoices):
    BEFORE = "before", _("checked before publication")
    AFTER = "after", _("published at once, checked afterwards")


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("consultation document", "draft")
    PUBLISHED = "published", pgettext_lazy("consultation document", "published")


def default_moderation() -> str:
    return settings.DIALOG_COMMENT_MODERATION


class ConsultationDocument(models.Model):
    """A draft (e.g. a resolution project) published for comments, split into numbered paragraphs."""

    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=255)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("What the document is and what you ask residents about."))
    status = models.CharField(
        pgettext_lazy("consultation document", "status"), max_length=20, choices=DocumentStatus.choices,
        default=DocumentStatus.DRAFT,
    )
    comments_open_until = models.DateTimeField(
        _("comments open until"), null=True, blank=True, help_text=_("If empty, until the consultation ends."),
    )
    moderation = models.CharField(
        _("moderation of comments"), max_length=10, choices=ModerationMode.choices, default=default_moderation
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document for comments")
        verbose_name_plural = _("documents for comments")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def closes_at(self):
        return self.comments_open_until or self.consultation.ends_at

    def accepts_comments(self, now=None) -> bool:
        """Published, its consultation open, and its time (or the consultation's) not over."""
        now = now or timezone.now()
        closes_at = self.closes_at
        return (
            self.status == DocumentStatus.PUBLISHED and self.consultation.status == "open"
            and (closes_at is None or now < closes_at)
        )


class DocumentParagraph(models.Model):
    document = models.ForeignKey(ConsultationDocument, on_delete=models.CASCADE, related_name="paragraphs")
    number = models.PositiveIntegerField(_("number"))
    heading = models.CharField(_("heading"), max_length=255, blank=True)
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="one_paragraph_number_per_document")]

    def __str__(self) -> str:
        return self.heading or _("Paragraph %(number)d") % {"number": self.number}

    @property
    def anchor(self) -> str:
        return f"akapit-{self.number}"


class RemarkCategory(models.Model):
    """A code for analysing remarks; global (no consultation) or for one consultation."""

    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="remark_categories", help_text=_("Empty: the category is available in every consultation."),
    )
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        verbose_name = _("remark category")
        verbose_name_plural = _("remark categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "name"], name="unique_remark_category_name"),
            models.UniqueConstraint(fields=["name"], condition=Q(consultation=None), name="unique_global_remark_category_name"),
        ]

    def __str__(self) -> str:
        return self.name


class RemarkSource(models.TextChoices):
    DOCUMENT_COMMENT = "document_comment", _("online comment on a document")
    ONLINE_FORM = "online_form", _("online form")
    LETTER = "letter", _("letter")
    EMAIL = "email", pgettext_lazy("remark source", "e-mail")
    EPUAP = "epuap", _("ePUAP")
    MEETING = "meeting", _("meeting minutes")
    DISTRICT_COUNCIL = "district_council", _("district council opinion")
    NGO = "ngo", _("NGO opinion")
    SURVEY = "survey", _("open answer in a survey")
    OTHER = "other", pgettext_lazy("remark source", "other")


# Sources staff register by hand (the others arrive through the portal).
OFFLINE_SOURCES = [
    RemarkSource.LETTER, RemarkSource.EMAIL, RemarkSource.EPUAP, RemarkSource.MEETING, RemarkSource.DISTRICT_COUNCIL,
    RemarkSource.NGO, RemarkSource.OTHER,
]


class AuthorType(models.TextChoices):
    RESIDENT = "resident", _("resident")
    ORGANISATION = "organisation", _("organisation")
    DISTRICT_COUNCIL = "district_council", _("district council")
    OTHER = "other", pgettext_lazy("author type", "other")


class ModerationState(models.TextChoices):
    PENDING = "pending", _("awaiting moderation")
    PUBLISHED = "published", pgettext_lazy("remark", "published")
    HIDDEN = "hidden", _("hidden")
    REJECTED = "rejected", _("rejected")


class Decision(models.TextChoices):
    TAKEN_INTO_ACCOUNT = "taken", _("taken into account")
    PARTLY = "partly", _("partly taken into account")
    NOT_TAKEN = "not_taken", _("not taken into account")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class Remark(models.Model):
    """One remark of a consultation, whatever its way in; the decision on it is the "you said, we did" record."""

    consultation = models.ForeignKey(ConsultationPage, verbose_name=_("consultation"), on_delete=models.CASCADE, related_name="remarks")
    text = models.TextField(_("remark"))
    source = models.CharField(_("source"), max_length=20, choices=RemarkSource.choices)
    received_on = models.DateField(_("received on"), default=timezone.localdate)
    author_type = models.CharField(_("author type"), max_length=20, choices=AuthorType.choices, default=AuthorType.RESIDENT)
    # Personal data kept to the minimum: a name only if the author gave one (RODO art. 6(1)(e), public task).
    author_name = models.CharField(_("author's name (optional)"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="consultation_remarks",
    )
    attachments = models.ManyToManyField("wagtaildocs.Document", verbose_name=_("attachments"), blank=True, related_name="+")
    paragraph = models.ForeignKey(
        DocumentParagraph, verbose_name=_("paragraph"), null=True, blank=True, on_delete=models.SET_NULL, related_name="remarks"
    )
    moderation = models.CharField(
        _("moderation"), max_length=20, choices=ModerationState.choices, default=ModerationState.PUBLISHED, db_index=True
    )
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="duplicates"
    )
    categories = models.ManyToManyField(RemarkCategory, verbose_name=_("categories"), blank=True, related_name="remarks")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices, blank=True)
    justification = models.TextField(_("justification"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # Online comments: the anti-robot proof used (one comment per proof), or none when sent without JavaScript.
    proof_fingerprint = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    unverified = models.BooleanField(
        _("sent without the anti-robot check"), default=False, help_text=_("The sender's browser ran no JavaScript."),
    )
    # Open answers of the consultation's surveys (`services.sync_open_answers`): one remark per answer at most (the
    # unique link makes a second sync add nothing); a deleted response leaves its remark and decision in place.
    survey_answer = models.OneToOneField(
        "surveys.Answer", verbose_name=_("survey answer"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="remark", editable=False,
    )
    survey_question = models.CharField(_("survey question as asked"), max_length=500, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("remark")
        verbose_name_plural = _("remarks")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(decision="") | Q(justification=""), name="remark_justification_needs_decision"
            ),
            models.CheckConstraint(condition=~Q(merged_into=models.F("pk")), name="remark_not_merged_into_itself"),
        ]

    def __str__(self) -> str:
        return _("Remark no. %(number)d") % {"number": self.pk or 0}

    @property
    def is_merged(self) -> bool:
        return self.merged_into_id is not None


class AbuseReport(models.Model):
    """A resident's report that a published comment breaks the rules; one per client and comment (`core.antibot.client_key`, no address)."""

    remark = models.ForeignKey(Remark, on_delete=models.CASCADE, related_name="abuse_reports")
    reason = models.TextField(_("reason"), max_length=1000)
    reporter_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("abuse report")
        verbose_name_plural = _("abuse reports")
        constraints = [models.UniqueConstraint(fields=["remark", "reporter_key"], name="one_abuse_report_per_client")]

    def __str__(self) -> str:
        return _("Abuse report on remark no. %(number)d") % {"number": self.remark_id}
