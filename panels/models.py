"""Citizen panels (panele obywatelskie): recruitment of candidates, strata and quotas, the selection runs and the
panel's recommendations.

A candidate's personal data is minimal (name and e-mail to contact the people drawn) and seen by the panel's
coordinators only; everything published – the report, the public page – uses the candidate's pseudonymous
number (`Candidate.number`), never a name.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PanelStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("panel status", "draft")
    RECRUITMENT = "recruitment", pgettext_lazy("panel status", "recruitment")
    SELECTED = "selected", pgettext_lazy("panel status", "members selected")
    WORKING = "working", pgettext_lazy("panel status", "in session")
    FINISHED = "finished", pgettext_lazy("panel status", "finished")


class CitizenPanel(models.Model):
    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("address (slug)"), max_length=100, unique=True, allow_unicode=False)
    description = models.TextField(_("what the panel is about"), blank=True)
    consultation = models.ForeignKey(
        "catalog.ConsultationPage", verbose_name=_("consultation"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="citizen_panels",
    )
    project = models.ForeignKey(
        "catalog.ProjectPage", verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="citizen_panels",
    )
    recruitment_opens_at = models.DateTimeField(_("recruitment opens"))
    recruitment_closes_at = models.DateTimeField(_("recruitment closes"))
    panel_size = models.PositiveSmallIntegerField(_("panel size"), default=60)
    reserve_size = models.PositiveSmallIntegerField(_("reserve list size"), default=20)
    status = models.CharField(_("status"), max_length=20, choices=PanelStatus.choices, default=PanelStatus.DRAFT)
    published_seed = models.BigIntegerField(
        _("published seed"), null=True, blank=True,
        help_text=_("Announced before the draw; the same seed gives the same panel."),
    )
    meetings = models.ManyToManyField(
        "catalog.EventPage", verbose_name=_("meetings"), blank=True, related_name="citizen_panels"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    finished_at = models.DateTimeField(
        _("panel finished"), null=True, blank=True, editable=False,
        help_text=_("Set when the status becomes “finished”; candidates' contact data is erased DIALOG_PANEL_RETENTION_MONTHS later."),
    )

    # The draw runs as a background task (panels.tasks): these say which one is running and how the last one failed.
    draw_seed = models.BigIntegerField(_("seed of the draw in progress"), null=True, blank=True, editable=False)
    draw_started_at = models.DateTimeField(_("draw in progress since"), null=True, blank=True, editable=False)
    draw_started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("draw started by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    draw_error = models.TextField(_("why the last draw did not finish"), blank=True, editable=False)

    class Meta:
        ordering = ["-recruitment_opens_at"]
        verbose_name = _("citizen panel")
        verbose_name_plural = _("citizen panels")
        constraints = [
            models.CheckConstraint(
                condition=Q(recruitment_closes_at__gt=models.F("recruitment_opens_at")), name="panel_recruitment_window"
            ),
            models.CheckConstraint(condition=Q(panel_size__gt=0), name="panel_size_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        """The retention period of candidates' contact data starts when the panel is marked finished."""
        if self.status == PanelStatus.FINISHED and self.finished_at is None:
            self.finished_at = timezone.now()
        elif self.status != PanelStatus.FINISHED:
            self.finished_at = None
        super().save(*args, **kwargs)

    def recruitment_state(self, now=None) -> str:
        """"before", "open" or "after" the recruitment window (a draft panel is not recruiting)."""
        now = now or timezone.now()
        if now < self.recruitment_opens_at:
            return "before"
        if now >= self.recruitment_closes_at or self.status not in (PanelStatus.RECRUITMENT,):
            return "after" if now >= self.recruitment_opens_at else "before"
        return "open"

    @property
    def is_public(self) -> bool:
        return self.status != PanelStatus.DRAFT


class CriterionKind(models.TextChoices):
    AGE = "age", _("age band")
    SEX = "sex", pgettext_lazy("panel criterion", "sex")
    EDUCATION = "education", _("education")
    DISTRICT = "district", _("district")
    CUSTOM = "custom", _("custom")


