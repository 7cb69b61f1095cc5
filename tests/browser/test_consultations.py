"""Comments on a document in a real browser: a resident comments on a paragraph with the keyboard only (the anti-robot
check runs in the page), sees the error summary first, then the confirmation; axe scans the document page and the
comment form (empty and with errors), and the page with published comments."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from consultations import services
from consultations.models import ModerationMode, ModerationState, Remark
from tests.browser.keyboard import tab_to
from tests.factories import ConsultationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]

TEXT = "§ 1\nCel uchwały: więcej drzew na osiedlach.\n\n§ 2\nKażde osiedle dostaje plan zieleni.\n\n§ 3\nUchwała wchodzi w życie po 14 dniach."


def scan(page, axe_check, context: str) -> None:
    assert page.locator("h1").count() == 1, context
    assert page.locator("html").get_attribute("lang") == "pl", context
    axe_check(page, context)


def test_resident_comments_on_a_paragraph_with_the_keyboard(live_server, page, axe_check, site_tree):
    now = timezone.now()
    consultation = ConsultationFactory(
        title="Zielone osiedla", status="open", starts_at=now - timezone.timedelta(days=2), ends_at=now + timezone.timedelta(days=20),
        aim="Pytamy o plan zieleni.", consultation_forms=["open_meeting", "survey", "document_comments"],
    )
    document = services.create_document(
        consultation=consultation, title="Projekt uchwały o zieleni", intro="Skomentuj wybrane paragrafy.", text=TEXT,
        user=None, moderation=ModerationMode.BEFORE, publish=True,
    )
    page.goto(live_server.url + consultation.url)
    assert page.get_by_role("heading", name="Ogłoszenie o konsultacjach").is_visible()
    scan(page, axe_check, "consultation page with the announcement")
    page.get_by_role("link", name="Projekt uchwały o zieleni").click()
    assert page.locator("#akapit-2").is_visible()
    scan(page, axe_check, "document page")

    # Keyboard only: Tab to paragraph 2's link, Enter, send an empty comment, read the error summary, then write it.
    tab_to(page, f"a[href$='/dokument/{document.pk}/akapit/2/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/dokument/{document.pk}/akapit/2/")
    scan(page, axe_check, "comment form")
    tab_to(page, "button[type=submit]")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.status == 400
    expect(page.locator(".error-summary").get_by_role("link", name="Napisz swój komentarz.")).to_be_visible()
    scan(page, axe_check, "comment form with errors")

    tab_to(page, "#id_text")
    page.keyboard.type("Proszę dodać nasadzenia przy szkołach.")
    tab_to(page, "#id_author_name")
    page.keyboard.type("Ola z Bronowic")
    tab_to(page, "button[type=submit]")
    with page.expect_response(lambda response: response.request.method == "POST" and response.status == 302, timeout=30_000):
        page.keyboard.press("Enter")
    page.wait_for_url(f"**/dokument/{document.pk}/dziekujemy/")
    expect(page.get_by_text("Komentarz pojawi się na stronie po sprawdzeniu przez moderatora.")).to_be_visible()
    scan(page, axe_check, "confirmation")

    remark = Remark.objects.get()
    assert (remark.paragraph.number, remark.author_name, remark.unverified) == (2, "Ola z Bronowic", False)
    services.moderate(remark=remark, state=ModerationState.PUBLISHED, user=None)
    page.goto(live_server.url + f"/konsultuj/dokument/{document.pk}/")
    paragraph = page.locator("#akapit-2")
    assert paragraph.get_by_role("heading", name="1 komentarz").is_visible()
    assert paragraph.get_by_text("Proszę dodać nasadzenia przy szkołach.").is_visible()
    scan(page, axe_check, "document page with a published comment")
