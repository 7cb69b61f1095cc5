"""A message in a real browser, as the issue tells it: compose → check → submit → approve → scheduled → published.

An Autor writes a message about an event with a Mastodon variant that gives the wrong date, sees the date
mismatch on the "Sprawdzenie" tab, fixes it and submits it; a Redaktor reviews and a Koordynator approves
(the Autor, who submitted, never gets an approve action); the published message has a delivery waiting for
its time, which – Mastodon has no credentials in tests – the publisher hands to a person, who marks it
published from the deliveries page with the keyboard.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from publishing import publisher
from publishing.models import Delivery, DeliveryStatus, Message
from tests.browser.conftest import new_context
from tests.factories import EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WARSAW = ZoneInfo("Europe/Warsaw")
WRONG_DATE = "Spotkanie o parku Reduta: 15 marca o 17:30, ul. Reymonta 20."
RIGHT_DATE = "Spotkanie o parku Reduta: 16 marca o 17:30, ul. Reymonta 20."
POST_URL = "https://mastodon.social/@krakow/113000000000000001"


def open_more_actions(page) -> None:
    """The footer's dropdown with the actions other than the main one."""
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def approve_button(page):
    """Wagtail's "Approve" workflow action without a comment (the one with a comment opens a modal)."""
    return page.locator("button[data-workflow-action-name='approve']:not([data-workflow-action-modal-url])")


def settle(page) -> None:
    """Let Wagtail's flash message finish fading in (a 0.5 s opacity transition) before axe measures contrast.

    Mid-fade, axe reports the message's text as low contrast (`color-contrast` on `.messages li.success`).
    Waits for the final state, polled by Playwright – no fixed sleep.
    """
    page.wait_for_function(
        """() => {
            const list = document.querySelector('.messages > ul');
            return !list || !list.querySelector('li') || getComputedStyle(list).opacity === '1';
        }"""
    )


def new_page(browser):
    tab = new_context(browser).new_page()
    tab.set_default_timeout(15_000)
    return tab


