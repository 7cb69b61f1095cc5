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
    expect(page.locator("#akapit-2")).to_be_visible()  # waits for the document's page: the click only starts it
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


def settled(page) -> None:
    """Wait until Wagtail's messages have faded in: axe reads the contrast of a half-transparent message as too low."""
    page.wait_for_function(
        "() => document.getAnimations().every(animation => animation.playState !== 'running'"
        " || !animation.effect?.target?.closest?.('.messages'))"
    )
    page.wait_for_function(
        "() => [...document.querySelectorAll('.messages li')].every(item => getComputedStyle(item).opacity === '1')"
    )


def test_staff_code_remarks_from_the_groups_with_the_keyboard(live_server, page, axe_check, login, site_tree, settings):
    """Staff take in a survey's open answers, code a suggested group, see a refusal, and add a category; axe scans the
    remarks list, the groups (also with an error) and the category screen."""
    from django.core.cache import cache

    from consultations.models import RemarkCategory
    from tests.consultations.conftest import PARK_REMARKS, TRANSPORT_REMARKS, add_response, make_survey
    from tests.factories import UserFactory

    settings.DIALOG_ANALYSIS_MAX_GROUPS = 2
    cache.clear()
    now = timezone.now()
    consultation = ConsultationFactory(
        title="Park i dojazdy", status="open", starts_at=now - timezone.timedelta(days=2), ends_at=now + timezone.timedelta(days=20),
    )
    for text in PARK_REMARKS + TRANSPORT_REMARKS[:-1]:
        services.register_remark(consultation=consultation, text=text, source="letter", received_on=now.date(),
                                 author_type="resident", user=None)
    survey, version = make_survey(consultation, [{"code": "uwagi", "kind": "text", "text": "Co jeszcze chcesz nam powiedzieć?"}])
    add_response(survey, version, {"uwagi": TRANSPORT_REMARKS[-1]})
    UserFactory(username="redaktor", groups=["Redaktor"])
    login(page, "redaktor")

    page.goto(f"{live_server.url}/admin/konsultacje/{consultation.pk}/uwagi/")
    tab_to(page, "form[action$='/uwagi/z-ankiet/'] button", limit=200)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dodano do uwag 1 odpowiedź otwartą z ankiet.")).to_be_visible()
    expect(page.get_by_text("Pytanie ankiety: Co jeszcze chcesz nam powiedzieć?")).to_be_visible()
    settled(page)
    axe_check(page, "remarks list after taking in survey answers")

    tab_to(page, "a[href$='/analiza/']", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/konsultacje/{consultation.pk}/analiza/")
    expect(page.get_by_text("2 grupy podobnych uwag.")).to_be_visible()
    axe_check(page, "groups of similar remarks")

    park_group = page.locator("section.remark-group", has=page.get_by_text(PARK_REMARKS[0][:30]))
    number = park_group.locator("input[name=group]").input_value()
    tab_to(page, f"#id_group{number}_new_category", limit=200)
    page.keyboard.type("Drzewa w parkach")
    page.keyboard.press("Tab")  # the group's submit button
    page.keyboard.press("Enter")
    expect(page.get_by_text(f"Przypisano kategorię „Drzewa w parkach” 7 uwagom z grupy {number}")).to_be_visible()
    category = RemarkCategory.objects.get(name="Drzewa w parkach")
    assert sorted(category.remarks.values_list("text", flat=True)) == sorted(PARK_REMARKS)

    other = "2" if number == "1" else "1"
    tab_to(page, f"#id_group{other}_new_category", limit=200)
    page.keyboard.press("Tab")
    with page.expect_response(lambda response: response.request.method == "POST") as posted:
        page.keyboard.press("Enter")
    assert posted.value.status == 400
    expect(page.get_by_text("Wybierz kategorię lub nazwij nową.")).to_be_visible()
    settled(page)
    axe_check(page, "groups of similar remarks with an error")

    page.goto(f"{live_server.url}/admin/konsultacje/{consultation.pk}/kategorie/")
    axe_check(page, "categories of a consultation")
    tab_to(page, "#id_add_name", limit=200)
    page.keyboard.type("Komunikacja")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dodano kategorię „Komunikacja”.")).to_be_visible()
    settled(page)
    axe_check(page, "categories of a consultation after adding one")
