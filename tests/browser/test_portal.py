"""The public portal in a real browser: a resident's path, keyboard use, and axe-core on every page type."""

import pytest
from django.template.loader import render_to_string

from core.models import District
from portal.models import StandardPage
from tests.factories import ConsultationFactory, TopicFactory
from tests.portal.records import create_full_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]


@pytest.fixture
def records(site_tree):
    return create_full_records(district=District.objects.get(number=1), topic=TopicFactory(name="Zieleń", slug="zielen"))


def test_resident_filters_consultations_by_district_and_opens_one(live_server, page, site_tree):
    stare_miasto = District.objects.get(number=1)
    ConsultationFactory(title="Zielone podwórka", districts=[stare_miasto])
    ConsultationFactory(title="Park w Nowej Hucie", districts=[District.objects.get(number=18)])

    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Konsultacje społeczne").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Konsultacje społeczne"
    assert page.get_by_text("Znaleziono 2 wyniki.").is_visible()

    district_checkbox = page.get_by_label(str(stare_miasto))
    assert not district_checkbox.is_visible()  # long lists stay folded until opened
    page.locator("summary", has_text="Dzielnica").click()
    district_checkbox.check()
    page.get_by_role("button", name="Pokaż wyniki").click()
    page.wait_for_url(f"**/konsultacje/?*district={stare_miasto.slug}*")
    results = page.get_by_role("region", name="Wyniki")
    assert results.get_by_text("Znaleziono 1 wynik.").is_visible()
    assert results.get_by_role("link", name="Park w Nowej Hucie").count() == 0

    assert page.get_by_label(str(stare_miasto)).is_checked()  # the chosen filter stays open and ticked
    results.get_by_role("link", name="Zielone podwórka").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Zielone podwórka"
    assert page.get_by_role("navigation", name="Ścieżka nawigacji").get_by_role("link", name="Konsultacje społeczne").is_visible()


def test_first_tab_reaches_the_visible_skip_link(live_server, page, site_tree):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    assert focused == ["skip-link", "#main"]
    assert page.get_by_role("link", name="Przejdź do treści głównej").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_every_public_page_type_passes_axe(live_server, page, records, settings, axe_check):
    settings.DIALOG_PAGE_SIZE = 1  # so listings show their pagination too
    site_tree = records["consultation"].get_parent().get_parent()
    site_tree.add_child(
        instance=StandardPage(
            title="Deklaracja dostępności", slug="deklaracja-dostepnosci",
            body='<h2 id="a11y-wstep">Wstęp</h2><p>Urząd Miasta Krakowa zobowiązuje się zapewnić dostępność strony.</p>',
        )
    )
    pages = {
        "home": "/",
        "consultation listing": "/konsultacje/",
        "event listing": "/wydarzenia/",
        "project listing": "/projekty/",
        "campaign listing": "/kampanie/",
        "offer listing": "/oferta/",
        "listing with filter errors": "/konsultacje/?district=nie-ma-takiej&date_from=wczoraj",
        "filtered listing": "/konsultacje/?district=stare-miasto&topic=zielen",
        **{f"{kind} page": record.url for kind, record in records.items()},
        "search results": "/szukaj/?q=podworka",
        "search without results": "/szukaj/?q=xyzzy",
        "search form": "/szukaj/",
        "search error": "/szukaj/?q=" + "a" * 101,
        "404": "/nie-ma-takiej-strony/",
        "400 (more query fields than Django reads)": "/szukaj/?" + "&".join(f"a{n}=1" for n in range(1001)),
        "content page": "/deklaracja-dostepnosci/",
        "English home": "/en/",
        "Ukrainian home": "/uk/",
        "English record page": "/en" + records["event"].url,
    }
    for name, path in pages.items():
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, name
        expected_lang = path.split("/")[1] if path.startswith(("/en/", "/uk/")) else "pl"
        assert page.locator("html").get_attribute("lang") == expected_lang, name
        axe_check(page, f"{name} ({path[:60]})")
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.classList.contains('skip-link')"):
            page.keyboard.press("Tab")  # past the skip link (a test of its own), to the first link of the header
        assert focus_is_visible(page), name
    page.set_content(render_to_string("500.html"))  # nothing a test can do to the live server makes it fail
    assert page.locator("h1").inner_text() == "Przepraszamy, wystąpił błąd serwera"
    axe_check(page, "500", structure=True)


def focus_is_visible(page) -> bool:
    """The focused element is drawn with an outline or a shadow (WCAG 2.4.7), as the portal's `:focus-visible` says."""
    return page.evaluate("""() => {
        const style = getComputedStyle(document.activeElement);
        return document.activeElement !== document.body
            && ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none");
    }""")
