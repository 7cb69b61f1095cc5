"""Surveys: what staff edit (`Survey` with its `Question`s), what residents answer (an immutable `SurveyVersion`),
and what they gave (`Response` with its `Answer`s).

Staff edit the questions of a survey freely. Residents never answer those rows: they answer a `SurveyVersion`,
a frozen JSON snapshot of the questions made by `services.current_version`. A version is never updated: an edit
makes a new one. So a response always points at the exact questions it answered, editing a survey with responses
cannot change what they mean, and a server process may keep a version it has read (`selectors.version_of`).

Exactly once is the database's job: a response's idempotency key is unique, one verified address per survey
(`email_hash`, an HMAC, never the address), one response per printed code, and one per ALTCHA proof.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from catalog.statuses import Status

from . import questions


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey status", "draft")
    OPEN = "open", pgettext_lazy("survey status", "open")
    CLOSED = "closed", pgettext_lazy("survey status", "closed")


class ParticipationMode(models.TextChoices):
    OPEN = "open", _("open to everyone (anti-robot check)")
    EMAIL = "email", _("verified e-mail address (one response per address)")
    CODE = "code", _("single-use codes handed out at meetings")


class ResponseSource(models.TextChoices):
    ONLINE = "online", _("online, open")
    EMAIL = "email", _("online, verified e-mail")
    CODE = "code", _("online, single-use code")
    PAPER = "paper", _("paper, typed in by staff")


class Survey(ClusterableModel):
    """A survey, alone or part of a consultation (then it is open only while the consultation is)."""

    title = models.CharField(pgettext_lazy("survey", "title"), max_length=200)
    slug = models.SlugField(pgettext_lazy("survey", "slug"), max_length=80, blank=True, allow_unicode=False)
    intro = models.TextField(_("introduction"), blank=True, help_text=_("Why the survey is run and how its results will be used."))
    consultation = models.ForeignKey(
        "catalog.ConsultationPage", verbose_name=pgettext_lazy("survey", "consultation"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="surveys",
        help_text=_("Leave empty for a survey on its own. A survey of a consultation takes answers only while the consultation is open."),
    )
    status = models.CharField(pgettext_lazy("survey", "status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT)
    opens_at = models.DateTimeField(pgettext_lazy("survey", "opens"), null=True, blank=True, help_text=_("Empty: from the consultation's start, or at once."))
    closes_at = models.DateTimeField(pgettext_lazy("survey", "closes"), null=True, blank=True, help_text=_("Empty: at the consultation's end, or when closed by hand."))
    mode = models.CharField(pgettext_lazy("survey", "participation"), max_length=10, choices=ParticipationMode.choices, default=ParticipationMode.OPEN)
    created_at = models.DateTimeField(pgettext_lazy("survey", "created"), auto_now_add=True)

    panels = [
        FieldPanel("title"), FieldPanel("intro"), FieldPanel("consultation"),
        MultiFieldPanel([
            FieldPanel("status"), FieldPanel("mode"), FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
        ], heading=pgettext_lazy("survey", "Participation")),
        InlinePanel("questions", heading=pgettext_lazy("survey", "Questions"), label=pgettext_lazy("survey", "question"), min_num=1),
    ]

    class Meta:
        verbose_name = pgettext_lazy("survey", "survey")
        verbose_name_plural = pgettext_lazy("survey", "surveys")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.title)[:80] or "ankieta"
        super().save(*args, **kwargs)

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The survey must close after it opens.")})

    def window(self):
        """(opens, closes): the survey's own dates, else its consultation's."""
        consultation = self.consultation
        opens = self.opens_at or (consultation.starts_at if consultation else None)
        closes = self.closes_at or (consultation.ends_at if consultation else None)
        return opens, closes

    def is_open(self, now=None) -> bool:
        """Takes answers now: open, within its dates, and its consultation (if any) is open and live."""
        now = now or timezone.now()
        if self.status != SurveyStatus.OPEN:
            return False
        consultation = self.consultation
        if consultation is not None and (consultation.status != Status.OPEN or not consultation.live):
            return False
        opens, closes = self.window()
        return (opens is None or opens <= now) and (closes is None or now < closes)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("surveys:survey", args=[self.pk, self.slug])


class Question(Orderable):
    """One question as staff edit it; residents answer its frozen copy in a `SurveyVersion`."""

    survey = ParentalKey(Survey, on_delete=models.CASCADE, related_name="questions")
    key = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable across versions: answers are filed under it.")
    code = models.SlugField(
        pgettext_lazy("survey question", "code"), max_length=40,
        help_text=_("A short name unique in the survey, e.g. “dojazd”; other questions' conditions refer to it."),
    )
    page = models.PositiveSmallIntegerField(pgettext_lazy("survey question", "page"), default=1, help_text=_("Questions are shown page by page, from page 1."))
    kind = models.CharField(pgettext_lazy("survey question", "type"), max_length=20, choices=questions.CHOICES)
    text = models.CharField(pgettext_lazy("survey", "question"), max_length=500)
    help_text = models.CharField(pgettext_lazy("survey question", "help text"), max_length=500, blank=True)
    required = models.BooleanField(pgettext_lazy("survey question", "required"), default=False)
    config = models.JSONField(
        _("settings of the type"), default=dict, blank=True, help_text=questions.CONFIG_HELP,
    )
    show_if_code = models.SlugField(
        _("show only if question … is answered"), max_length=40, blank=True,
        help_text=_("The code of an earlier question. Leave empty to always show."),
    )
    show_if_value = models.CharField(
        _("… with the answer"), max_length=200, blank=True, help_text=_("Optional: only if that answer is exactly this (a choice's text)."),
    )

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("page"), FieldPanel("kind")]),
        FieldPanel("text"), FieldPanel("help_text"), FieldPanel("required"), FieldPanel("config"),
        FieldRowPanel([FieldPanel("show_if_code"), FieldPanel("show_if_value")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = pgettext_lazy("survey", "question")
        verbose_name_plural = pgettext_lazy("survey", "questions")
        constraints = [models.UniqueConstraint(fields=["survey", "code"], name="surveys_question_code_unique")]

    def __str__(self):
        return self.text

    def clean(self):
        errors = questions.validate_config(self.kind, self.config)
        if errors:
            raise ValidationError({"config": errors})

    def snapshot(self) -> dict:
        return {
            "key": str(self.key), "code": self.code, "page": self.page, "kind": self.kind, "text": self.text,
            "help_text": self.help_text, "required": self.required, "config": self.config,
            "show_if": {"code": self.show_if_code, "value": self.show_if_value} if self.show_if_code else None,
        }


class SurveyVersion(models.Model):
    """The questions as residents saw them: never changed once a response points at it (`services.current_version`)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(pgettext_lazy("survey", "version"))
    questions = models.JSONField(pgettext_lazy("survey", "questions"))
    created_at = models.DateTimeField(pgettext_lazy("survey", "created"), default=timezone.now)

    class Meta:
        verbose_name = pgettext_lazy("survey", "survey version")
        verbose_name_plural = pgettext_lazy("survey", "survey versions")
        ordering = ["survey", "-number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveys_version_number_unique")]

    def __str__(self):
        return f"{self.survey} v{self.number}"

    def pages(self) -> list[int]:
        return sorted({question["page"] for question in self.questions})

    def questions_on(self, page: int) -> list[dict]:
        return [question for question in self.questions if question["page"] == page]


