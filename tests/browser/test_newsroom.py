"""A journalist in a real browser, keyboard only: the press room, a release, a release under embargo through its secret
link, a broken secret link, the news listing and a news item. axe scans every page (zero WCAG 2.1 AA violations)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from newsroom import services
from newsroom.models import PressContact
from tests.browser.keyboard import tab_to
from tests.factories import PersonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]


def scan(page, axe_check, context: str) -> None:
    assert page.locator("h1").count() == 1, context
    axe_check(page, context)


@pytest.fixture
def press_content(site_tree):
    public = services.create_release_draft(title="Wyniki konsultacji parku Drwinka", lead="Mieszkańcy złożyli 312 uwag.",
                                           body_paragraphs=["Raport jest do pobrania."], delivery_key="b-1")
    services.publish_release(release=public, user=None)
    embargoed = services.create_release_draft(title="Program małych grantów", lead="Prezydent przedstawi program.",
                                              body_paragraphs=["Szczegóły na konferencji."], delivery_key="b-2")
    embargoed = services.publish_release(release=embargoed, user=None,
                                         embargo_until=timezone.now().replace(second=0, microsecond=0) + timedelta(days=2))
    PressContact.objects.create(person=PersonFactory(first_name="Marta", last_name="Rzeczniczka", phone="12 616 00 00",
                                                     email="rzecznik@example.org"), role="rzeczniczka prasowa")
    for number in (1, 2):
        services.create_news_item(title=f"Aktualność {number}", lead=f"Zajawka aktualności {number}.",
                                  body_paragraphs=["Treść."], day=timezone.localdate(), delivery_key=f"n-{number}",
                                  link_url="https://dialog.example.org/konsultacje/")
    return embargoed


def test_a_journalist_reads_the_press_room_releases_and_news_with_the_keyboard(page, live_server, axe_check, press_content):
    page.goto(f"{live_server.url}/dla-mediow/")
    scan(page, axe_check, "press room")
    assert "Program małych grantów" not in page.content()  # under embargo: not listed
    assert "Marta Rzeczniczka" in page.content()

    tab_to(page, "a[href$='/dla-mediow/wyniki-konsultacji-parku-drwinka/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dla-mediow/wyniki-konsultacji-parku-drwinka/")
    scan(page, axe_check, "press release")

    page.goto(f"{live_server.url}/prasa/embargo/{press_content.embargo_token}/")
    assert "EMBARGO do" in page.locator("[role=note]").inner_text()
    scan(page, axe_check, "release under embargo")

    page.goto(f"{live_server.url}/prasa/embargo/zly-link/")
    scan(page, axe_check, "broken secret link")

    page.goto(f"{live_server.url}/aktualnosci/")
    scan(page, axe_check, "news listing")
    tab_to(page, "a[href$='/aktualnosci/aktualnosc-1/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/aktualnosci/aktualnosc-1/")
    scan(page, axe_check, "news item")
