"""The public sign-up form of a citizen panel in a real browser: keyboard only, a mistake shown in the error
summary, then a successful sign-up; axe scans the panel page, the form with errors and the thank-you page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from panels import services
from panels.models import Candidate, CitizenPanel, PanelStatus
from tests.browser.keyboard import tab_to

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]


def scan(page, axe_check, context: str) -> None:
    assert page.locator("h1").count() == 1, context
    assert page.locator("html").get_attribute("lang") == "pl", context
    axe_check(page, context)


def test_resident_signs_up_with_the_keyboard(live_server, page, axe_check, site_tree):
    now = timezone.now()
    panel = CitizenPanel.objects.create(
        title="Panel o zieleni", slug="panel-o-zieleni", recruitment_opens_at=now - timedelta(days=1),
        recruitment_closes_at=now + timedelta(days=7), panel_size=12, reserve_size=4, status=PanelStatus.RECRUITMENT,
    )
    services.add_standard_criteria(panel=panel)
    services.fill_quotas_from_population(panel=panel)

    page.goto(f"{live_server.url}/panele/{panel.slug}/")
    scan(page, axe_check, "panel page")
    tab_to(page, "a[href$='/zgloszenie/']", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url("**/zgloszenie/")
    scan(page, axe_check, "sign-up form")

    # Keyboard only: arrows choose within each radio group; the e-mail is mistyped and the consent forgotten.
    tab_to(page, "#id_criterion_age_0", limit=120)
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")  # 30–44
    for key in ("sex", "education", "district"):
        tab_to(page, f"input[name=criterion_{key}]", limit=120)
        page.keyboard.press("Space")
    tab_to(page, "#id_full_name", limit=120)
    page.keyboard.type("Zofia Wiśniewska")
    page.keyboard.press("Tab")
    page.keyboard.type("zofia.example.org")
    tab_to(page, "button[type=submit]", limit=120)
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.status == 400
    summary = page.locator(".error-summary")
    summary.wait_for(state="visible")  # the response has arrived; wait until the browser has shown it
    assert "Zaznacz zgodę na przetwarzanie danych" in summary.inner_text()
    scan(page, axe_check, "sign-up form with errors")
    assert not Candidate.objects.exists()

    # The summary's link takes the keyboard to the e-mail field; the answers given are kept.
    assert page.is_checked("#id_criterion_age_1")
    page.locator(".error-summary a[href='#id_email']").focus()
    page.keyboard.press("Enter")
    page.locator("#id_email").focus()
    page.keyboard.press("Control+A")
    page.keyboard.type("zofia@example.org")
    tab_to(page, "#id_consent", limit=120)
    page.keyboard.press("Space")
    tab_to(page, "button[type=submit]", limit=120)
    page.keyboard.press("Enter")
    page.wait_for_url("**/zgloszenie/gotowe/")
    assert "Dziękujemy za zgłoszenie" in page.locator("h1").inner_text()
    scan(page, axe_check, "thank-you page")
    candidate = Candidate.objects.get()
    assert candidate.email == "zofia@example.org" and candidate.answers["age"] == "30-44"
