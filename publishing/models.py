"""Messages (komunikaty): one message about a catalog record, written once and adapted for each channel.

A `Message` is a Wagtail snippet with drafts, revisions, locking and a workflow, so review and approval
are Wagtail's own (history, comments, the audit log). Its `ChannelVariant`s are child rows kept in every
revision (modelcluster), each with the text, images and time for one channel (`channel_rules` keys).
`FourEyesApprovalTask` is Wagtail's group approval with one more rule: whoever submitted the message can
never approve it. No role has the permission to publish a message directly: the last approval publishes it
(`workflows.finish_workflow`), and a Koordynator's emergency publication (`services.publish_in_emergency`)
waits for another Koordynator to confirm it.

What reaches a channel is not the message but a `Delivery`: written once per variant when the message is
published (unique per variant key), it freezes the text and images, and the publisher (`publisher.py`)
claims it in the database before calling a network – so two workers never post the same variant twice.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import (
    AbstractGroupApprovalTask,
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from . import channel_rules


def channel_choices() -> list[tuple[str, str]]:
    return [(rules.key, rules.label) for rules in channel_rules.all_rules()]


class Message(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    title = models.CharField(_("working title"), max_length=255, help_text=_("For the team; residents do not see it."))
    record = models.ForeignKey(
        # SET_NULL, not PROTECT: Wagtail's page deletion does not handle ProtectedError (a 500), and a message that
        # went out stays on record even when its record is deleted.
        "catalog.CatalogPage", verbose_name=_("about"), null=True, on_delete=models.SET_NULL, related_name="messages",
        help_text=_("The consultation, event, campaign or project whose facts the message must repeat correctly."),
    )
    text = models.TextField(
        _("core message"), help_text=_("What every channel must say, in plain Polish; each channel adapts it below."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    emergency_published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("published in an emergency by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    emergency_published_at = models.DateTimeField(_("published in an emergency"), null=True, blank=True, editable=False)
    emergency_reason = models.TextField(_("reason for emergency publishing"), blank=True, editable=False)
    emergency_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("emergency confirmed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+", editable=False,
    )
    emergency_confirmed_at = models.DateTimeField(_("emergency confirmed"), null=True, blank=True, editable=False)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="message")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState", content_type_field="base_content_type", object_id_field="object_id",
        related_query_name="message", for_concrete_model=False,
    )

    panels = [
        FieldPanel("title"),
        FieldPanel("record"),
        FieldPanel("text"),
        InlinePanel("variants", heading=_("Channel variants"), label=_("variant"), min_num=1),
    ]
    search_fields = [index.SearchField("title"), index.SearchField("text"), index.AutocompleteField("title")]

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        permissions = [("emergency_publish_message", _("Can publish a message in an emergency"))]

    def __str__(self) -> str:
        return self.title

    @property
    def revisions(self):
        return self._revisions

    # Who wrote the message and the emergency record are facts about the message, not content of a revision:
    # restoring or publishing an older revision must not undo them.
    KEPT_ACROSS_REVISIONS = (
        "created_by_id", "created_at", "emergency_published_by_id", "emergency_published_at", "emergency_reason",
        "emergency_confirmed_by_id", "emergency_confirmed_at",
    )

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for name in self.KEPT_ACROSS_REVISIONS:
            setattr(obj, name, getattr(self, name))
        return obj

    @property
    def awaits_emergency_confirmation(self) -> bool:
        return self.emergency_published_at is not None and self.emergency_confirmed_at is None


class ChannelVariant(Orderable):
    """The message as one channel gets it: its own text, images with alt text, link and time."""

    message = ParentalKey(Message, on_delete=models.CASCADE, related_name="variants")
    key = models.UUIDField(default=uuid.uuid4, editable=False, help_text="Stable across revisions: a delivery is unique per key.")
    channel = models.CharField(_("channel"), max_length=40, choices=channel_choices)
    text = models.TextField(_("text"))
    link = models.URLField(_("link"), blank=True, help_text=_("Where the message leads; empty: the record's page."))
    images = StreamField(
        [("image", blocks.StructBlock(
            [("image", ImageChooserBlock(label=_("image"))),
             ("alt_text", blocks.CharBlock(label=_("alternative text"), max_length=1000,
                                           help_text=_("What the image shows, for people who cannot see it.")))],
            label=_("image"),
        ))],
        blank=True, verbose_name=_("images"),
    )
    scheduled_at = models.DateTimeField(
        _("publish at"), null=True, blank=True, help_text=_("Empty: as soon as the message is approved."),
    )

    panels = [
        FieldPanel("channel"),
        FieldPanel("text"),
        MultiFieldPanel([FieldPanel("link"), FieldPanel("scheduled_at")], heading=_("Link and time")),
        FieldPanel("images"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("channel variant")
        verbose_name_plural = _("channel variants")

    def __str__(self) -> str:
        return f"{self.get_channel_display()}: {self.message}"


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Group approval in which the person who submitted the message can neither approve it nor edit it in review."""

    def _is_requester(self, obj, user) -> bool:
        state = getattr(obj, "current_workflow_state", None)
        return state is not None and state.requested_by_id == user.pk

    def get_actions(self, obj, user):
        if self._is_requester(obj, user):
            return []
        return super().get_actions(obj, user)

    def locked_for_user(self, obj, user):
        return self._is_requester(obj, user) or super().locked_for_user(obj, user)

    def user_can_access_editor(self, obj, user):
        return not self._is_requester(obj, user) and super().user_can_access_editor(obj, user)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        return super().get_task_states_user_can_moderate(user, **kwargs).exclude(workflow_state__requested_by=user)

    @classmethod
    def get_description(cls):
        return _("Members of the chosen groups approve, except the person who submitted (four eyes)")

    class Meta:
        verbose_name = _("four-eyes approval task")
        verbose_name_plural = _("four-eyes approval tasks")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("delivery", "waiting for its time")
    SENDING = "sending", pgettext_lazy("delivery", "sending")
    RETRYING = "retrying", pgettext_lazy("delivery", "will retry")
    MANUAL = "manual", pgettext_lazy("delivery", "to publish by hand")
    PUBLISHED = "published", pgettext_lazy("delivery", "published")
    FAILED = "failed", pgettext_lazy("delivery", "failed")
    CANCELLED = "cancelled", pgettext_lazy("delivery", "cancelled")