class Criterion(models.Model):
    """One stratification criterion of a panel, asked in the sign-up form."""

    panel = models.ForeignKey(CitizenPanel, on_delete=models.CASCADE, related_name="criteria")
    key = models.SlugField(_("key"), max_length=40)
    label = models.CharField(_("question"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=CriterionKind.choices, default=CriterionKind.CUSTOM)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["panel", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        constraints = [models.UniqueConstraint(fields=["panel", "key"], name="panel_criterion_key_unique")]

    def __str__(self) -> str:
        return self.label


class CriterionOption(models.Model):
    """An answer to a criterion, with its share of the population and the seats (quota) derived from it."""

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="options")
    value = models.SlugField(_("value"), max_length=40)
    label = models.CharField(_("answer"), max_length=200)
    district = models.ForeignKey("core.District", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    population_share = models.DecimalField(
        _("share of the population"), max_digits=7, decimal_places=6, null=True, blank=True,
        help_text=_("Between 0 and 1; empty means no quota for this answer."),
    )
    min_seats = models.PositiveSmallIntegerField(_("minimum seats"), default=0)
    max_seats = models.PositiveSmallIntegerField(_("maximum seats"), default=0)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["criterion", "position", "pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["criterion", "value"], name="panel_option_value_unique"),
            models.CheckConstraint(condition=Q(min_seats__lte=models.F("max_seats")), name="panel_option_min_le_max"),
        ]

    def __str__(self) -> str:
        return self.label


class Candidate(models.Model):
    """A resident who signed up to be drawn. `number` is the pseudonym used in every published table."""

    panel = models.ForeignKey(CitizenPanel, on_delete=models.CASCADE, related_name="candidates")
    number = models.PositiveIntegerField(_("number"))
    full_name = models.CharField(_("name and surname"), max_length=200)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    answers = models.JSONField(_("answers"), default=dict)  # criterion key → option value
    consent = models.BooleanField(_("consent to processing"), default=False)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_clause_version = models.CharField(_("clause version"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)

    class Meta:
        ordering = ["panel", "number"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(Lower("email"), "panel", name="panel_candidate_email_unique"),
            models.UniqueConstraint(fields=["panel", "number"], name="panel_candidate_number_unique"),
            models.CheckConstraint(condition=Q(consent=True), name="panel_candidate_consent"),
        ]

    def __str__(self) -> str:
        return f"#{self.number}"


class SelectionRun(models.Model):
    """One draw: the seed, the algorithm, who ran it and when, and everything the report shows."""

    panel = models.ForeignKey(CitizenPanel, on_delete=models.CASCADE, related_name="selection_runs")
    seed = models.BigIntegerField(_("seed"))
    algorithm_version = models.CharField(_("algorithm version"), max_length=60)
    run_at = models.DateTimeField(_("run at"), default=timezone.now)
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("run by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    candidates_count = models.PositiveIntegerField(_("candidates"))
    leximin_min = models.FloatField(_("lowest probability (LEXIMIN)"))
    leximin_mean = models.FloatField(_("mean probability (LEXIMIN)"))
    srs_min = models.FloatField(_("lowest probability (simple random sampling)"))
    srs_mean = models.FloatField(_("mean probability (simple random sampling)"))
    srs_near_zero = models.PositiveIntegerField(_("candidates almost never drawn (simple random sampling)"))
    srs_runs = models.PositiveIntegerField(_("simulation runs"))
    complete = models.BooleanField(_("all LEXIMIN levels computed"), default=True)
    levels = models.PositiveIntegerField(_("LEXIMIN levels"), default=0)
    seconds = models.FloatField(_("computation time (s)"), default=0)
    quotas = models.JSONField(_("quotas and achieved"), default=list)
    distribution = models.JSONField(_("distribution over panels"), default=dict)
    is_current = models.BooleanField(_("current result"), default=True)

    class Meta:
        ordering = ["-run_at"]
        verbose_name = _("selection run")
        verbose_name_plural = _("selection runs")
        constraints = [
            models.UniqueConstraint(fields=["panel"], condition=Q(is_current=True), name="panel_one_current_run"),
        ]

    def __str__(self) -> str:
        return f"{self.panel} – {self.seed}"


class ResultRole(models.TextChoices):
    SELECTED = "selected", _("selected")
    RESERVE = "reserve", _("reserve list")
    NOT_SELECTED = "not_selected", _("not selected")


class SelectionResultRow(models.Model):
    run = models.ForeignKey(SelectionRun, on_delete=models.CASCADE, related_name="rows")
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("result"), max_length=20, choices=ResultRole.choices)
    position = models.PositiveIntegerField(_("order in the draw"), null=True, blank=True)
    leximin_probability = models.FloatField(_("probability (LEXIMIN)"))
    srs_probability = models.FloatField(_("probability (simple random sampling)"))

    class Meta:
        ordering = ["run", "candidate__number"]
        constraints = [models.UniqueConstraint(fields=["run", "candidate"], name="panel_result_row_unique")]

    def __str__(self) -> str:
        return f"{self.run_id}: {self.candidate_id} ({self.role})"


class Recommendation(models.Model):
    """A recommendation voted by the panel; binding when its share of votes for reaches the setting's threshold."""

    panel = models.ForeignKey(CitizenPanel, on_delete=models.CASCADE, related_name="recommendations")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    votes_for = models.PositiveIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveIntegerField(_("votes against"), default=0)
    votes_abstain = models.PositiveIntegerField(_("abstentions"), default=0)
    within_city_powers = models.BooleanField(
        _("within the city's powers"), default=True,
        help_text=_("Only recommendations within the city's powers can bind the Mayor."),
    )

    class Meta:
        ordering = ["panel", "number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [models.UniqueConstraint(fields=["panel", "number"], name="panel_recommendation_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain

    @property
    def support(self) -> float:
        """Share of votes for among all votes cast (abstentions count as cast: they did not support it)."""
        return self.votes_for / self.votes_cast if self.votes_cast else 0.0

    @property
    def support_percent(self) -> float:
        return round(self.support * 100, 1)

    @property
    def is_binding(self) -> bool:
        return self.within_city_powers and self.votes_cast > 0 and self.support >= settings.DIALOG_PANEL_BINDING_THRESHOLD
