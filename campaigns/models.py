"""Campaign plans (harmonogram): the actions of each campaign, templates of plans and calendar feeds.

A campaign itself is a catalog record (`catalog.CampaignPage`: aim, goals, channels, budget, team,
with revisions and approval). What is planned inside it changes daily and is not public, so actions
are plain models with their own history (Wagtail's audit log through `campaigns.services`).
"""

import secrets
from datetime import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.models import Orderable
from wagtail.search import index


class ActionKind(models.TextChoices):
    SOCIAL_POST = "social_post", _("social media post")
    ARTICLE = "article", _("website article")
    PRESS_RELEASE = "press_release", _("press release")
    NEWSLETTER = "newsletter", _("newsletter")
    PRINT = "print", _("poster or leaflet")
    VIDEO = "video", _("video")
    WEBINAR = "webinar", _("webinar")
    EVENT = "event", _("event")
    BIP = "bip", _("BIP publication")
    MAGICZNY_KRAKOW = "magiczny_krakow", _("Magiczny Kraków entry")
    SKP_REQUEST = "skp_request", _("SKP promotion request")
    OTHER = "other", _("other")


class ActionStatus(models.TextChoices):
    TODO = "todo", _("to do")
    IN_PROGRESS = "in_progress", _("in progress")
    AWAITING_APPROVAL = "awaiting_approval", _("awaiting approval")
    READY = "ready", _("ready")
    DONE = "done", _("published / done")
    CANCELLED = "cancelled", _("cancelled")


# Actions still to be done: they can be overdue and they go to people's digests.
OPEN_STATUSES = [ActionStatus.TODO, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_APPROVAL, ActionStatus.READY]


class Action(index.Indexed, models.Model):
    """One planned step of a campaign (działanie): a post, an article, a press release, a poster...

    `starts_at` is when it happens or is due; `ends_at` is set only for actions that last (a poster run).
    """

    campaign = models.ForeignKey(
        "catalog.CampaignPage", verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="actions"
    )
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=ActionKind.choices, default=ActionKind.SOCIAL_POST)
    channel = models.ForeignKey(
        "core.Channel", verbose_name=_("channel"), null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    starts_at = models.DateTimeField(_("date (start or due)"), db_index=True)
    ends_at = models.DateTimeField(_("end"), null=True, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="campaign_actions",
    )
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.TODO, db_index=True)
    depends_on = models.ManyToManyField(
        "self", verbose_name=_("depends on"), symmetrical=False, blank=True, related_name="dependents",
        help_text=_("Actions that must be done first."),
    )
    reports_results = models.BooleanField(
        _("reports results"), default=False,
        help_text=_("It tells what became of a consultation (a report), so it may come after the consultation closes."),
    )
    notes = models.TextField(_("notes"), blank=True)
    result_url = models.URLField(_("link to the result"), blank=True, help_text=_("What the action produced: a post, an article, a file."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    panels = [
        FieldPanel("campaign"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("channel")]),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        FieldRowPanel([FieldPanel("responsible"), FieldPanel("status")]),
        FieldPanel("depends_on"),
        FieldPanel("reports_results"),
        FieldPanel("notes"),
        FieldPanel("result_url"),
    ]
    search_fields = [
        index.SearchField("title"),
        index.SearchField("notes"),
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("campaign_id"),
        index.FilterField("responsible_id"),
        index.FilterField("channel_id"),
    ]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        indexes = [models.Index(fields=["responsible", "status", "starts_at"], name="action_person_status_start")]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("The end cannot be earlier than the start.")})

    @property
    def finishes_at(self):
        """When the action is over: its end, or its date if it is a one-off."""
        return self.ends_at or self.starts_at

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class TemplateAnchor(models.TextChoices):
    START = "start", _("start of the anchor period")
    MIDDLE = "middle", _("middle of the anchor period")
    END = "end", _("end of the anchor period")


class CampaignTemplate(index.Indexed, ClusterableModel):
    """A reusable plan: actions placed relative to an anchor period (usually a consultation's dates)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description"), InlinePanel("actions", label=_("actions"), min_num=1)]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("campaign template")
        verbose_name_plural = _("campaign templates")

    def __str__(self) -> str:
        return self.name


class TemplateAction(Orderable):
    """An action of a template: "press release 7 days before the start, 10:00"."""

    template = ParentalKey(CampaignTemplate, on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("type"), max_length=20, choices=ActionKind.choices, default=ActionKind.SOCIAL_POST)
    channel = models.ForeignKey("core.Channel", verbose_name=_("channel"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    anchor = models.CharField(_("counted from"), max_length=10, choices=TemplateAnchor.choices, default=TemplateAnchor.START)
    offset_days = models.IntegerField(_("days from the anchor"), default=0, help_text=_("Negative: before, positive: after."))
    at_time = models.TimeField(_("time"), default=time(10, 0))
    duration_days = models.PositiveSmallIntegerField(_("lasts (days)"), null=True, blank=True)
    reports_results = models.BooleanField(_("reports results"), default=False)

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("channel"), FieldPanel("reports_results")]),
        FieldRowPanel([FieldPanel("anchor"), FieldPanel("offset_days"), FieldPanel("at_time"), FieldPanel("duration_days")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("template action")
        verbose_name_plural = _("template actions")

    def __str__(self) -> str:
        return self.title


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A person's private iCalendar address: the token is the only credential, so it can be replaced (revoked)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="calendar_feed")
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


class ProposalDecision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", pgettext_lazy("event proposal", "rejected")


class EventProposalReview(models.Model):
    """A Redaktor's answer to an event a partner account proposed (an event draft the partner wrote).

    Accepting sends the draft into the approval workflow, so a Koordynator still publishes it;
    rejecting needs a reason, which the partner is told.
    """

    event = models.OneToOneField("catalog.EventPage", verbose_name=_("event"), on_delete=models.CASCADE, related_name="proposal_review")
    decision = models.CharField(pgettext_lazy("event proposal", "decision"), max_length=10, choices=ProposalDecision.choices)
    reason = models.TextField(_("reason"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed"), auto_now_add=True)

    class Meta:
        verbose_name = _("review of a proposed event")
        verbose_name_plural = _("reviews of proposed events")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(decision="rejected") | ~models.Q(reason=""), name="rejection_has_a_reason"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} – {self.get_decision_display()}"
