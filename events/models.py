"""Registration for events: one `RegistrationSettings` per event and one `Registration` per person.

Capacity is guarded by the database: every write that may take or free a place locks the event's
`RegistrationSettings` row first (`events.services`), and a conditional unique index allows one active
registration per e-mail address and event, so a double submit cannot create a second row.
Accessibility needs are special-category data (RODO art. 9): stored only with explicit consent and purged
after the event (`services.purge_needs`).
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable

CHECK_IN_SALT = "events.Registration.check_in_code"


def new_token() -> str:
    return secrets.token_urlsafe(32)


def default_offer_hours() -> int:
    return settings.DIALOG_WAITING_LIST_OFFER_HOURS


class RegistrationMode(models.TextChoices):
    OPEN = "open", _("open to everyone")
    APPROVAL = "approval", _("requires the organiser's approval")
    INVITATION = "invitation", _("by invitation code")


class AccessFact(models.TextChoices):
    """A venue fact the organiser may not have checked: "unknown" is never shown to residents as "no"."""

    UNKNOWN = "unknown", _("not checked")
    YES = "yes", pgettext_lazy("venue facility", "yes")
    NO = "no", pgettext_lazy("venue facility", "no")


class RegistrationSettings(ClusterableModel):
    event = models.OneToOneField(
        "catalog.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registration"
    )
    enabled = models.BooleanField(_("registration enabled"), default=True)
    capacity = models.PositiveIntegerField(_("number of places"), validators=[MinValueValidator(1)])
    opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True, help_text=_("Empty: open at once."))
    closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    mode = models.CharField(_("mode of registration"), max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.OPEN)
    invitation_code = models.CharField(
        _("invitation code"), max_length=64, blank=True, help_text=_("Only for registration by invitation code.")
    )
    waiting_list = models.BooleanField(
        _("waiting list"), default=True, help_text=_("When the event is full, people can join a waiting list.")
    )
    offer_hours = models.PositiveSmallIntegerField(
        _("hours to confirm a freed place"), default=default_offer_hours, validators=[MinValueValidator(1)],
        help_text=_("A person from the waiting list has this many hours to confirm a place that became free."),
    )
    step_free_access = models.CharField(_("step-free access"), max_length=10, choices=AccessFact.choices, default=AccessFact.UNKNOWN)
    induction_loop = models.CharField(_("induction loop"), max_length=10, choices=AccessFact.choices, default=AccessFact.UNKNOWN)
    accessible_toilet = models.CharField(_("accessible toilet"), max_length=10, choices=AccessFact.choices, default=AccessFact.UNKNOWN)
    parking = models.CharField(_("parking for disabled people"), max_length=10, choices=AccessFact.choices, default=AccessFact.UNKNOWN)
    public_transport = models.TextField(_("public transport"), blank=True, help_text=_("Nearest stops and lines."))
    accessibility_notes = models.TextField(_("other accessibility information"), blank=True)

    class Meta:
        verbose_name = _("registration settings")
        verbose_name_plural = _("registration settings")
        constraints = [models.CheckConstraint(condition=Q(capacity__gte=1), name="registration_capacity_positive")]

    def __str__(self) -> str:
        return str(self.event) if self.event_id else str(self._meta.verbose_name)

    @property
    def effective_closes_at(self):
        return self.closes_at or self.event.starts_at

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.mode == RegistrationMode.INVITATION and not self.invitation_code.strip():
            errors["invitation_code"] = _("Give the invitation code people must enter to register.")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            errors["closes_at"] = _("Registration must close after it opens.")
        starts_at = self.event.starts_at if self.event_id else None
        if starts_at and self.closes_at and self.closes_at > starts_at:
            errors["closes_at"] = _("Registration must close no later than the event starts.")
        if starts_at and self.opens_at and self.opens_at >= starts_at:
            errors["opens_at"] = _("Registration must open before the event starts.")
        if errors:
            raise ValidationError(errors)
        self.invitation_code = self.invitation_code.strip()

    def venue_facts(self) -> list[tuple[str, str]]:
        """(label, "yes"/"no") of the facts the organiser checked; unchecked ones are left out."""
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in ("step_free_access", "induction_loop", "accessible_toilet", "parking")
            if getattr(self, name) != AccessFact.UNKNOWN
        ]


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", pgettext_lazy("registration status", "confirmed")
    WAITING = "waiting", _("on the waiting list")
    OFFERED = "offered", _("offered a place")
    PENDING = "pending", _("awaiting approval")
    CANCELLED = "cancelled", pgettext_lazy("registration status", "cancelled")
    EXPIRED = "expired", _("offer expired")
    REJECTED = "rejected", _("rejected by the organiser")


# A person has at most one registration in these statuses per event (see the unique constraint).
ACTIVE_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.WAITING, RegistrationStatus.OFFERED, RegistrationStatus.PENDING]
# These take one of the event's places: an offered place is held until it is confirmed or expires.
PLACE_STATUSES = [RegistrationStatus.CONFIRMED, RegistrationStatus.OFFERED]


class AccessibilityNeed(models.TextChoices):
    PJM_INTERPRETER = "pjm", _("Polish Sign Language (PJM) interpreter")
    INDUCTION_LOOP = "induction_loop", _("induction loop")
    CAPTIONS = "captions", _("live captions")
    EASY_TO_READ = "easy_to_read", _("easy-to-read materials")
    ASSISTANT = "assistant", _("an assistant can come with me")
    STEP_FREE = "step_free", _("step-free access")
    OTHER = "other", pgettext_lazy("accessibility need", "other")


class Registration(models.Model):
    event = models.ForeignKey("catalog.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations")
    full_name = models.CharField(_("full name"), max_length=200)
    email = models.EmailField(_("e-mail address"), max_length=254)
    status = models.CharField(pgettext_lazy("registration", "status"), max_length=20, choices=RegistrationStatus.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    offer_expires_at = models.DateTimeField(_("offer expires"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    needs = models.JSONField(_("accessibility needs"), default=list, blank=True)
    needs_other = models.TextField(_("other needs"), blank=True)
    needs_consent_at = models.DateTimeField(_("consent to processing the needs given at"), null=True, blank=True)
    district = models.ForeignKey(
        "core.District", verbose_name=_("district of residence"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Optional, for attendance statistics by district; empty: not given."),
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("The language of the page the person registered on: their e-mails are written in it."),
    )
    decided_at = models.DateTimeField(_("approved or rejected at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked in by"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"], condition=Q(status__in=ACTIVE_STATUSES), name="one_active_registration_per_email"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RegistrationStatus.values), name="registration_status_known"
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="registration_queue")]

    def __str__(self) -> str:
        # No personal data: this text reaches logs and Wagtail's audit log.
        return f"#{self.pk}"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_STATUSES

    @property
    def check_in_code(self) -> str:
        """The secret in the check-in address of the QR code: the row's id and an HMAC of its token.

        Not the token itself: the QR is shown at the door (and may be photographed), while the token also
        cancels the registration. Changing SECRET_KEY makes old codes invalid (search by name still works).
        """
        digest = salted_hmac(CHECK_IN_SALT, f"{self.pk}:{self.token}", algorithm="sha256").hexdigest()[:32]
        return f"{self.pk}-{digest}"

    def need_labels(self) -> list[str]:
        labels = dict(AccessibilityNeed.choices)
        return [str(labels.get(code, code)) for code in self.needs]


class QuestionKind(models.TextChoices):
    TEXT = "text", _("text answer")
    CHOICE = "choice", _("one of the choices")
    YES_NO = "yes_no", _("yes or no")


class RegistrationQuestion(Orderable):
    """An organiser's own question on the registration form, edited with the event's `RegistrationSettings`.

    Answers keep a copy of the wording and the choice as answered (`RegistrationAnswer`), so editing or deleting a
    question later never changes what people said.
    """

    registration_settings = ParentalKey(RegistrationSettings, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(pgettext_lazy("registration question", "question"), max_length=300)
    kind = models.CharField(_("type of answer"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.TEXT)
    choices = models.TextField(
        pgettext_lazy("registration question", "choices"), blank=True, help_text=_("Only for “one of the choices”: one choice per line, at least two."),
    )
    help_text = models.CharField(pgettext_lazy("registration question", "help text"), max_length=300, blank=True)
    required = models.BooleanField(_("answer required"), default=False)

    panels = [
        FieldPanel("text"), FieldPanel("kind"), FieldPanel("choices"), FieldPanel("help_text"), FieldPanel("required"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")

    def __str__(self) -> str:
        return self.text

    def choice_list(self) -> list[str]:
        return list(dict.fromkeys(line.strip() for line in self.choices.splitlines() if line.strip()))

    def clean(self) -> None:
        super().clean()
        self.text = self.text.strip()
        if self.kind == QuestionKind.CHOICE and len(self.choice_list()) < 2:
            raise ValidationError({"choices": _("Give at least two different choices, one per line.")})
        if self.kind != QuestionKind.CHOICE:
            self.choices = ""


class RegistrationAnswer(models.Model):
    """One person's answer to one question, with the question's wording as it was asked (the question may change)."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(
        RegistrationQuestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="answers"
    )
    question_text = models.CharField(pgettext_lazy("registration question", "question"), max_length=300)
    answer = models.TextField(pgettext_lazy("registration question", "answer"))

    class Meta:
        ordering = ["registration", "pk"]
        verbose_name = _("answer to a registration question")
        verbose_name_plural = _("answers to registration questions")
        constraints = [
            models.UniqueConstraint(fields=["registration", "question"], name="one_answer_per_registration_and_question")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.question_id}"


