"""Event registration in a real browser: a resident registers with the keyboard only, cancels, and the place goes
to the next person on the waiting list; axe scans the event page, the form, the result and the personal pages."""

import re

import pytest
from django.core import mail

from events.models import AccessibilityNeed, Registration, RegistrationStatus
from tests.events.factories import RegistrationSettingsFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]

CONFIRMED = "Jesteś zapisany(-a). Twoje miejsce jest potwierdzone."
WAITING = "Wszystkie miejsca są zajęte, więc jesteś na liście rezerwowej."
FULL_WITH_WAITING_LIST = "Wszystkie miejsca są zajęte. Możesz zapisać się na listę rezerwową"
CANCELLED = "Twój zapis jest anulowany. Dziękujemy za informację."


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab until the focused element matches `selector` (fails if it never does: it is not reachable)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("selector => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"{limit} presses of Tab never reached {selector} on {page.url}")


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def personal_path(recipient: str, kind: str) -> str:
    """The path of the personal link (`rezygnacja` or `potwierdzenie-miejsca`) in the last e-mail to `recipient`."""
    messages = [message for message in mail.outbox if message.to == [recipient]]
    assert messages, f"no e-mail to {recipient}: {[(m.to, m.subject) for m in mail.outbox]}"
    match = re.search(rf"https?://[^/\s]+(/zapisy/{kind}/[\w-]+/)", messages[-1].body)
    assert match, f"no {kind} link in the last e-mail to {recipient}:\n{messages[-1].body}"
    return match.group(1)


def press_enter_and_post(page, what: str) -> None:
    """Press Enter on the focused submit button; the POST must be answered by the redirect back to the page."""
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    response = posted.value
    refused_by_csrf = response.status == 403 and "CSRF" in response.text()
    assert response.status == 302, f"{what}: the POST was answered {response.status}" + (
        " by Django's CSRF check: the page is sent with `Referrer-Policy: no-referrer`, so the browser's form POST"
        " carries `Origin: null`, which CsrfViewMiddleware refuses" if refused_by_csrf else ""
    )


def scan(page, axe_check, context: str) -> None:
    assert page.locator("h1").count() == 1, context
    assert page.locator("html").get_attribute("lang") == "pl", context
    axe_check(page, context)


def test_resident_registers_with_the_keyboard_cancels_and_the_waiting_list_gets_the_place(
    live_server, page, browser, axe_check, site_tree
):
    registration_settings = RegistrationSettingsFactory(
        capacity=1, waiting_list=True, event__title="Spacer badawczy po Podgórzu",
        step_free_access="yes", induction_loop="no", public_transport="Tramwaj 8, przystanek Korona",
    )
    event = registration_settings.event
    event_url = live_server.url + event.url

    # 1. The first resident, keyboard only: Tab to the form, a mistyped e-mail, a need and the consent ticked with Space.
    page.goto(event_url)
    section = page.get_by_role("region", name="Zapisy")
    assert section.get_by_text("Zostało 1 miejsce.").is_visible()
    scan(page, axe_check, "event page with the registration form")

    tab_to(page, "#id_full_name")
    page.keyboard.type("Anna Wiśniewska")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_email"
    page.keyboard.type("anna.wisniewska.example.org")
    page.keyboard.press("Tab")
    assert focused_id(page) == "id_needs_0"  # the needs group follows the e-mail in the tab order
    assert page.get_by_role("group", name="Jakiego wsparcia potrzebujesz").count() == 1  # fieldset + legend
    page.keyboard.press("Space")
    assert page.locator("#id_needs_0").is_checked()
    tab_to(page, "#id_needs_consent")
    page.keyboard.press("Space")
    assert page.locator("#id_needs_consent").is_checked()
    tab_to(page, "form.registration-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/zapisy/wydarzenie/{event.pk}/")

    # The form after a validation error: the summary takes the focus (screen readers read it first), is an
    # alert, and links to the field.
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    summary = page.get_by_role("alert")
    assert summary.get_by_role("heading", name="Wystąpił problem").is_visible()
    assert summary.get_attribute("tabindex") == "-1"
    assert summary.get_attribute("aria-labelledby") == "error-summary-title"
    error_link = summary.get_by_role("link", name="Podaj poprawny adres e-mail")
    assert error_link.get_attribute("href") == "#id_email"
    email = page.locator("#id_email")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_email_error" in (email.get_attribute("aria-describedby") or "")
    assert page.locator("#id_needs_0").is_checked() and page.locator("#id_needs_consent").is_checked()  # kept
    assert Registration.objects.count() == 0
    scan(page, axe_check, "registration form after a validation error")

    tab_to(page, ".error-summary a[href='#id_email']")
    page.keyboard.press("Enter")
    assert focused_id(page) == "id_email"  # the summary's link takes the keyboard to the field
    page.keyboard.press("Control+A")
    page.keyboard.type("Anna.Wisniewska@example.org")
    page.keyboard.press("Enter")  # implicit submission from the text field
    page.wait_for_url("**/zapisy/gotowe/")
    assert page.get_by_role("status").get_by_text(CONFIRMED).is_visible()
    scan(page, axe_check, "result page: confirmed")

    first = Registration.objects.get(email="anna.wisniewska@example.org")
    assert first.status == RegistrationStatus.CONFIRMED
    assert first.full_name == "Anna Wiśniewska"
    assert first.needs == [AccessibilityNeed.values[0]] and first.needs_consent_at is not None

    # 2. The event is now full and offers the waiting list; a second resident joins it.
    second_context = browser.new_context(locale="pl-PL", timezone_id="Europe/Warsaw")
    try:
        second = second_context.new_page()
        second.set_default_timeout(15_000)
        second.goto(event_url)
        assert second.get_by_text(FULL_WITH_WAITING_LIST).is_visible()
        scan(second, axe_check, "event page: full, waiting list offered")
        second.get_by_label("Imię i nazwisko").fill("Piotr Zieliński")
        second.get_by_label("Twój adres e-mail").fill("piotr@example.org")
        second.get_by_role("button", name="Zapisz mnie na listę rezerwową").click()
        second.wait_for_url("**/zapisy/gotowe/")
        assert second.get_by_role("status").get_by_text(WAITING).is_visible()
        scan(second, axe_check, "result page: waiting list")
        waiting = Registration.objects.get(email="piotr@example.org")
        assert waiting.status == RegistrationStatus.WAITING

        # 3. The first resident cancels through the link in the confirmation e-mail, with the keyboard.
        page.goto(live_server.url + personal_path("anna.wisniewska@example.org", "rezygnacja"))
        assert page.get_by_role("heading", level=1).inner_text() == "Rezygnuję z udziału"
        scan(page, axe_check, "cancel page")
        tab_to(page, "main form button[type=submit]")
        assert page.evaluate("() => document.activeElement.textContent.trim()") == "Tak, rezygnuję z udziału"
        press_enter_and_post(page, "cancelling")
        page.get_by_role("status").get_by_text(CANCELLED).wait_for()
        assert page.locator("main form").count() == 0
        scan(page, axe_check, "cancel page: cancelled")
        first.refresh_from_db()
        assert first.status == RegistrationStatus.CANCELLED
        assert first.needs == [] and first.needs_consent_at is None  # the health data go with the registration

        # The place is offered to the second resident, who accepts it from the e-mail.
        waiting.refresh_from_db()
        assert waiting.status == RegistrationStatus.OFFERED and waiting.offer_expires_at is not None
        second.goto(live_server.url + personal_path("piotr@example.org", "potwierdzenie-miejsca"))
        assert second.get_by_role("heading", level=1).inner_text() == "Potwierdzam miejsce"
        assert second.get_by_text("Zwolniło się miejsce.").is_visible()
        scan(second, axe_check, "accept page: place offered")
        tab_to(second, "main form button[type=submit]")
        press_enter_and_post(second, "accepting the offer")
        second.get_by_role("status").get_by_text(CONFIRMED).wait_for()
        assert second.locator("main form").count() == 0
        scan(second, axe_check, "accept page: place confirmed")
        waiting.refresh_from_db()
        assert waiting.status == RegistrationStatus.CONFIRMED and waiting.offer_expires_at is None
        confirmation = [message for message in mail.outbox if message.to == ["piotr@example.org"]][-1]
        assert "zapisan" in confirmation.subject and confirmation.attachments[0][0].endswith(".ics")

        # 4. Full again, with the waiting list on offer; and an unknown token is the portal's Polish 404.
        second.goto(event_url)
        assert second.get_by_text(FULL_WITH_WAITING_LIST).is_visible()
        assert second.get_by_role("button", name="Zapisz mnie na listę rezerwową").is_visible()
    finally:
        second_context.close()

    response = page.goto(live_server.url + "/zapisy/rezygnacja/nie-ma-takiego-tokenu/")
    assert response.status == 404
    assert page.get_by_text("Nie znaleziono strony").first.is_visible()
    scan(page, axe_check, "404 for an unknown token")
