"""Keeping people informed: in-app notifications, the daily e-mail digest and the department's announcements.

A notification's text is rendered in Polish when it is created (it is a record of what happened, not a
template), so the list shows it without joins. `DigestDelivery` is the database's guard that a person gets
at most one digest a day, whatever number of schedulers or workers run.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField


class NotificationKind(models.TextChoices):
    ACTION_ASSIGNED = "action_assigned", _("action assigned")
    ACTION_STATUS_CHANGED = "action_status_changed", _("action status changed")
    OTHER = "other", pgettext_lazy("notification kind", "other")


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=40, choices=NotificationKind.choices, default=NotificationKind.OTHER)
    message = models.TextField(pgettext_lazy("notification", "message"))
    url = models.CharField(_("link"), max_length=500, blank=True, help_text=_("An address inside the back-office."))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.message[:80]

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NoticePreferences(models.Model):
    """What a person wants to hear about by e-mail; a person without a row gets the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="notice_preferences"
    )
    daily_digest = models.BooleanField(
        _("daily e-mail digest"), default=True,
        help_text=_("Every morning: your actions due today, overdue ones and those awaiting your approval."),
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)


class DigestOutcome(models.TextChoices):
    SENT = "sent", _("sent")
    EMPTY = "empty", _("nothing to send")


class DigestDelivery(models.Model):
    """One row per person and day: written in the transaction that sends the digest, so a second one cannot be sent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    outcome = models.CharField(_("outcome"), max_length=10, choices=DigestOutcome.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("digest delivery")
        verbose_name_plural = _("digest deliveries")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_person_per_day")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.day}"


class Audience(models.TextChoices):
    EVERYONE = "everyone", _("the whole department")
    ORGANISATION = "organisation", _("an organisation unit")
    ROLE = "role", _("a role")


class Announcement(models.Model):
    title = models.CharField(_("title"), max_length=200)
    body = RichTextField(pgettext_lazy("announcement", "text"), features=["bold", "italic", "link", "ol", "ul", "h3"])
    audience = models.CharField(_("for whom"), max_length=20, choices=Audience.choices, default=Audience.EVERYONE)
    organisation = models.ForeignKey(
        "directory.Organisation", verbose_name=_("organisation unit"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+", help_text=_("Only for the audience “an organisation unit”."),
    )
    group = models.ForeignKey(
        "auth.Group", verbose_name=pgettext_lazy("staff role", "role"), null=True, blank=True, on_delete=models.CASCADE, related_name="+",
        help_text=_("Only for the audience “a role”."),
    )
    pinned = models.BooleanField(_("pinned"), default=False, help_text=_("Pinned announcements stay at the top of the board."))
    published_at = models.DateTimeField(_("published"), default=timezone.now, db_index=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True, help_text=_("Leave empty to keep it on the board."))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", editable=False,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("audience"), FieldRowPanel([FieldPanel("organisation"), FieldPanel("group")])], heading=_("Audience")
        ),
        FieldRowPanel([FieldPanel("published_at"), FieldPanel("expires_at"), FieldPanel("pinned")]),
    ]

    class Meta:
        ordering = ["-pinned", "-published_at", "-pk"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(audience="everyone", organisation__isnull=True, group__isnull=True)
                    | Q(audience="organisation", organisation__isnull=False, group__isnull=True)
                    | Q(audience="role", organisation__isnull=True, group__isnull=False)
                ),
                name="announcement_audience_matches_target",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.audience == Audience.ORGANISATION and not self.organisation_id:
            errors["organisation"] = _("Choose the organisation unit the announcement is for.")
        if self.audience == Audience.ROLE and not self.group_id:
            errors["group"] = _("Choose the role the announcement is for.")
        if self.expires_at and self.published_at and self.expires_at <= self.published_at:
            errors["expires_at"] = _("An announcement cannot expire before it is published.")
        if errors:
            raise ValidationError(errors)
        # A target that does not fit the audience is dropped rather than refused: the form shows both fields.
        if self.audience != Audience.ORGANISATION:
            self.organisation = None
        if self.audience != Audience.ROLE:
            self.group = None


class AnnouncementRead(models.Model):
    announcement = models.ForeignKey(Announcement, verbose_name=_("announcement"), on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"), default=timezone.now)

    class Meta:
        ordering = ["read_at", "pk"]
        verbose_name = _("confirmation of reading")
        verbose_name_plural = _("confirmations of reading")
        constraints = [models.UniqueConstraint(fields=["announcement", "user"], name="one_read_per_person_per_announcement")]

    def __str__(self) -> str:
        return f"{self.announcement_id} {self.user_id}"