class SurveyCode(models.Model):
    """A single-use code printed for a meeting; a response made with it holds it (one-to-one, so once)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    code = models.CharField(pgettext_lazy("survey question", "code"), max_length=20, unique=True)
    batch = models.CharField(pgettext_lazy("survey codes", "batch"), max_length=100, help_text=_("e.g. the meeting the codes were printed for"))
    created_at = models.DateTimeField(pgettext_lazy("survey", "created"), default=timezone.now)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = pgettext_lazy("survey", "survey code")
        verbose_name_plural = pgettext_lazy("survey", "survey codes")
        ordering = ["batch", "code"]

    def __str__(self):
        return self.code


class Response(models.Model):
    """One resident's answers, stored whole with its answers in one transaction, exactly once."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    submitted_at = models.DateTimeField(pgettext_lazy("survey response", "submitted"), default=timezone.now)
    source = models.CharField(pgettext_lazy("survey response", "source"), max_length=10, choices=ResponseSource.choices)
    idempotency_key = models.UUIDField(pgettext_lazy("survey response", "idempotency key"), unique=True)
    unverified = models.BooleanField(
        pgettext_lazy("survey response", "unverified"), default=False, help_text=_("Sent without the anti-robot check (no JavaScript): analysts may weigh it."),
    )
    proof = models.CharField(max_length=64, null=True, blank=True, unique=True, help_text="Fingerprint of the ALTCHA challenge used.")
    email_hash = models.CharField(max_length=64, blank=True, help_text="HMAC of the verified address; the address is never stored.")
    confirmed_at = models.DateTimeField(pgettext_lazy("survey response", "confirmed"), null=True, blank=True)
    code = models.OneToOneField(SurveyCode, null=True, blank=True, on_delete=models.PROTECT, related_name="response")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("survey response", "typed in by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    paper_reference = models.CharField(_("paper form number"), max_length=100, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("survey", "response")
        verbose_name_plural = pgettext_lazy("survey", "responses")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "email_hash"], condition=~models.Q(email_hash=""), name="surveys_one_response_per_address",
            ),
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"

    @property
    def counts(self) -> bool:
        """Verified-e-mail responses count only once their address is confirmed."""
        return self.source != ResponseSource.EMAIL or self.confirmed_at is not None


class Answer(models.Model):
    """One question's answer: `value` as JSON (the type's own shape), `text` for search and reading."""

    # No index of its own: the unique (response, question_key) index starts with it and serves every lookup by response,
    # so an answer costs one index write less (a survey submission writes some twenty answers).
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers", db_index=False)
    question_key = models.UUIDField(pgettext_lazy("survey", "question"))
    value = models.JSONField(pgettext_lazy("survey answer", "value"))
    text = models.TextField(pgettext_lazy("survey answer", "text"), blank=True)
    # What the results count the answer as (`questions.counted_as`), fixed when it is stored: the results page groups
    # these plain columns instead of taking 1.7 million JSON values apart per view (benchmarks/survey_load.py).
    category = models.TextField(pgettext_lazy("survey answer", "category"), blank=True, default="")
    other = models.BooleanField(pgettext_lazy("survey answer", "“other” answer"), default=False)
    number = models.FloatField(pgettext_lazy("survey answer", "number"), null=True, blank=True)

    class Meta:
        verbose_name = pgettext_lazy("survey", "answer")
        verbose_name_plural = pgettext_lazy("survey", "answers")
        constraints = [models.UniqueConstraint(fields=["response", "question_key"], name="surveys_one_answer_per_question")]

    def __str__(self):
        return self.text[:80]
