"""Event registration in a real browser: a resident registers with the keyboard only, cancels, and the place goes
to the next person on the waiting list; axe scans the event page, the form, the result and the personal pages."""

import datetime as dt
import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import AccessibilityNeed, Registration, RegistrationStatus
from tests.browser.conftest import new_context
from tests.browser.keyboard import tab_to
from tests.events.factories import RegistrationSettingsFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]

CONFIRMED = "Jesteś zapisany(-a). Twoje miejsce jest potwierdzone."
WAITING = "Wszystkie miejsca są zajęte, więc jesteś na liście rezerwowej."
FULL_WITH_WAITING_LIST = "Wszystkie miejsca są zajęte. Możesz zapisać się na listę rezerwową"
CANCELLED = "Twój zapis jest anulowany. Dziękujemy za informację."


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
    expect(page.locator(".error-summary")).to_be_focused()  # `autofocus` acts after the load event, so wait for it
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
    second_context = new_context(browser)
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


# ------------------------------------------------------------------------------------- offline check-in


def test_check_in_while_offline_waits_on_the_phone_and_is_sent_when_back_online(live_server, page, login, site_tree):
    from django.utils import timezone

    from tests.events.factories import RegistrationFactory
    from tests.factories import UserFactory

    UserFactory(username="redaktorka", groups=["Redaktor"])
    event = RegistrationSettingsFactory(capacity=5, event__starts_at=timezone.now() + dt.timedelta(hours=1)).event
    anna = RegistrationFactory(event=event, full_name="Anna Wiśniewska")
    piotr = RegistrationFactory(event=event, full_name="Piotr Zieliński")
    login(page, "redaktorka")
    page.goto(f"{live_server.url}/admin/zapisy/wydarzenie/{event.pk}/obecnosc/")
    queue = page.locator("#check-in-queue")
    assert queue.is_hidden() and queue.get_attribute("role") == "status"

    page.context.set_offline(True)
    page.get_by_role("button", name="Obecny/Obecna – Anna Wiśniewska").click()
    queue.get_by_text("Czekające na wysłanie: 1").wait_for()
    page.get_by_role("button", name="Obecny/Obecna – Piotr Zieliński").click()
    queue.get_by_text("Czekające na wysłanie: 2").wait_for()
    assert page.locator(f"#registration-{anna.pk}").get_by_text("Zapisano na tym telefonie").is_visible()
    assert page.evaluate("JSON.parse(localStorage.getItem('dialog.events.checkInQueue')).length") == 2
    assert not Registration.objects.filter(checked_in_at__isnull=False).exists()  # nothing reached the server

    page.context.set_offline(False)
    queue.wait_for(state="hidden")
    page.locator(f"#registration-{piotr.pk}").get_by_text("Potwierdzono obecność: Piotr Zieliński.").wait_for()
    assert set(Registration.objects.filter(checked_in_at__isnull=False).values_list("pk", flat=True)) == {anna.pk, piotr.pk}
    assert page.evaluate("localStorage.getItem('dialog.events.checkInQueue')") is None

    # Sending one again (a second phone's queue, a retry) is harmless: the first check-in stays.
    first = Registration.objects.get(pk=anna.pk).checked_in_at
    answer = page.evaluate(
        """url => fetch(url, {method: "POST", headers: {Accept: "application/json"}, credentials: "same-origin",
            body: new URLSearchParams({csrfmiddlewaretoken: document.querySelector("input[name=csrfmiddlewaretoken]").value,
                                      action: "check_in"})}).then(r => r.json())""",
        f"/admin/zapisy/wydarzenie/{event.pk}/obecnosc/{anna.pk}/",
    )
    assert answer["checked_in"] is True and answer["level"] == "warning"
    assert Registration.objects.get(pk=anna.pk).checked_in_at == first


def test_check_in_works_without_javascript(live_server, browser, login, site_tree):
    from django.utils import timezone

    from tests.events.factories import RegistrationFactory
    from tests.factories import UserFactory

    UserFactory(username="redaktorka", groups=["Redaktor"])
    event = RegistrationSettingsFactory(capacity=5, event__starts_at=timezone.now() + dt.timedelta(hours=1)).event
    anna = RegistrationFactory(event=event, full_name="Anna Wiśniewska")
    context = new_context(browser, java_script_enabled=False)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", "redaktorka")
        page.fill("input[name=password]", "haslo-testowe-123")
        page.click("button[type=submit]")
        page.goto(f"{live_server.url}/admin/zapisy/wydarzenie/{event.pk}/obecnosc/")
        page.get_by_role("button", name="Obecny/Obecna – Anna Wiśniewska").click()
        page.get_by_text("Potwierdzono obecność: Anna Wiśniewska.").wait_for()
    finally:
        context.close()
    assert Registration.objects.get(pk=anna.pk).checked_in_at is not None


# --------------------------------------------------------------------------------- published summaries


