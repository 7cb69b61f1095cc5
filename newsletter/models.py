"""The newsletter: subscribers with double opt-in and a consent log, editions and their per-subscriber dispatches.

A `Subscriber` row exists per address (unique, normalised). It becomes active only through the link in the
confirmation e-mail (double opt-in); every change of consent is a `ConsentEvent` row that is never updated
(time, what happened, the version of the consent clause, where it came from). Unconfirmed addresses are
deleted after `DIALOG_NEWSLETTER_CONFIRM_DAYS`.

An `Edition` is one newsletter sent to the active subscribers whose topics and districts match it; its
`Dispatch` rows — one per subscriber, unique per edition — are the outbox the sender works through
(`newsletter.sending`), which is what makes the sending exactly once per subscriber.
"""

import secrets

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_token() -> str:
    return secrets.token_urlsafe(32)


class SubscriberStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("subscriber", "waiting for confirmation")
    ACTIVE = "active", pgettext_lazy("subscriber", "subscribed")
    UNSUBSCRIBED = "unsubscribed", pgettext_lazy("subscriber", "unsubscribed")
    BOUNCED = "bounced", pgettext_lazy("subscriber", "address does not work")


class Subscriber(models.Model):
    """One address. Empty topics or districts mean "all of them"."""

    email = models.EmailField(pgettext_lazy("newsletter", "e-mail address"), unique=True)
    status = models.CharField(pgettext_lazy("newsletter", "status"), max_length=20, choices=SubscriberStatus.choices, default=SubscriberStatus.PENDING)
    language = models.CharField(pgettext_lazy("newsletter", "language"), max_length=8, default="pl")
    topics = models.ManyToManyField("core.Topic", verbose_name=pgettext_lazy("newsletter", "topics"), blank=True, related_name="+")
    districts = models.ManyToManyField("core.District", verbose_name=pgettext_lazy("newsletter", "districts"), blank=True, related_name="+")
    # The secret in the subscriber's personal links (confirm, change, unsubscribe); not the address.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(pgettext_lazy("newsletter", "signed up"), auto_now_add=True)
    confirmation_sent_at = models.DateTimeField(_("confirmation sent"), null=True, blank=True)
    confirmed_at = models.DateTimeField(pgettext_lazy("newsletter", "confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(pgettext_lazy("newsletter", "unsubscribed"), null=True, blank=True)
    soft_bounces = models.PositiveSmallIntegerField(_("temporary delivery failures in a row"), default=0)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return self.email


class ConsentAction(models.TextChoices):
    REQUESTED = "requested", _("asked to subscribe")
    CONFIRMED = "confirmed", _("confirmed the subscription")
    CHANGED = "changed", _("changed topics or districts")
    UNSUBSCRIBED = "unsubscribed", pgettext_lazy("newsletter", "unsubscribed")
    BOUNCED = "bounced", _("address found not to work")


class ConsentSource(models.TextChoices):
    FORM = "form", _("form on the portal")
    LINK = "link", _("link in an e-mail")
    ONE_CLICK = "one_click", _("unsubscribe button of the mail program")
    MAIL_SERVER = "mail_server", _("report of the mail server")


class ConsentEvent(models.Model):
    """The consent log: what the subscriber agreed to or withdrew, when, under which clause, and through what."""

    subscriber = models.ForeignKey(Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="consent_events")
    action = models.CharField(_("what happened"), max_length=20, choices=ConsentAction.choices)
    at = models.DateTimeField(pgettext_lazy("newsletter", "when"))
    clause_version = models.CharField(_("version of the consent clause"), max_length=40)
    source = models.CharField(pgettext_lazy("newsletter", "source"), max_length=20, choices=ConsentSource.choices)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("consent log entry")
        verbose_name_plural = _("consent log")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} ({self.clause_version}, {self.source})"


class EditionStatus(models.TextChoices):
    SENDING = "sending", pgettext_lazy("newsletter", "sending")
    SENT = "sent", pgettext_lazy("newsletter", "sent")


class Edition(models.Model):
    """One newsletter. `idempotency_key` is the publishing delivery's: a retried publish finds this edition."""

    subject = models.CharField(pgettext_lazy("newsletter", "subject"), max_length=255)
    text = models.TextField(pgettext_lazy("newsletter", "text"))
    link_url = models.URLField(pgettext_lazy("newsletter", "link"), max_length=500, blank=True)
    record = models.ForeignKey(
        "catalog.CatalogPage", verbose_name=pgettext_lazy("newsletter", "about"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    idempotency_key = models.CharField(max_length=100, unique=True)
    status = models.CharField(pgettext_lazy("newsletter", "status"), max_length=12, choices=EditionStatus.choices, default=EditionStatus.SENDING)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)
    created_at = models.DateTimeField(pgettext_lazy("newsletter", "created"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("newsletter", "finished"), null=True, blank=True)
    last_batch_at = models.DateTimeField(null=True, blank=True)  # the clock's job resumes an edition nobody works on

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("newsletter edition")
        verbose_name_plural = _("newsletter editions")

    def __str__(self) -> str:
        return self.subject



class DispatchState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("dispatch", "queued")
    SENDING = "sending", pgettext_lazy("dispatch", "being sent")
    SENT = "sent", pgettext_lazy("dispatch", "sent")
    SKIPPED = "skipped", pgettext_lazy("dispatch", "skipped (unsubscribed meanwhile)")
    FAILED = "failed", pgettext_lazy("dispatch", "refused by the mail server")


class Dispatch(models.Model):
    """One edition to one subscriber: claimed by a sender for a lease, marked sent right after the SMTP server accepts it."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="dispatches")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="dispatches")
    state = models.CharField(max_length=12, choices=DispatchState.choices, default=DispatchState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    claim = models.CharField(max_length=32, blank=True)  # which sender holds it (a random token per batch)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "subscriber"], name="newsletter_dispatch_once_per_subscriber")]
        indexes = [
            models.Index(fields=["edition", "state"], name="newsletter_dispatch_open", condition=Q(state__in=["queued", "sending"])),
        ]

    def __str__(self) -> str:
        return f"{self.edition_id}→{self.subscriber_id}: {self.state}"
