"""A survey in a real browser: a resident answers two pages with the keyboard only, meets a validation error, fixes
it, goes back a page and forward again, and sends; the ALTCHA widget solves its challenge on send. axe scans the
listing, each page of the form, the form with errors and the thank-you page."""

import pytest
from playwright.sync_api import expect

from surveys.models import Answer, Response
from tests.browser.keyboard import tab_to
from tests.surveys.conftest import make_survey, question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]


def focused_id(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def scan(page, axe_check, context: str) -> None:
    assert page.locator("h1").count() == 1, context
    assert page.locator("html").get_attribute("lang") == "pl", context
    axe_check(page, context)


@pytest.fixture
def survey(site_tree, settings):
    settings.DIALOG_ALTCHA_MAX_NUMBER = 5000  # the widget solves it in a blink; the format is the production one
    return make_survey([
        question("dojazd", "single", required=True, config={"choices": ["tramwajem", "rowerem"], "other": True}, text="Jak dojeżdżasz do parku?"),
        question("przystanek", "text", config={"max_length": 200}, show_if={"code": "dojazd", "value": "tramwajem"}, text="Czego brakuje na przystanku?"),
        question("ocena", "scale", page=2, required=True, config={"min": 1, "max": 5, "min_label": "źle", "max_label": "dobrze"}, text="Jak oceniasz park?"),
        question("stan", "matrix", page=2, config={"rows": ["ławki", "alejki"], "columns": ["źle", "dobrze"]}, text="Jak oceniasz:"),
        question("uwagi", "text", page=2, config={"max_length": 500, "multiline": True}, text="Uwagi"),
    ], title="Park Lotników: jak z niego korzystasz?", intro="Pięć krótkich pytań o park.")


def test_resident_answers_a_two_page_survey_with_the_keyboard(live_server, page, axe_check, survey):
    page.goto(f"{live_server.url}/ankiety/")
    scan(page, axe_check, "listing of open surveys")
    page.get_by_role("link", name=survey.title).click()
    expect(page.get_by_text("Strona 1 z 2")).to_be_visible()  # waits for the survey's page: the click only starts it
    assert page.get_by_role("group", name="Jak dojeżdżasz do parku?").count() == 1  # fieldset + legend
    scan(page, axe_check, "survey page 1")

    # Send without answering the required question: the summary takes the focus and links to the radio group.
    tab_to(page, "form.survey-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".error-summary")).to_be_focused()  # `autofocus` acts after the load event, so wait for it
    link = page.get_by_role("alert").get_by_role("link", name="Odpowiedz na pytanie „Jak dojeżdżasz do parku?”.")
    assert link.get_attribute("href") == "#id_q_dojazd_0"
    assert Response.objects.count() == 0
    scan(page, axe_check, "survey page 1 with an error")

    tab_to(page, ".error-summary a")
    page.keyboard.press("Enter")
    assert focused_id(page) == "id_q_dojazd_0"
    page.keyboard.press("Space")
    assert page.locator("#id_q_dojazd_0").is_checked()
    tab_to(page, "#id_q_przystanek")
    page.keyboard.type("Wiaty i ławki")
    tab_to(page, "form.survey-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**?strona=2")
    assert page.get_by_text("Strona 2 z 2").is_visible()
    scan(page, axe_check, "survey page 2 with the anti-robot check")

    # Back to page 1 by the link: the answers are still there; forward again.
    tab_to(page, "a[href$='?strona=1']")
    page.keyboard.press("Enter")
    page.wait_for_url("**?strona=1")
    assert page.locator("#id_q_dojazd_0").is_checked() and page.locator("#id_q_przystanek").input_value() == "Wiaty i ławki"
    tab_to(page, "form.survey-form button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**?strona=2")

    tab_to(page, "#id_q_ocena_0")
    page.keyboard.press("Space")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.locator("#id_q_ocena_3").is_checked()
    tab_to(page, "#id_q_stan_0_0")
    page.keyboard.press("Space")
    tab_to(page, "#id_q_uwagi")
    page.keyboard.type("Więcej koszy na śmieci.")
    tab_to(page, "form.survey-form button[type=submit]")
    page.keyboard.press("Enter")  # the widget solves its challenge, then sends the form
    page.wait_for_url("**/dziekujemy/")
    assert page.get_by_role("heading", name="Dziękujemy za odpowiedzi").is_visible()
    scan(page, axe_check, "thank-you page")

    response = Response.objects.get()
    assert not response.unverified and response.proof  # the widget's proof was checked
    assert sorted(Answer.objects.values_list("text", flat=True)) == ["4", "Wiaty i ławki", "Więcej koszy na śmieci.", "tramwajem", "ławki: źle"]


@pytest.fixture
def finished_survey(site_tree):
    """A closed survey of every question type with a few responses, for the results and open-data pages."""
    from tests.factories import DistrictFactory
    from tests.surveys.conftest import at, every_type_questions, respond

    old_town, grzegorzki = DistrictFactory(number=1, name="Stare Miasto"), DistrictFactory(number=2, name="Grzegórzki")
    survey = make_survey(every_type_questions(), title="Park Lotników: wyniki")
    for index in range(6):
        where = old_town if index % 3 else grzegorzki
        respond(survey, {
            "dzielnica": {"id": where.pk, "name": where.name}, "dojazd": {"choice": "tramwajem"} if index % 2 else {"other": "hulajnogą"},
            "zalety": {"choices": ["cisza", "zieleń"]}, "ocena": 1 + index % 5, "priorytety": ["drzewa", "ławki", "oświetlenie"],
            "stan": {"czystość": "dobrze", "oświetlenie": "źle"}, "uwagi": "Więcej ławek", "wiek": 30 + index,
        }, submitted_at=at(1 + index % 2))
    survey.status = "closed"
    survey.save()
    return survey


def test_staff_results_and_public_open_data_pages_pass_axe(live_server, page, axe_check, login, finished_survey):
    from tests.factories import UserFactory

    UserFactory(username="redaktor", groups=["Redaktor"])
    page.goto(f"{live_server.url}/ankiety/{finished_survey.pk}/dane-otwarte/")
    scan(page, axe_check, "public open-data page")
    assert page.get_by_role("link", name="Dane otwarte jako CSV").count() == 1

    login(page, "redaktor")
    page.goto(f"{live_server.url}/admin/ankiety/{finished_survey.pk}/wyniki/")
    assert page.get_by_role("img", name="W której dzielnicy mieszkasz? – Odpowiedzi").count() == 1  # the SVG title (+ desc)
    axe_check(page, "staff results page")
    page.goto(f"{live_server.url}/admin/ankiety/{finished_survey.pk}/wyniki/?od=31.02.2026")
    assert page.get_by_role("alert").is_visible()
    axe_check(page, "staff results page with a filter error")