class ReminderDelivery(models.Model):
    """One row per registration and reminder: inserted before the reminder is enqueued, so it goes out once."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="reminders")
    hours_before = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["registration", "hours_before"], name="one_reminder_per_registration_and_time")
        ]

    def __str__(self) -> str:
        return f"{self.registration_id} {self.hours_before}h"


# ------------------------------------------------------------------------------------------ summaries

# Notes are prose under the summary's own headings, so they get no headings of their own (the page's outline stays in order).
SUMMARY_NOTES_FEATURES = ["bold", "italic", "ol", "ul", "link"]
PHOTO_ALT_REQUIRED = _("Describe what the photo shows for people who cannot see it (alternative text).")


class PresentationBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("file"))
    title = blocks.CharBlock(
        label=pgettext_lazy("presentation", "title"), max_length=255, required=False,
        help_text=_("If empty, the document's title is used."),
    )

    class Meta:
        icon = "doc-full"
        label = _("presentation")


class PhotoBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("photo"))
    alt = blocks.CharBlock(
        label=_("alternative text"), max_length=300, required=False,
        help_text=_("What the photo shows, for people who cannot see it. Required."),
    )
    consent = blocks.CharBlock(
        label=_("consent note"), max_length=300, required=False,
        help_text=_("E.g. “Osoby na zdjęciu wyraziły zgodę na publikację”."),
    )

    class Meta:
        icon = "image"
        label = _("photo")

    def clean(self, value):
        # Checked here rather than by required=True so the message says what is missing and why, in Polish.
        if not (value.get("alt") or "").strip():
            raise StructBlockValidationError(block_errors={"alt": ValidationError(PHOTO_ALT_REQUIRED)})
        return super().clean(value)


class EventSummary(models.Model):
    """The summary (podsumowanie) of one event: public on the event's page and its consultation's once published.

    `published_at` empty = a draft. Participants are told about it once (`SummaryNotification`, `services.publish_summary`).
    """

    event = models.OneToOneField(
        "catalog.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="summary"
    )
    conclusions = StreamField(
        [("conclusion", blocks.CharBlock(label=_("conclusion"), max_length=500))],
        verbose_name=_("key conclusions"), blank=True, help_text=_("One short conclusion per item, the most important first."),
    )
    notes = RichTextField(_("notes"), features=SUMMARY_NOTES_FEATURES, blank=True, help_text=_("Minutes or notes of the meeting."))
    presentations = StreamField([("presentation", PresentationBlock())], verbose_name=_("presentations"), blank=True)
    photos = StreamField([("photo", PhotoBlock())], verbose_name=_("photos"), blank=True)
    recording_url = models.URLField(_("recording link"), blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("event summary")
        verbose_name_plural = _("event summaries")

    def __str__(self) -> str:
        return str(self.event) if self.event_id else str(self._meta.verbose_name)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def clean(self) -> None:
        super().clean()
        for photo in self.photos.raw_data:
            if not str((photo.get("value") or {}).get("alt") or "").strip():
                raise ValidationError({"photos": PHOTO_ALT_REQUIRED})


class SummaryNotification(models.Model):
    """One row per summary and participant, inserted before the e-mail is enqueued: nobody is told twice."""

    summary = models.ForeignKey(EventSummary, on_delete=models.CASCADE, related_name="notifications")
    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="summary_notifications")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("summary notification sent")
        verbose_name_plural = _("summary notifications sent")
        constraints = [
            models.UniqueConstraint(fields=["summary", "registration"], name="one_summary_notification_per_registration")
        ]

    def __str__(self) -> str:
        return f"{self.summary_id} {self.registration_id}"
