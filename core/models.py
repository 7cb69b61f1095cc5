"""Shared reference data: districts, topics and the brand of the deployment."""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site
from wagtail.search import index

from .colours import contrast_ratio

# With the default per-process cache, other server processes show a saved branding within this time.
BRANDING_CACHE_SECONDS = 300

hex_colour = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB."))


class District(index.Indexed, models.Model):
    """An administrative district of the city (dzielnica). Loaded from a CSV file, never hard-coded."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    roman = models.CharField(_("Roman numeral"), max_length=10)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    area_km2 = models.DecimalField(_("area (km²)"), max_digits=7, decimal_places=2, null=True, blank=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    population_date = models.DateField(_("population as of"), null=True, blank=True)
    source = models.CharField(_("source of the data"), max_length=255, blank=True)

    panels = [
        FieldPanel("number"),
        FieldPanel("roman"),
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("area_km2"),
        FieldPanel("population"),
        FieldPanel("population_date"),
        FieldPanel("source"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return f"{self.roman} {self.name}"


class Topic(index.Indexed, models.Model):
    """A theme of public life (temat) used to tag records and to filter them."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name


class Channel(models.Model):
    """A way the unit reaches people (kanał): a social network profile, a website, the newsletter, BIP, posters.

    Loaded from a CSV like the districts, then edited in the back-office; `daily_post_limit` overrides the
    planner's default warning threshold for this channel.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    daily_post_limit = models.PositiveSmallIntegerField(
        _("posts a day before a warning"), null=True, blank=True,
        help_text=_("Empty: the installation's default (setting DIALOG_CHANNEL_DAILY_POST_LIMIT)."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("daily_post_limit"), FieldPanel("is_active"), FieldPanel("sort_order")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self) -> str:
        return self.name


@register_setting(icon="site")
class Branding(BaseSiteSetting):
    """The coherent image of the unit (seed duty 1a): used by every public page and document."""

    site_name = models.CharField(_("site name"), max_length=100, default="Dialog Kraków")
    organisation_name = models.CharField(
        _("organisation"), max_length=255, default="Urząd Miasta Krakowa – Wydział ds. Dialogu Obywatelskiego"
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True, default="Konsultacje, wydarzenia i dialog z mieszkańcami")
    logo = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("logo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#004C97", validators=[hex_colour],
        help_text=_("Used for the header and links; must contrast at least 4.5:1 with white."),
    )
    accent_colour = models.CharField(_("accent colour"), max_length=7, default="#B9975B", validators=[hex_colour])
    contact_address = models.TextField(_("contact address"), blank=True, default="pl. Wszystkich Świętych 3-4\n31-004 Kraków")
    contact_email = models.EmailField(_("contact e-mail"), blank=True, default="dialog@um.krakow.pl")
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True, default="+48 12 616 12 00")
    bip_url = models.URLField(_("BIP address"), blank=True, default="https://bip.krakow.pl/")
    accessibility_statement_url = models.CharField(
        _("accessibility statement address"), max_length=255, blank=True, default="/deklaracja-dostepnosci/"
    )
    privacy_url = models.CharField(_("privacy policy address"), max_length=255, blank=True, default="/ochrona-danych/")
    city_portal_url = models.URLField(_("city portal address"), blank=True, default="https://www.krakow.pl/")

    panels = [
        MultiFieldPanel([FieldPanel("site_name"), FieldPanel("organisation_name"), FieldPanel("tagline"), FieldPanel("logo")], heading=_("Identity")),
        MultiFieldPanel([FieldPanel("primary_colour"), FieldPanel("accent_colour")], heading=_("Colours")),
        MultiFieldPanel([FieldPanel("contact_address"), FieldPanel("contact_email"), FieldPanel("contact_phone")], heading=_("Contact")),
        MultiFieldPanel(
            [FieldPanel("bip_url"), FieldPanel("accessibility_statement_url"), FieldPanel("privacy_url"), FieldPanel("city_portal_url")],
            heading=_("Footer links"),
        ),
    ]

    class Meta:
        verbose_name = _("branding")

    @classmethod
    def for_request(cls, request):
        """The site's branding, shared between requests through the cache: every public page shows it.

        Saving drops the cached copy. The admin's edit form reads `for_site`, never this copy.
        """
        attr = cls.get_cache_attr_name()
        if not hasattr(request, attr):
            site = Site.find_for_request(request)
            key = cls._cache_key(site.pk if site else None)
            branding = cache.get(key)
            if branding is None:
                branding = cls.for_site(site)
                cache.set(key, branding, BRANDING_CACHE_SECONDS)
            setattr(request, attr, branding)
        return getattr(request, attr)

    @staticmethod
    def _cache_key(site_id: int | None) -> str:
        return f"core:branding:{site_id}"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(self._cache_key(self.site_id))

    def clean(self) -> None:
        super().clean()
        if hex_colour.regex.match(self.primary_colour or "") and contrast_ratio(self.primary_colour, "#FFFFFF") < 4.5:
            raise ValidationError(
                {"primary_colour": _("This colour contrasts less than 4.5:1 with white text; choose a darker one.")}
            )
