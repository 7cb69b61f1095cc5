"""Site-wide behaviour: languages, content pages, 404/500, robots.txt and the sitemap."""

import re

import pytest
from django.test import Client

from portal.models import StandardPage
from tests.factories import ConsultationFactory, EventFactory

pytestmark = pytest.mark.django_db


def test_language_switcher_links_every_language_from_the_current_page(client, site_tree):
    html = client.get("/konsultacje/?status=open").content.decode()
    switcher = re.search(r'<nav class="language-switcher" aria-label="Język">(.*?)</nav>', html, re.S).group(1)
    assert 'href="/konsultacje/?status=open" lang="pl" hreflang="pl" aria-current="true">Polski' in switcher
    assert 'href="/en/konsultacje/?status=open" lang="en" hreflang="en">English' in switcher
    assert 'href="/uk/konsultacje/?status=open" lang="uk" hreflang="uk">Українська' in switcher


def test_english_interface(client, site_tree):
    html = client.get("/en/konsultacje/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html and "Filter the list" in html and "0 records found." in html
    assert 'href="/uk/konsultacje/"' in html and 'href="/konsultacje/"' in html
    assert 'href="/en/wydarzenia/"' in html  # menu links stay in English


def test_ukrainian_interface(client, site_tree):
    ConsultationFactory(title="Zielone podwórka")
    home = client.get("/uk/").content.decode()
    assert '<html lang="uk">' in home
    assert "Перейти до основного вмісту" in home and "Поточні та заплановані консультації" in home
    listing = client.get("/uk/konsultacje/").content.decode()
    assert "Знайдено 1 запис." in listing
    assert "Фільтрувати список" in listing


def test_plural_forms(client, site_tree):
    for n in range(5):
        EventFactory(title=f"Warsztat {n}")
    assert "5 wyników dla „warsztat”." in client.get("/szukaj/?q=warsztat").content.decode()
    assert "5 результатів для «warsztat»." in client.get("/uk/szukaj/?q=warsztat").content.decode()
    assert "5 results for “warsztat”." in client.get("/en/szukaj/?q=warsztat").content.decode()


def test_dates_follow_the_language(client, full_records):
    url = full_records["event"].url
    assert "16 marca 2026, 18:00" in client.get(url).content.decode()
    assert "16 March 2026, 18:00" in client.get("/en" + url).content.decode()
    assert "16 березня 2026, 18:00" in client.get("/uk" + url).content.decode()


def test_standard_page(client, site_tree):
    site_tree.add_child(
        instance=StandardPage(title="Deklaracja dostępności", slug="deklaracja-dostepnosci", body="<h2 id=\"a11y-wstep\">Wstęp</h2><p>Treść.</p>")
    )
    response = client.get("/deklaracja-dostepnosci/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Deklaracja dostępności</h1>" in html and html.count("<h1") == 1
    assert '<h2 id="a11y-wstep">Wstęp</h2>' in html
    assert '<span aria-current="page">Deklaracja dostępności</span>' in html


def test_unknown_address_gives_the_polish_404_page(client, site_tree):
    response = client.get("/konsultacje/nie-ma-takich-konsultacji/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="pl">' in html
    assert "<h1>Nie znaleziono strony</h1>" in html
    assert "Pod tym adresem nie ma strony." in html and 'href="/">strony głównej</a>' in html
    assert client.get("/en/no-such-page/").content.decode().count("Page not found") >= 1


def test_language_links_cannot_point_to_another_host(rf):
    from portal.templatetags.portal_tags import language_links

    request = rf.get("/")
    request.path = request.path_info = "//evil.example.org/x/"
    assert [link["url"] for link in language_links({"request": request})] == [
        "/evil.example.org/x/", "/en/evil.example.org/x/", "/uk/evil.example.org/x/",
    ]


def test_500_page_is_polish_and_needs_no_database(site_tree, rf, django_assert_num_queries):
    from portal.views import server_error

    with django_assert_num_queries(0):
        response = server_error(rf.get("/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="pl">' in html and "Przepraszamy, wystąpił błąd serwera" in html


def test_robots_txt(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/plain")
    assert "User-agent: *" in text and "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_published_records(client, site_tree):
    record = ConsultationFactory(title="Zielone podwórka")
    draft = ConsultationFactory(title="Szkic", publish=False)
    response = client.get("/sitemap.xml")
    xml = response.content.decode()
    assert response.status_code == 200
    assert f"{record.url}</loc>" in xml
    assert "/konsultacje/</loc>" in xml
    assert draft.slug not in xml


def test_pages_work_without_a_session_or_cookies(site_tree):
    response = Client().get("/")
    assert response.status_code == 200
    assert not response.cookies
