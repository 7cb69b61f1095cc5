"""The newsletter in a real browser: a resident signs up with the keyboard only, meets an error, fixes it, confirms
from the e-mail, changes topics and unsubscribes; axe scans every page of the way and the web version of an edition."""

import re

import pytest
from django.core import mail

from newsletter import services
from newsletter.models import Subscriber, SubscriberStatus
from tests.browser.keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]


def scan(page, axe_check, context: str) -> None:
    assert page.locator("h1").count() == 1, context
    axe_check(page, context)


def test_a_resident_subscribes_confirms_changes_topics_and_unsubscribes_with_the_keyboard(page, live_server, site_tree, axe_check):
    page.goto(f"{live_server.url}/newsletter/")
    scan(page, axe_check, "sign-up form")

    tab_to(page, "#id_email")
    page.keyboard.type("zofia@example.org")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Aby się zapisać, zaznacz" in summary.inner_text()
    scan(page, axe_check, "sign-up form with an error")
    assert page.locator("#id_email").input_value() == "zofia@example.org"

    tab_to(page, "#id_consent")
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/newsletter/sprawdz-poczte/")
    scan(page, axe_check, "check your e-mail")

    link = re.search(r"https?://[^/\s]+(/newsletter/potwierdz/[\w-]+/)", mail.outbox[-1].body).group(1)
    page.goto(f"{live_server.url}{link}")
    scan(page, axe_check, "confirmation page")
    tab_to(page, "button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/newsletter/ustawienia/**")
    assert "Zapis jest potwierdzony" in page.locator("[role=status]").inner_text()
    scan(page, axe_check, "preferences")
    assert Subscriber.objects.get().status == SubscriberStatus.ACTIVE

    tab_to(page, "a[href*='/newsletter/wypisz/']")
    page.keyboard.press("Enter")
    page.wait_for_url("**/newsletter/wypisz/**")
    scan(page, axe_check, "unsubscribe question")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():  # the answer comes back to the same address: wait for it, not for the URL
        page.keyboard.press("Enter")
    assert "Wypisano Cię z newslettera" in page.locator("h1").inner_text()
    scan(page, axe_check, "unsubscribed")
    assert Subscriber.objects.get().status == SubscriberStatus.UNSUBSCRIBED


def test_the_web_version_of_an_edition_passes_axe(page, live_server, site_tree, axe_check):
    edition = services.create_edition(subject="Łąki kwietne w Nowej Hucie", text="Zapraszamy.\n\nDrugi akapit.",
                                       link_url="https://dialog.example.org/", idempotency_key="browser")
    page.goto(f"{live_server.url}/newsletter/wydanie/{edition.pk}/")
    scan(page, axe_check, "edition on the web")
