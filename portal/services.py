"""Setting up the public page tree of a fresh installation."""

from django.db import transaction
from wagtail.models import Page, Site

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
        root = Page.get_first_root_node()
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
            home.add_child(instance=model(title=title, slug=slug, intro=intro))
    return home


def listing_page(model: type[CatalogIndexPage]) -> CatalogIndexPage:
    return model.objects.get()
