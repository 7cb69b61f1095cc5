"""The catalog: one register over projects, consultations, campaigns, events and offers.

Every record is a Wagtail page (drafts, revisions, scheduled publishing, workflow, locking and the
audit log come from Wagtail). The shared fields live on the concrete `CatalogPage` table so one
query can search, filter, sort and export all types together; each type adds its own table.
"""

from collections.abc import Iterator

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.page_reads import child_by_slug
from core.visibility import PublicPageMixin

from . import statuses, stemming
from .admin_forms import ConsultationPageForm
from .statuses import Status

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "image", "embed"]


def status_panel(allowed: list[Status]) -> FieldPanel:
    return FieldPanel("status", widget=forms.Select(choices=[(s.value, s.label) for s in allowed]))


def _indexed_texts(obj, fields: list) -> Iterator[str]:
    """The texts the search index reads from `fields` of `obj`: rich text without tags, the fields of related objects."""
    for field in fields:
        if isinstance(field, index.SearchField):
            value = field.get_value(obj)
            for text in value if isinstance(value, list) else [value]:
                if text:
                    yield str(text)
        elif isinstance(field, index.RelatedFields):
            related = field.get_value(obj)
            items = related.all() if isinstance(related, models.Manager) else [] if related is None else [related]
            for item in items:
                yield from _indexed_texts(item, field.fields)


