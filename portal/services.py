"""Setting up the public page tree of a fresh installation."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page, Site

from catalog.models import (
    CampaignIndexPage,
    CatalogIndexPage,
    ConsultationIndexPage,
    EventIndexPage,
    OfferIndexPage,
    ProjectIndexPage,
)

from .models import HomePage

# (model, title, slug, intro) of each listing under the home page.
LISTINGS: list[tuple[type[CatalogIndexPage], str, str, str]] = [
    (ConsultationIndexPage, "Konsultacje społeczne", "konsultacje", "Sprawy, w których miasto pyta mieszkańców o zdanie."),
    (EventIndexPage, "Wydarzenia", "wydarzenia", "Debaty, warsztaty, spacery badawcze i spotkania konsultacyjne."),
    (ProjectIndexPage, "Projekty", "projekty", "Programy i inicjatywy, w ramach których prowadzimy dialog z mieszkańcami."),
    (CampaignIndexPage, "Kampanie", "kampanie", "Kampanie informacyjne, edukacyjne i społeczne."),
    (OfferIndexPage, "Oferta dla mieszkańców", "oferta", "Programy, szkolenia, narzędzia i publikacje."),
]


@transaction.atomic
def ensure_site_tree(*, hostname: str = "localhost", port: int = 80) -> HomePage:
    """Create the home page, the five listings and the default Site once; later runs change nothing."""
    home = HomePage.objects.first()
    if home is None:
        root = _ensure_wagtail_roots()
        # Wagtail's initial migration creates a placeholder "Welcome" page; ours replaces it.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(
            instance=HomePage(title="Dialog Kraków", slug="dialog", intro="Konsultacje, wydarzenia i dialog z mieszkańcami Krakowa.")
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname=hostname, port=port, root_page=home, is_default_site=True, site_name="Dialog Kraków")
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    for model, title, slug, intro in LISTINGS:
        if not model.objects.exists():
            home.add_child(instance=model(title=title, slug=slug, intro=intro, show_in_menus=True))
    return home


def _ensure_wagtail_roots() -> Page:
    """The default locale, root page and root collection that Wagtail's migrations create.

    A database flushed between transactional tests has lost them; they are recreated here the way
    those migrations make them, so bootstrapping works on any empty database.
    """
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))


def listing_page(model: type[CatalogIndexPage]) -> CatalogIndexPage:
    return model.objects.get()
