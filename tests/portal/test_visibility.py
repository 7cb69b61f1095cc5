"""Closed sections and the cached menu: what the public sees follows publishing and view restrictions at once."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from wagtail.models import Page, PageViewRestriction

from catalog.models import OfferIndexPage
from portal.models import StandardPage
from tests.factories import ConsultationFactory, OfferFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def menu_of(client) -> list[str]:
    html = client.get("/").content.decode()
    menu = re.search(r'<nav class="main-menu"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r"<a [^>]*>([^<]+)</a>", menu)


def test_a_page_published_into_the_menu_appears_and_leaves_with_unpublishing(client, site_tree):
    assert "O dialogu" not in menu_of(client)  # the menu is now cached
    about = StandardPage(title="O dialogu", slug="o-dialogu", show_in_menus=True)
    site_tree.add_child(instance=about)
    about.save_revision().publish()
    assert "O dialogu" in menu_of(client)
    about.unpublish()
    assert "O dialogu" not in menu_of(client)


def test_a_closed_section_leaves_the_menu_listings_home_and_search(client, site_tree):
    OfferFactory(title="Warsztaty wolontariatu")
    ConsultationFactory(title="Warsztaty o zieleni")
    offers = OfferIndexPage.objects.get()
    assert "Oferta dla mieszkańców" in menu_of(client)
    assert "Warsztaty wolontariatu" in client.get("/szukaj/?q=warsztaty").content.decode()

    restriction = PageViewRestriction.objects.create(page=offers, restriction_type=PageViewRestriction.LOGIN)
    assert "Oferta dla mieszkańców" not in menu_of(client)
    home = client.get("/").content.decode()
    assert "Warsztaty wolontariatu" not in home and "Warsztaty o zieleni" in home
    results = client.get("/szukaj/?q=warsztaty").content.decode()
    assert "Warsztaty wolontariatu" not in results and "Warsztaty o zieleni" in results
    assert client.get("/oferta/").status_code == 302  # to the login page
    assert client.get(Page.objects.get(title="Warsztaty wolontariatu").url).status_code == 302

    restriction.delete()
    assert "Oferta dla mieszkańców" in menu_of(client)
    assert client.get("/oferta/").status_code == 200


def test_whole_day_periods_are_written_without_hours(client, site_tree):
    start = dt.datetime(2026, 12, 1, tzinfo=WARSAW)
    end = dt.datetime(2027, 1, 15, 23, 59, 59, tzinfo=WARSAW)
    ConsultationFactory(title="Budżet dzielnicy", starts_at=start, ends_at=end)
    html = client.get("/konsultacje/").content.decode()
    assert '<time datetime="2026-12-01">1 grudnia 2026</time> – <time datetime="2027-01-15">15 stycznia 2027</time>' in html
    assert "00:00" not in html and "23:59" not in html