class CatalogPage(PublicPageMixin, Page):
    """Fields every record type has; never created on its own (`is_creatable = False`)."""

    lead = models.TextField(_("lead"), max_length=600, help_text=_("One or two plain sentences shown in listings."))
    body = RichTextField(_("description"), blank=True, features=RICH_TEXT_FEATURES)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, db_index=True)
    starts_at = models.DateTimeField(_("start"), null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(_("end"), null=True, blank=True, db_index=True)
    districts = ParentalManyToManyField("core.District", verbose_name=_("districts"), blank=True, related_name="records")
    topics = ParentalManyToManyField("core.Topic", verbose_name=_("topics"), blank=True, related_name="records")
    owner_person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("responsible person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="responsible_records",
    )
    responsible_unit = models.ForeignKey(
        "directory.Organisation", verbose_name=_("responsible unit"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="responsible_records",
    )
    partners = ParentalManyToManyField("directory.Organisation", verbose_name=_("partner organisations"), blank=True, related_name="partner_records")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("main image"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    is_creatable = False
    allowed_statuses: list[Status] = list(Status)

    @classmethod
    def page_joins(cls) -> list[str]:
        """Foreign keys a record's public page shows: its unit, image and the records it belongs to."""
        belongs_to = [f.name for f in cls._meta.concrete_fields if f.many_to_one and issubclass(f.related_model, CatalogPage)]
        return ["responsible_unit", "image", *belongs_to]

    search_fields = Page.search_fields + [
        index.SearchField("lead"),
        index.SearchField("body"),
        index.FilterField("status"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
        index.FilterField("owner_person"),
        index.RelatedFields("districts", [index.SearchField("name")]),
        index.RelatedFields("topics", [index.SearchField("name")]),
        # The same texts as Polish stems without diacritics (catalog.stemming); the title's stems weigh as much as the title.
        index.SearchField("stemmed_title", boost=2),
        index.SearchField("stemmed_text"),
    ]

    common_panels = [
        FieldPanel("title"),
        FieldPanel("lead"),
        FieldPanel("body"),
        FieldPanel("image"),
    ]
    dates_panel = MultiFieldPanel([FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")])], heading=_("Dates"))
    classification_panels = [
        MultiFieldPanel(
            [
                FieldPanel("districts", widget=forms.CheckboxSelectMultiple),
                FieldPanel("topics", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Where and what about"),
        ),
        MultiFieldPanel(
            [FieldPanel("owner_person"), FieldPanel("responsible_unit"), FieldPanel("partners")],
            heading=_("Who"),
        ),
        InlinePanel("attachments", label=_("Attachments")),
        InlinePanel("links", label=_("Related records")),
    ]

    class Meta:
        verbose_name = _("catalog record")
        verbose_name_plural = _("catalog records")

    def clean(self) -> None:
        super().clean()
        errors = self.record_errors()
        if errors:
            raise ValidationError(errors)

    def record_errors(self) -> dict[str, str]:
        """Problems with the record's own fields, by field; types add theirs so editors see all of them at once."""
        errors = {}
        if self.status not in self.allowed_statuses:
            errors["status"] = _("This status is not used for this kind of record.")
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = _("The end cannot be earlier than the start.")
        return errors

    def stemmed_title(self) -> str:
        return stemming.stemmed(self.title)

    def stemmed_text(self) -> str:
        """Every other text the record is found by, as stems: lead, description, a type's own fields, district and topic names."""
        fields = [field for field in self.get_search_fields() if field.field_name not in ("title", "stemmed_title", "stemmed_text")]
        return stemming.stemmed(" ".join(_indexed_texts(self, fields)))

    @cached_property
    def record_type(self) -> str:
        return self.specific_class._meta.model_name if self.specific_class else "catalogpage"

    def get_record_type_display(self) -> str:
        return str(self.specific_class._meta.verbose_name) if self.specific_class else ""

    def get_context(self, request, *args, **kwargs):
        from portal.selectors import record_relations

        context = super().get_context(request, *args, **kwargs)
        context.update(record_relations(self))
        return context


class CatalogAttachment(Orderable):
    page = ParentalKey(CatalogPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE, related_name="+")
    label = models.CharField(_("label"), max_length=255, blank=True, help_text=_("If empty, the document's title is used."))

    panels = [FieldPanel("document"), FieldPanel("label")]


class CatalogLink(Orderable):
    """A typed link between two records, e.g. an offer that supports a project."""

    page = ParentalKey(CatalogPage, on_delete=models.CASCADE, related_name="links")
    target = models.ForeignKey(CatalogPage, verbose_name=_("related record"), on_delete=models.CASCADE, related_name="linked_from")
    note = models.CharField(_("how it is related"), max_length=255, blank=True)

    panels = [FieldPanel("target"), FieldPanel("note")]


class ProjectPage(CatalogPage):
    """An umbrella initiative, e.g. a climate programme or a citizen panel programme."""

    website = models.URLField(_("website"), blank=True)

    allowed_statuses = statuses.PROJECT_STATUSES
    parent_page_types = ["catalog.ProjectIndexPage"]
    subpage_types: list[str] = []
    content_panels = CatalogPage.common_panels + [
        status_panel(statuses.PROJECT_STATUSES), CatalogPage.dates_panel, FieldPanel("website"),
    ] + CatalogPage.classification_panels

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")


class ConsultationForm(models.TextChoices):
    """Forms of a consultation (Kraków's resolution CXI/2904/18 § 4 and practice, REFERENCE.md §2)."""

    OPEN_MEETING = "open_meeting", _("open meeting")
    WORKSHOP = "workshop", pgettext_lazy("consultation form", "workshop")
    SURVEY = "survey", _("online survey")
    DOCUMENT_COMMENTS = "document_comments", _("comments on a document")
    WRITTEN_REMARKS = "written_remarks", _("written remarks (letter, e-mail, ePUAP)")
    DISTRICT_COUNCIL_OPINIONS = "district_council_opinions", _("opinions of district councils")
    EXPERT_DUTY_HOURS = "expert_duty_hours", _("expert duty hours")
    RESEARCH_WALK = "research_walk", _("research walk (consultation form)")
    CONSULTATION_POINT = "consultation_point", _("consultation point")
    CITIZEN_PANEL = "citizen_panel", _("citizen panel")


# Forms with which residents meet the organiser face to face; the resolution asks for at least one of them.
MEETING_FORMS = [ConsultationForm.OPEN_MEETING, ConsultationForm.WORKSHOP]


class ChoiceListField(models.JSONField):
    """A list of choice values kept as JSON (portable to SQLite), edited as checkboxes."""

    def __init__(self, *args, choice_class: type[models.TextChoices] | None = None, **kwargs):
        self.choice_class = choice_class
        kwargs.setdefault("default", list)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["choice_class"] = self.choice_class
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            label=self.verbose_name, help_text=self.help_text, required=not self.blank,
            choices=self.choice_class.choices, widget=forms.CheckboxSelectMultiple,
        )


class ConsultationPage(CatalogPage):
    """A consultation and its announcement (ogłoszenie): the fields the resolution asks every announcement to carry.

    Remarks, documents to comment on and the status automation live in the `consultations` app; the
    checks of the announcement (`consultations.rules`) warn in the editor and never block a save.
    """

    project = models.ForeignKey(
        ProjectPage, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL, related_name="consultations"
    )
    aim = models.TextField(_("subject and aim of the consultation"), blank=True)
    legal_basis = models.TextField(
        _("legal basis"), blank=True,
        help_text=_("E.g. art. 5a of the act on municipal self-government and the city council's resolution on consultations."),
    )
    organiser = models.CharField(_("organiser"), max_length=255, blank=True)
    organiser_contact = models.TextField(_("organiser's contact"), blank=True)
    consultation_forms = ChoiceListField(
        _("forms of consultation"), blank=True, choice_class=ConsultationForm,
        help_text=_("At least three, including an open meeting or a workshop."),
    )
    how_to_submit = models.TextField(_("how to submit remarks"), blank=True)
    submissions_until = models.DateTimeField(_("remarks accepted until"), null=True, blank=True)
    accessibility_info = models.TextField(
        _("accessibility information"), blank=True,
        help_text=_("Step-free access, sign-language interpreting, easy-to-read materials, how to ask for support."),
    )
    privacy_clause = models.TextField(
        _("personal data clause (RODO)"), blank=True, help_text=_("If empty, the installation's standard clause is shown."),
    )

    search_fields = CatalogPage.search_fields + [index.SearchField("aim")]
    allowed_statuses = statuses.CONSULTATION_STATUSES
    parent_page_types = ["catalog.ConsultationIndexPage"]
    subpage_types: list[str] = []
    base_form_class = ConsultationPageForm  # a published consultation's status is changed by its own form, with a reason
    content_panels = CatalogPage.common_panels + [
        status_panel(statuses.CONSULTATION_STATUSES), CatalogPage.dates_panel, FieldPanel("project"),
        MultiFieldPanel(
            [
                FieldPanel("aim"), FieldPanel("legal_basis"), FieldPanel("organiser"), FieldPanel("organiser_contact"),
                FieldPanel("consultation_forms"), FieldPanel("how_to_submit"), FieldPanel("submissions_until"),
                FieldPanel("accessibility_info"), FieldPanel("privacy_clause"),
            ],
            heading=_("Announcement"),
        ),
    ] + CatalogPage.classification_panels

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def record_errors(self) -> dict[str, str]:
        errors = super().record_errors()
        unknown = set(self.consultation_forms or []) - set(ConsultationForm.values)
        if unknown:
            errors["consultation_forms"] = _("Choose the forms of consultation from the list.")
        if self.submissions_until and self.starts_at and self.submissions_until < self.starts_at:
            errors["submissions_until"] = _("Remarks cannot be due before the consultation starts.")
        return errors

    def get_consultation_forms_display(self) -> list[str]:
        labels = dict(ConsultationForm.choices)
        return [str(labels[value]) for value in self.consultation_forms or [] if value in labels]

    @property
    def effective_privacy_clause(self) -> str:
        """The clause shown to residents: the consultation's own or the installation's standard one."""
        return self.privacy_clause or settings.DIALOG_CONSULTATION_PRIVACY_CLAUSE


class CampaignKind(models.TextChoices):
    INFORMATION = "information", _("information campaign")
    EDUCATIONAL = "educational", _("educational campaign")
    SOCIAL = "social", _("social campaign")


class CampaignPage(CatalogPage):
    """A campaign and its plan: aim, measurable goals, audiences, channels, budget and team.

    The plan fields are for staff; the public page shows only the common record fields. The actions
    of the plan live in `campaigns.Action`.
    """

    kind = models.CharField(_("kind of campaign"), max_length=20, choices=CampaignKind.choices, default=CampaignKind.INFORMATION)
    project = models.ForeignKey(
        ProjectPage, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns"
    )
    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="campaigns"
    )
    aim = models.TextField(_("aim"), blank=True)
    audiences = models.TextField(_("audiences"), blank=True, help_text=_("Who the campaign speaks to, one group per line."))
    channels = ParentalManyToManyField("core.Channel", verbose_name=_("channels"), blank=True, related_name="campaigns")
    budget_pln = models.DecimalField(_("budget (PLN)"), max_digits=12, decimal_places=2, null=True, blank=True)
    team = ParentalManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("team"), blank=True, related_name="campaign_teams")
    events = ParentalManyToManyField("catalog.EventPage", verbose_name=_("events"), blank=True, related_name="promoting_campaigns")

    allowed_statuses = statuses.CAMPAIGN_STATUSES
    parent_page_types = ["catalog.CampaignIndexPage"]
    subpage_types: list[str] = []
    content_panels = CatalogPage.common_panels + [
        FieldPanel("kind"), status_panel(statuses.CAMPAIGN_STATUSES), CatalogPage.dates_panel,
        FieldPanel("project"), FieldPanel("consultation"), FieldPanel("events"),
        MultiFieldPanel(
            [
                FieldPanel("aim"), FieldPanel("audiences"), FieldPanel("channels", widget=forms.CheckboxSelectMultiple),
                FieldPanel("budget_pln"), FieldPanel("team"), InlinePanel("goals", label=_("measurable goals")),
            ],
            heading=_("Campaign plan"),
        ),
    ] + CatalogPage.classification_panels

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")


class CampaignGoal(Orderable):
    """A measurable goal of a campaign (KPI): "newsletter sign-ups: 500 people, reached 320".

    A goal that names a `metric` is fed from the results of the campaign's published posts
    (`publishing.metrics.roll_up`); the others are typed in by hand.
    """

    class Metric(models.TextChoices):
        REACH = "reach", _("reach of the campaign's posts")
        REACTIONS = "reactions", _("reactions to the campaign's posts")
        CLICKS = "clicks", _("clicks on the campaign's posts")

    campaign = ParentalKey(CampaignPage, on_delete=models.CASCADE, related_name="goals")
    name = models.CharField(_("indicator"), max_length=200)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    actual = models.DecimalField(_("reached"), max_digits=12, decimal_places=2, null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True, help_text=_("e.g. people, views, %"))
    metric = models.CharField(
        _("counted from posts"), max_length=20, choices=Metric.choices, blank=True,
        help_text=_("Leave empty to type the reached value yourself. Otherwise it is the sum over the campaign's "
                    "published posts, updated whenever their results are read or typed in."),
    )

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("target"), FieldPanel("actual"), FieldPanel("unit"),
                             FieldPanel("metric")])]

    class Meta(Orderable.Meta):
        verbose_name = _("measurable goal")
        verbose_name_plural = _("measurable goals")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        """A goal fed from posts keeps its stored sum: publishing the campaign (its revision holds the value the
        editor last saw) must not undo a later roll-up."""
        if self.metric and self.pk:
            stored = list(type(self).objects.filter(pk=self.pk, metric=self.metric).values_list("actual", flat=True))
            if stored:
                self.actual = stored[0]
        super().save(*args, **kwargs)


class EventType(models.TextChoices):
    DEBATE = "debate", _("debate")
    WORKSHOP = "workshop", _("workshop")
    CITIZEN_PANEL = "citizen_panel", _("citizen panel meeting")
    CONSULTATION_MEETING = "consultation_meeting", _("consultation meeting")
    WEBINAR = "webinar", _("webinar")
    RESEARCH_WALK = "research_walk", _("research walk")
    DUTY_HOURS = "duty_hours", _("expert duty hours")
    CONSULTATION_POINT = "consultation_point", _("consultation point")
    OTHER = "other", pgettext_lazy("event type", "other")


class EventPage(CatalogPage):
    event_type = models.CharField(_("type of event"), max_length=30, choices=EventType.choices, db_index=True)
    venue_name = models.CharField(_("venue"), max_length=255, blank=True)
    venue_address = models.CharField(_("address"), max_length=255, blank=True)
    is_online = models.BooleanField(_("online event"), default=False)
    online_url = models.URLField(_("online meeting link"), blank=True)
    consultation = models.ForeignKey(
        ConsultationPage, verbose_name=_("consultation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )
    project = models.ForeignKey(
        ProjectPage, verbose_name=_("project"), null=True, blank=True, on_delete=models.SET_NULL, related_name="events"
    )

    allowed_statuses = statuses.EVENT_STATUSES
    parent_page_types = ["catalog.EventIndexPage"]
    subpage_types: list[str] = []
    search_fields = CatalogPage.search_fields + [index.SearchField("venue_name"), index.FilterField("event_type")]
    content_panels = CatalogPage.common_panels + [
        FieldPanel("event_type"), status_panel(statuses.EVENT_STATUSES), CatalogPage.dates_panel,
        MultiFieldPanel(
            [FieldPanel("venue_name"), FieldPanel("venue_address"), FieldPanel("is_online"), FieldPanel("online_url")],
            heading=_("Place"),
        ),
        FieldPanel("consultation"), FieldPanel("project"),
    ] + CatalogPage.classification_panels

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def record_errors(self) -> dict[str, str]:
        errors = super().record_errors()
        if not self.starts_at:
            errors["starts_at"] = _("An event needs a start date and time.")
        if not self.is_online and not self.venue_name:
            errors["venue_name"] = _("Give the venue, or mark the event as online.")
        return errors


class OfferKind(models.TextChoices):
    PROGRAMME = "programme", _("programme")
    TRAINING = "training", _("training")
    TOOL = "tool", _("tool")
    PUBLICATION = "publication", _("publication")


class OfferPage(CatalogPage):
    """Something the unit offers residents: a programme, training, tool or publication."""

    kind = models.CharField(_("kind of offer"), max_length=20, choices=OfferKind.choices, db_index=True)
    audience = models.CharField(_("for whom"), max_length=255, blank=True)
    how_to_use = models.TextField(_("how to take part or use it"), blank=True)
    website = models.URLField(_("website"), blank=True)

    allowed_statuses = statuses.OFFER_STATUSES
    parent_page_types = ["catalog.OfferIndexPage"]
    subpage_types: list[str] = []
    content_panels = CatalogPage.common_panels + [
        FieldPanel("kind"), status_panel(statuses.OFFER_STATUSES), CatalogPage.dates_panel,
        FieldPanel("audience"), FieldPanel("how_to_use"), FieldPanel("website"),
    ] + CatalogPage.classification_panels

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")


class ListingEntry(models.Model):
    """A live record as public listings filter and sort it: one narrow row per record, kept by `catalog.listing`.

    A listing reads the page of ids it shows (and the number of all matching records) from this table alone, with an
    index per record type, then the cards' columns of those ids; PostgreSQL no longer joins a record's three tables
    and counts the joined rows for every listing. The districts and topics are the records' own link tables.
    """

    page = models.OneToOneField(CatalogPage, primary_key=True, on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    path = models.CharField(max_length=255)  # the page's tree path, for the sections a view restriction closes
    title = models.CharField(max_length=255)
    status = models.CharField(max_length=20)
    starts_at = models.DateTimeField(null=True)
    ends_at = models.DateTimeField(null=True)
    first_published_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["content_type", "starts_at"], name="catalog_listing_type_start"),
            models.Index(fields=["content_type", "status"], name="catalog_listing_type_status"),
        ]

    def __str__(self) -> str:
        return self.title


class CatalogIndexPage(PublicPageMixin, Page):
    """A public listing of one record type with filters; the type is set by each subclass."""

    intro = models.TextField(_("introduction"), blank=True)

    record_model: type[CatalogPage] = CatalogPage
    is_creatable = False
    max_count = 1
    parent_page_types = ["portal.HomePage"]
    content_panels = Page.content_panels + [FieldPanel("intro")]
    template = "catalog/catalog_index_page.html"

    class Meta:
        verbose_name = _("listing")

    def get_template(self, request, *args, **kwargs):
        # Wagtail derives a template name for each subclass; all listings share this one.
        return CatalogIndexPage.template

    def get_context(self, request, *args, **kwargs):
        from portal.views import listing_context

        context = super().get_context(request, *args, **kwargs)
        context.update(listing_context(request, index_page=self))
        return context

    def route(self, request, path_components):
        """Read a record below the listing as its own type in one query, with what its page shows by foreign key.

        Wagtail's routing reads the generic page, then its specific row, then each foreign key on access.
        A child of another type (moved here by hand) still routes the generic way.
        """
        if not path_components:
            return super().route(request, path_components)
        model = self.record_model
        record = child_by_slug(self, model, path_components[0], joins=tuple(model.page_joins()))
        if record is None:
            return super().route(request, path_components)
        return record.route(request, path_components[1:])

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if getattr(response, "context_data", {}).get("filter_form_invalid"):
            response.status_code = 400
        return response


class ProjectIndexPage(CatalogIndexPage):
    record_model = ProjectPage
    is_creatable = True
    subpage_types = ["catalog.ProjectPage"]

    class Meta:
        verbose_name = _("project listing")


class ConsultationIndexPage(CatalogIndexPage):
    record_model = ConsultationPage
    is_creatable = True
    subpage_types = ["catalog.ConsultationPage"]

    class Meta:
        verbose_name = _("consultation listing")


class CampaignIndexPage(CatalogIndexPage):
    record_model = CampaignPage
    is_creatable = True
    subpage_types = ["catalog.CampaignPage"]

    class Meta:
        verbose_name = _("campaign listing")


class EventIndexPage(CatalogIndexPage):
    record_model = EventPage
    is_creatable = True
    subpage_types = ["catalog.EventPage"]

    class Meta:
        verbose_name = _("event listing")


class OfferIndexPage(CatalogIndexPage):
    record_model = OfferPage
    is_creatable = True
    subpage_types = ["catalog.OfferPage"]

    class Meta:
        verbose_name = _("offer listing")