def test_a_message_goes_from_draft_through_checks_and_two_approvals_to_a_post_published_by_hand(
    live_server, page, browser, login, axe_check, site_tree,
):
    UserFactory(username="autor", groups=["Autor"])
    UserFactory(username="redaktor", groups=["Redaktor"])
    UserFactory(username="koordynator", groups=["Koordynator"])
    event = EventFactory(
        title="Spotkanie o parku Reduta", venue_name="Centrum Obywatelskie", venue_address="ul. Reymonta 20, Kraków",
        starts_at=dt.datetime(2030, 3, 16, 17, 30, tzinfo=WARSAW), ends_at=dt.datetime(2030, 3, 16, 19, 0, tzinfo=WARSAW),
    )

    # 1. Compose: the Autor writes the message; the record is Wagtail's page chooser (a modal), not a select.
    login(page, "autor")
    page.goto(f"{live_server.url}/admin/snippets/publishing/message/add/")
    page.get_by_role("textbox", name="Tytuł roboczy").fill("Zaproszenie na spotkanie o parku")
    page.get_by_role("button", name=re.compile("Wybierz stronę")).click()
    chooser = page.get_by_role("dialog")
    with page.expect_response(re.compile(r"/admin/choose-page/search/.*q=Reduta")):
        chooser.get_by_role("search").get_by_role("textbox").fill("Reduta")
    chooser.get_by_role("link", name="Spotkanie o parku Reduta").click()
    page.locator("#id_record-title").filter(has_text="Spotkanie o parku Reduta").wait_for()
    assert page.locator("#id_record").input_value() == str(event.pk)
    page.get_by_role("textbox", name="Komunikat główny").fill("Zapraszamy na spotkanie o parku Reduta.")
    page.locator("#id_variants-0-channel").select_option("mastodon")
    page.locator("#id_variants-0-text").fill(WRONG_DATE)
    with page.expect_navigation():
        page.get_by_role("button", name="Zapisz szkic").click()
    page.wait_for_url("**/edit/**")
    message = Message.objects.get(title="Zaproszenie na spotkanie o parku")
    assert (message.record_id, message.live) == (event.pk, False)
    assert [(v.channel, v.text) for v in message.variants.all()] == [("mastodon", WRONG_DATE)]

    # Check: the "Sprawdzenie" tab names the wrong date in the Mastodon variant, and nothing in the core text.
    page.get_by_role("tab", name="Sprawdzenie").click()
    variant_report = page.get_by_role("region", name=re.compile("^Mastodon"))
    mismatch = variant_report.locator("[data-code='date_mismatch']")
    mismatch.wait_for()
    assert "15 marca" in mismatch.inner_text()
    assert page.get_by_role("region", name=re.compile("^Komunikat główny")).locator("[data-code='date_mismatch']").count() == 0
    settle(page)
    axe_check(page, "the message's edit form with the checks tab open")

    # 2. The Autor fixes the date, saves, and the tab has nothing more to say about dates; then submits.
    page.get_by_role("tab", name="Komunikat", exact=True).click()
    page.locator("#id_variants-0-text").fill(RIGHT_DATE)
    with page.expect_navigation():
        page.get_by_role("button", name="Zapisz szkic").click()
    page.get_by_role("tab", name="Sprawdzenie").click()
    page.get_by_role("region", name=re.compile("^Mastodon")).wait_for()
    assert page.locator("[data-code='date_mismatch']").count() == 0
    open_more_actions(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Wyślij do Zatwierdzenie komunikatu").click()  # Wagtail: "Submit to <workflow>"
    message.refresh_from_db()
    assert message.current_workflow_state is not None and message.current_workflow_state.status == "in_progress"
    assert message.get_latest_revision_as_object().variants.get().text == RIGHT_DATE

    edit_url = f"{live_server.url}/admin/snippets/publishing/message/edit/{message.pk}/"
    page.goto(edit_url)
    assert page.url == edit_url  # the Autor still sees the message (read-only in review) …
    page.get_by_role("tab", name="Sprawdzenie").wait_for()
    # … but, having submitted it, is offered no workflow action at all: no approve, with or without a comment.
    assert page.locator("button[data-workflow-action-name]").count() == 0

    # 3. Approve: the Redaktor reviews, then a Koordynator approves; the last approval publishes.
    redaktor = new_page(browser)
    koordynator = new_page(browser)
    try:
        login(redaktor, "redaktor")
        redaktor.goto(edit_url)
        open_more_actions(redaktor)
        with redaktor.expect_navigation():
            approve_button(redaktor).click()
        message.refresh_from_db()
        assert not message.live
        assert message.current_workflow_state.current_task_state.task.name == "Akceptacja koordynatora"

        login(koordynator, "koordynator")
        koordynator.goto(edit_url)
        open_more_actions(koordynator)
        with koordynator.expect_navigation():
            approve_button(koordynator).click()
        message.refresh_from_db()
        assert message.live
        assert message.current_workflow_state is None

        # Scheduled: one delivery for the variant, frozen with the corrected text, waiting for its time.
        delivery = Delivery.objects.get(message=message)
        assert (delivery.channel, delivery.text, delivery.status) == ("mastodon", RIGHT_DATE, DeliveryStatus.PENDING)
        assert delivery.due_at <= timezone.now()

        # 4. Published: Mastodon has no credentials in tests, so the publisher hands the post to a person.
        assert publisher.deliver(delivery.pk) == DeliveryStatus.MANUAL
        redaktor.goto(f"{live_server.url}/admin/komunikaty/wysylki/")
        row = redaktor.locator(f"#delivery-{delivery.pk}")
        assert row.get_attribute("data-status") == "manual"
        settle(redaktor)
        axe_check(redaktor, "the deliveries page with a post to publish by hand")

        url_field = row.get_by_label("Adres wpisu")
        row.get_by_role("link", name="Zaproszenie na spotkanie o parku").focus()
        for _press in range(10):  # the message link, the package's summary, then the address field
            if url_field.evaluate("field => field === document.activeElement"):
                break
            redaktor.keyboard.press("Tab")
        assert url_field.evaluate("field => field === document.activeElement"), "the address field is not reachable with Tab"
        redaktor.keyboard.type(POST_URL)
        redaktor.keyboard.press("Tab")
        mark = row.get_by_role("button", name="Oznacz jako opublikowane")
        assert mark.evaluate("button => button === document.activeElement")
        with redaktor.expect_navigation():
            redaktor.keyboard.press("Enter")

        row = redaktor.locator(f"#delivery-{delivery.pk}")
        assert row.get_attribute("data-status") == "published"
        assert "opublikowano" in row.inner_text()
        assert row.get_by_role("link", name="wpis", exact=True).get_attribute("href") == POST_URL
        delivery.refresh_from_db()
        assert (delivery.status, delivery.external_url, delivery.published_by.username) == (
            DeliveryStatus.PUBLISHED, POST_URL, "redaktor",
        )
        settle(redaktor)
        axe_check(redaktor, "the deliveries page after marking the post published")
    finally:
        redaktor.context.close()
        koordynator.context.close()