def test_published_summary_on_the_event_and_consultation_pages_passes_axe(live_server, page, axe_check, site_tree):
    from django.core.files.base import ContentFile
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    from events import services
    from events.models import EventSummary
    from tests.factories import ConsultationFactory, EventFactory, UserFactory

    consultation = ConsultationFactory(title="Konsultacje parku")
    event = EventFactory(title="Spotkanie o parku")
    event.consultation = consultation
    event.save_revision().publish()
    document = Document.objects.create(
        title="Prezentacja wyników", file=ContentFile(b"%PDF-1.4 test", name="wyniki.pdf"), file_size=13
    )
    image = Image.objects.create(title="Sala", file=get_test_image_file("sala.png"))
    summary = EventSummary.objects.create(
        event=event,
        conclusions=[("conclusion", "Mieszkańcy chcą więcej zieleni przy szkole")],
        notes="<p>Notatka ze spotkania o <b>parku</b>.</p>",
        presentations=[("presentation", {"document": document, "title": ""})],
        photos=[("photo", {"image": image, "alt": "Mieszkańcy przy mapie dzielnicy", "consent": "Osoby na zdjęciu wyraziły zgodę"})],
        recording_url="https://nagrania.example.org/spotkanie-1",
    )
    services.publish_summary(summary=summary, user=UserFactory(username="koordynatorka", groups=["Koordynator"]))

    page.goto(live_server.url + event.url)
    section = page.locator("#summary-title")
    assert section.is_visible()
    assert page.get_by_text("Mieszkańcy chcą więcej zieleni przy szkole").is_visible()
    assert page.get_by_role("img", name="Mieszkańcy przy mapie dzielnicy").is_visible()
    scan(page, axe_check, "event page with its published summary")

    page.goto(live_server.url + consultation.url)
    assert page.get_by_text("Mieszkańcy chcą więcej zieleni przy szkole").is_visible()
    assert page.get_by_role("link", name="Prezentacja wyników").count() >= 1
    scan(page, axe_check, "consultation page with the summaries of its events")


# ------------------------------------------------------------------------------ the organiser's questions


def test_questions_on_the_form_are_accessible_and_kept_after_an_error(live_server, page, axe_check, site_tree):
    from events.models import QuestionKind, RegistrationQuestion
    from tests.factories import DistrictFactory

    registration_settings = RegistrationSettingsFactory(capacity=5, event__title="Warsztaty o zieleni")
    for order, (text, kind, choices) in enumerate([
        ("Jaki posiłek?", QuestionKind.CHOICE, "Wegetariański\nZwykły"),
        ("Czy zgadzasz się na zdjęcia?", QuestionKind.YES_NO, ""),
        ("O czym chcesz mówić?", QuestionKind.TEXT, ""),
    ]):
        RegistrationQuestion.objects.create(
            registration_settings=registration_settings, sort_order=order, text=text, kind=kind, choices=choices,
            required=kind != QuestionKind.TEXT, help_text="Pomoże nam przygotować spotkanie." if order == 0 else "",
        )
    DistrictFactory(name="Podgórze")
    page.goto(live_server.url + registration_settings.event.url)
    assert page.get_by_role("group", name="Jaki posiłek?").get_by_role("radio").count() == 2
    assert page.get_by_role("group", name="Czy zgadzasz się na zdjęcia?").get_by_role("radio", name="tak").count() == 1
    scan(page, axe_check, "event page with the organiser's questions")

    page.get_by_label("Imię i nazwisko").fill("Anna Wiśniewska")
    page.get_by_label("Twój adres e-mail").fill("anna@example.org")
    page.get_by_role("radio", name="Zwykły").check()
    page.get_by_label("O czym chcesz mówić? (opcjonalnie)").fill("Drzewa przy szkole")
    page.get_by_label("Dzielnica, w której mieszkasz (opcjonalnie)").select_option(label="Podgórze")
    page.get_by_role("button", name="Zapisz mnie").click()
    summary = page.get_by_role("alert")
    link = summary.get_by_role("link", name="Odpowiedz na pytanie „Czy zgadzasz się na zdjęcia?”.")
    assert link.is_visible()
    assert page.get_by_role("radio", name="Zwykły").is_checked()  # what was answered is kept
    assert page.get_by_label("O czym chcesz mówić? (opcjonalnie)").input_value() == "Drzewa przy szkole"
    assert Registration.objects.count() == 0
    scan(page, axe_check, "form with the organiser's questions after an error")

    link.click()
    assert page.evaluate("document.activeElement.type") == "radio"
    page.keyboard.press("Space")  # the first answer, "tak"
    page.get_by_role("button", name="Zapisz mnie").click()
    page.wait_for_url("**/zapisy/gotowe/")
    registration = Registration.objects.get()
    assert registration.district.name == "Podgórze"
    assert dict(registration.answers.values_list("question_text", "answer")) == {
        "Jaki posiłek?": "Zwykły", "Czy zgadzasz się na zdjęcia?": "tak", "O czym chcesz mówić?": "Drzewa przy szkole",
    }
