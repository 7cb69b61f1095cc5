"""Organisations the unit works with and the people in them, with the legal basis for keeping each person's data."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index


class OrganisationKind(models.TextChoices):
    CITY_UNIT = "city_unit", _("City Hall unit")
    MUNICIPAL_UNIT = "municipal_unit", _("municipal unit")
    DISTRICT_COUNCIL = "district_council", _("district council")
    NGO = "ngo", _("NGO")
    UNIVERSITY = "university", _("university")
    MEDIA = "media", _("media outlet")
    COMPANY = "company", _("company / CSR partner")
    OTHER = "other", pgettext_lazy("organisation kind", "other")


class Organisation(index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices, db_index=True)
    district = models.ForeignKey(
        "core.District", verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="organisations", help_text=_("For a district council: the district it serves."),
    )
    street = models.CharField(_("street and number"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    do_not_contact = models.BooleanField(_("do not contact"), default=False)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("short_name"), FieldPanel("kind")]),
        FieldPanel("district"),
        MultiFieldPanel([FieldPanel("street"), FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")])], heading=_("Address")),
        MultiFieldPanel([FieldPanel("email"), FieldPanel("phone"), FieldPanel("website"), FieldPanel("do_not_contact")], heading=_("Contact")),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("short_name"),
        index.AutocompleteField("name"),
        index.FilterField("kind"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["district"], condition=models.Q(kind="district_council"), name="one_council_per_district",
                violation_error_message=_("This district already has a council."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.TextChoices):
    PUBLIC_TASK = "public_task", _("public task – GDPR art. 6(1)(e)")
    CONSENT = "consent", _("consent – GDPR art. 6(1)(a)")
    CONTRACT = "contract", _("contract – GDPR art. 6(1)(b)")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation – GDPR art. 6(1)(c)")
    PUBLIC_SOURCE = "public_source", _("publicly available contact data of an institution")


class Person(index.Indexed, ClusterableModel):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    legal_basis = models.CharField(_("legal basis for the data"), max_length=20, choices=LegalBasis.choices)
    legal_basis_note = models.CharField(
        _("note on the legal basis"), max_length=255, blank=True,
        help_text=_("E.g. where and when consent was given, or which task requires the data."),
    )
    consent_given_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    do_not_contact = models.BooleanField(_("do not contact"), default=False)
    notes = models.TextField(_("notes"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("first_name"), FieldPanel("last_name")]),
        FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
        MultiFieldPanel(
            [FieldPanel("legal_basis"), FieldPanel("legal_basis_note"), FieldPanel("consent_given_at"), FieldPanel("do_not_contact")],
            heading=_("Personal data"),
        ),
        InlinePanel("memberships", label=_("Roles in organisations")),
        FieldPanel("notes"),
    ]
    search_fields = [
        index.SearchField("first_name"),
        index.SearchField("last_name"),
        index.SearchField("email"),
        index.AutocompleteField("last_name"),
    ]

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Membership(Orderable):
    """A person's role in an organisation (e.g. press officer of a media outlet, chair of a district council)."""

    person = ParentalKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=255)
    is_primary_contact = models.BooleanField(_("primary contact"), default=False)

    panels = [FieldPanel("organisation"), FieldPanel("role"), FieldPanel("is_primary_contact")]

    class Meta(Orderable.Meta):
        verbose_name = _("role in an organisation")
        verbose_name_plural = _("roles in organisations")

    def __str__(self) -> str:
        return f"{self.person} – {self.role}, {self.organisation}"


class Account(models.Model):
    """Which organisation a user acts for: partner accounts see their own organisation's records."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dialog_account")
    organisation = models.ForeignKey(Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="accounts")

    class Meta:
        verbose_name = _("account's organisation")
        verbose_name_plural = _("accounts' organisations")

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation}"
