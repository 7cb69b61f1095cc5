"""News items on the portal and the press room: releases with an optional embargo, media lists and distributions.

News (`NewsPage` under the one `NewsIndexPage`, "Aktualności") and press releases (`PressReleasePage` under the one
`PressRoomPage`, "Dla mediów") are Wagtail pages: drafts, revisions, the approval workflow, the audit log and
scheduled publishing come with them. A release's embargo *is* Wagtail's scheduled publishing: `clean` copies
`embargo_until` into `go_live_at`, so publishing before the embargo schedules the revision and the scheduler
(`core/periodic.py`, `publish_scheduled`) makes it live at that minute. Until then the release is not live; the
press sees it only through its secret link (`embargo_token`, rotated by `services.rotate_embargo_token`).

Pages made by a channel adapter carry the delivery's idempotency key (`delivery_key`, unique): a retried delivery
finds the page it already made.

A `MediaList` names media organisations and people from the directory; its recipients are computed when a
release is distributed (`selectors.media_list_recipients`), never stored on the list. A `Distribution` is one
sending of one release to one or more lists; its `DistributionRecipient` rows, unique per address, are the
outbox and the per-recipient log (`sending.py` claims and sends them exactly once). A distribution whose release may
no longer go out when a batch is sent is "stopped" with the reason; its unsent rows are "not sent: sending stopped".
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.visibility import PublicPageMixin
from directory.models import OrganisationKind

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]


def new_token() -> str:
    return secrets.token_urlsafe(32)


class NewsIndexPage(PublicPageMixin, Page):
    """"Aktualności": the news items, newest first, with their RSS and Atom feeds."""

    intro = models.TextField(_("introduction"), blank=True)

    max_count = 1
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["newsroom.NewsPage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("news listing")

    def get_context(self, request, *args, **kwargs):
        from .selectors import page_of, public_news

        context = super().get_context(request, *args, **kwargs)
        context["news"] = page_of(public_news(self), request)
        return context


class NewsPage(PublicPageMixin, Page):
    lead = models.TextField(_("lead"), help_text=_("One or two sentences shown in the listing and the feed."))
    body = RichTextField(_("content"), blank=True, features=RICH_TEXT_FEATURES)
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    image_alt = models.CharField(
        _("alternative text of the image"), max_length=1000, blank=True,
        help_text=_("What the image shows, for people who cannot see it."),
    )
    record = models.ForeignKey(
        "catalog.CatalogPage", verbose_name=_("about"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="news_items",
    )
    date = models.DateField(pgettext_lazy("news", "date"), default=timezone.localdate)
    delivery_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)

    parent_page_types = ["newsroom.NewsIndexPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["delivery_key"]
    content_panels = Page.content_panels + [
        FieldPanel("date"), FieldPanel("lead"), FieldPanel("body"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Image")),
        FieldPanel("record"),
    ]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    class Meta:
        verbose_name = _("news item")
        verbose_name_plural = _("news items")

    def get_context(self, request, *args, **kwargs):
        from .selectors import public_record

        context = super().get_context(request, *args, **kwargs)
        context["record"] = public_record(self)
        return context

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for people who cannot see it.")})


class PressRoomPage(PublicPageMixin, Page):
    """"Dla mediów": published releases, press contacts, the media kit and the releases' feed."""

    intro = models.TextField(_("introduction"), blank=True)
    media_kit = models.ForeignKey(
        "wagtailcore.Collection", verbose_name=_("media kit"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Documents of this collection are offered for download (logos, photos, fact sheets)."),
    )

    max_count = 1
    parent_page_types = ["portal.HomePage"]
    subpage_types = ["newsroom.PressReleasePage"]
    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("media_kit")]

    class Meta:
        verbose_name = _("press room")

    def get_context(self, request, *args, **kwargs):
        from .selectors import media_kit_documents, page_of, press_contacts, public_releases

        context = super().get_context(request, *args, **kwargs)
        context.update(releases=page_of(public_releases(self), request), contacts=press_contacts(),
                       media_kit=media_kit_documents(self))
        return context