class Delivery(models.Model):
    """One channel variant on its way to its channel: exactly one per variant key, whatever runs how often."""

    message = models.ForeignKey(Message, verbose_name=_("message"), on_delete=models.CASCADE, related_name="deliveries")
    variant_key = models.UUIDField(unique=True)
    channel = models.CharField(_("channel"), max_length=40, choices=channel_choices)
    text = models.TextField(_("text"))
    link = models.URLField(_("link"), blank=True)
    images = models.JSONField(_("images"), default=list, help_text="[{image_id, alt_text}] frozen at publication")
    due_at = models.DateTimeField(_("due"), db_index=True)
    status = models.CharField(_("status"), max_length=12, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True, help_text="A worker sending it holds it until then.")
    last_error = models.TextField(_("last error"), blank=True)
    external_id = models.CharField(_("id on the channel"), max_length=255, blank=True)
    external_url = models.URLField(_("address of the post"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("marked as published by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.message}"

    @property
    def idempotency_key(self) -> str:
        """Sent to networks that accept one (Mastodon): a retry after a lost answer never posts twice."""
        return f"dialog-{self.variant_key}"



class MetricsSource(models.TextChoices):
    NETWORK = "network", pgettext_lazy("metrics", "read from the network")
    TYPED = "typed", pgettext_lazy("metrics", "typed in")


class DeliveryMetrics(models.Model):
    """What a published post achieved. The network's API fills what it tells (`publishing.metrics.refresh`);
    staff type in the rest from the network's statistics page. Summed per campaign by `publishing.metrics`."""

    delivery = models.OneToOneField(Delivery, on_delete=models.CASCADE, related_name="metrics")
    reach = models.PositiveIntegerField(pgettext_lazy("metrics", "reach"), null=True, blank=True,
                                        help_text=_("People who saw the post (views, impressions)."))
    reactions = models.PositiveIntegerField(pgettext_lazy("metrics", "reactions"), null=True, blank=True,
                                            help_text=_("Likes, shares and comments together."))
    clicks = models.PositiveIntegerField(pgettext_lazy("metrics", "clicks"), null=True, blank=True)
    source = models.CharField(pgettext_lazy("metrics", "source"), max_length=10, choices=MetricsSource.choices)
    measured_at = models.DateTimeField(pgettext_lazy("metrics", "measured"))
    measured_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("metrics", "typed in by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("results of a post")
        verbose_name_plural = _("results of posts")

    def __str__(self) -> str:
        return f"{self.delivery_id}: {self.reach}/{self.reactions}/{self.clicks}"