class PressReleasePage(PublicPageMixin, Page):
    lead = models.TextField(_("lead"), help_text=_("The news in one or two sentences."))
    body = RichTextField(_("content"), blank=True, features=RICH_TEXT_FEATURES)
    contact = models.ForeignKey(
        "directory.Person", verbose_name=_("contact person"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", help_text=_("Who answers journalists' questions about this release."),
    )
    record = models.ForeignKey(
        "catalog.CatalogPage", verbose_name=_("about"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="press_releases",
    )
    embargo_until = models.DateTimeField(
        _("embargo until"), null=True, blank=True,
        help_text=_("Until then the release is seen only through its secret link; at this time it is published by itself."),
    )
    embargo_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    delivery_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)

    parent_page_types = ["newsroom.PressRoomPage"]
    subpage_types: list[str] = []
    exclude_fields_in_copy = ["embargo_token", "delivery_key"]
    content_panels = Page.content_panels + [
        FieldPanel("lead"), FieldPanel("body"), InlinePanel("attachments", label=_("Attachments")),
        FieldPanel("contact"), FieldPanel("embargo_until"), FieldPanel("record"),
    ]
    # The embargo sets the scheduled publication; a second "go live" field would contradict it.
    settings_panels = [panel for panel in Page.settings_panels if not panel.path.endswith("PublishingPanel")]
    search_fields = Page.search_fields + [index.SearchField("lead"), index.SearchField("body")]

    class Meta:
        verbose_name = _("press release")
        verbose_name_plural = _("press releases")

    def get_context(self, request, *args, **kwargs):
        from .selectors import release_attachments

        context = super().get_context(request, *args, **kwargs)
        context["attachments"] = release_attachments(self)
        return context

    def clean(self) -> None:
        super().clean()
        self.go_live_at = self.embargo_until
        if not self.embargo_token:
            self.embargo_token = new_token()

    def with_content_json(self, content):
        """The secret link belongs to the release, not a revision: restoring an old revision keeps today's link."""
        obj = super().with_content_json(content)
        obj.embargo_token = self.embargo_token
        obj.delivery_key = self.delivery_key
        return obj


class ReleaseAttachment(Orderable):
    page = ParentalKey(PressReleasePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("label"), max_length=255, blank=True, help_text=_("If empty, the document's title is used."))

    panels = [FieldPanel("document"), FieldPanel("label")]


class PressContact(Orderable):
    """A person journalists may call: shown in the press room with name, role, phone and e-mail."""

    person = models.ForeignKey("directory.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+")
    role = models.CharField(pgettext_lazy("press contact", "role"), max_length=255,
                            help_text=_("E.g. press officer of the Department of Social Dialogue."))

    panels = [FieldPanel("person"), FieldPanel("role")]

    class Meta(Orderable.Meta):
        verbose_name = _("press contact")
        verbose_name_plural = _("press contacts")

    def __str__(self) -> str:
        return f"{self.person} – {self.role}"


class MediaList(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    organisations = models.ManyToManyField(
        "directory.Organisation", verbose_name=_("media outlets"), blank=True, related_name="media_lists",
        limit_choices_to={"kind": OrganisationKind.MEDIA},
        help_text=_("The outlet's e-mail and everyone with an e-mail who works there receive releases."),
    )
    people = models.ManyToManyField(
        "directory.Person", verbose_name=_("people"), blank=True, related_name="media_lists",
        help_text=_("Journalists chosen one by one."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("media list")
        verbose_name_plural = _("media lists")

    def __str__(self) -> str:
        return self.name


class DistributionStatus(models.TextChoices):
    SENDING = "sending", pgettext_lazy("distribution", "sending")
    SENT = "sent", pgettext_lazy("distribution", "sent")
    STOPPED = "stopped", pgettext_lazy("distribution", "stopped")


class Distribution(models.Model):
    """One sending of a release by e-mail to the recipients of the chosen media lists."""

    release = models.ForeignKey(PressReleasePage, verbose_name=_("press release"), on_delete=models.CASCADE,
                                related_name="distributions")
    media_lists = models.ManyToManyField(MediaList, verbose_name=_("media lists"), related_name="distributions")
    subject = models.CharField(pgettext_lazy("e-mail", "subject"), max_length=400)
    embargo_until = models.DateTimeField(_("embargo until"), null=True, blank=True)
    status = models.CharField(pgettext_lazy("distribution", "status"), max_length=12, choices=DistributionStatus.choices,
                              default=DistributionStatus.SENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("sent by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(pgettext_lazy("distribution", "created"), auto_now_add=True)
    finished_at = models.DateTimeField(pgettext_lazy("distribution", "finished"), null=True, blank=True)
    last_batch_at = models.DateTimeField(null=True, blank=True)  # the clock's job resumes a distribution nobody works on
    stop_reason = models.TextField(_("why sending stopped"), blank=True)
    # From the send form: a second submit of the same form (a double click, a repeated POST) finds this distribution.
    idempotency_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")

    def __str__(self) -> str:
        return self.subject


class RecipientState(models.TextChoices):
    QUEUED = "queued", pgettext_lazy("press recipient", "queued")
    SENDING = "sending", pgettext_lazy("press recipient", "being sent")
    SENT = "sent", pgettext_lazy("press recipient", "sent")
    FAILED = "failed", pgettext_lazy("press recipient", "failed")
    SKIPPED = "skipped", pgettext_lazy("press recipient", "skipped: do not contact")
    CANCELLED = "cancelled", pgettext_lazy("press recipient", "not sent: sending stopped")


class DistributionRecipient(models.Model):
    """One address of one distribution: the outbox row and the log line of what happened to it."""

    distribution = models.ForeignKey(Distribution, verbose_name=_("distribution"), on_delete=models.CASCADE,
                                     related_name="recipients")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    state = models.CharField(pgettext_lazy("press recipient", "state"), max_length=12, choices=RecipientState.choices,
                             default=RecipientState.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    claim = models.CharField(max_length=32, blank=True)  # which sender holds it (a random token per batch)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(pgettext_lazy("press recipient", "sent"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=500, blank=True)

    class Meta:
        ordering = ["distribution", "pk"]
        verbose_name = _("recipient of a distribution")
        verbose_name_plural = _("recipients of distributions")
        constraints = [models.UniqueConstraint(fields=["distribution", "email"], name="newsroom_recipient_once_per_address")]
        indexes = [
            models.Index(fields=["distribution", "state"], name="newsroom_recipient_open",
                         condition=Q(state__in=["queued", "sending"])),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_state_display()}"
