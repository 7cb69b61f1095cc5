"""The consultation report in a real browser: a Koordynator writes the conclusions and publishes the report with the
keyboard only (through the confirmation page); axe scans the staff report page, the confirmation, the public results
page before and after publication (with a survey chart and the decisions list, in Polish and Ukrainian), the file
download and the draft's HTML preview."""

import pytest
from playwright.sync_api import expect

from consultations.models import Decision
from reports.models import CouncilNotice, PublishedReport
from surveys.models import Survey
from tests.browser.keyboard import tab_to
from tests.reports.conftest import add_remark, closed_consultation
from tests.surveys.conftest import make_survey, question, respond

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]


def settled(page) -> None:
    """Wait until Wagtail's messages have faded in: axe reads the contrast of a half-transparent message as too low.

    Only the messages' animations: the menu's "new items" badge pings for 25 seconds."""
    page.wait_for_function(
        "() => document.getAnimations().filter(a => a.effect && a.effect.target && a.effect.target.closest && "
        "a.effect.target.closest('.messages')).every(a => a.playState !== 'running')"
    )


def scan_public(page, axe_check, context: str) -> None:
    assert page.locator("h1").count() == 1, context
    assert page.locator("html").get_attribute("lang") == "pl", context
    axe_check(page, context)


def test_a_coordinator_publishes_the_report_with_the_keyboard(live_server, page, axe_check, login, site_tree):
    from core.models import District
    from directory.models import Organisation
    from tests.factories import UserFactory

    district = District.objects.order_by("number").first()
    Organisation.objects.filter(kind="district_council", district=district).update(email="rada1@example.org")
    consultation = closed_consultation(title="Park Lotników", districts=[district])
    add_remark(consultation, "Więcej ławek przy stawie.", decision=Decision.TAKEN_INTO_ACCOUNT, justification="Ławki staną wiosną.")
    add_remark(consultation, "Parking w parku.", decision=Decision.NOT_TAKEN, justification="Park zostaje bez aut.")
    survey = make_survey([question("ocena", "scale", config={"min": 1, "max": 5}, text="Jak oceniasz park?")], title="Ankieta o parku")
    for mark in (4, 5, 3):
        respond(survey, {"ocena": mark})
    Survey.objects.filter(pk=survey.pk).update(consultation=consultation, status="closed")
    UserFactory(username="koordynatorka", groups=["Koordynator"])

    page.goto(f"{live_server.url}/wyniki/{consultation.slug}/")
    expect(page.get_by_text("Przygotowujemy raport.")).to_be_visible()
    scan_public(page, axe_check, "results page before the report")

    login(page, "koordynatorka")
    page.goto(f"{live_server.url}/admin/raporty/{consultation.pk}/")
    expect(page.get_by_role("heading", name="Stan raportu")).to_be_visible()
    axe_check(page, "staff report page")

    tab_to(page, "#id_conclusions", limit=200)
    page.keyboard.type("Ławki staną wiosną 2027 r.")
    tab_to(page, "form.report-draft button[type=submit]", limit=200)
    page.keyboard.press("Enter")
    expect(page.get_by_text("Wersja robocza raportu jest zapisana.")).to_be_visible()
    settled(page)
    axe_check(page, "staff report page after saving")

    tab_to(page, f"a[href$='/admin/raporty/{consultation.pk}/publikuj/']", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/raporty/{consultation.pk}/publikuj/")
    expect(page.get_by_text("Rada Dzielnicy I")).to_be_visible()
    axe_check(page, "confirmation of publishing")
    tab_to(page, "form.report-publish button[type=submit]", limit=200)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/admin/raporty/{consultation.pk}/")
    expect(page.get_by_text("Opublikowano wersję 1 raportu")).to_be_visible()
    settled(page)
    axe_check(page, "staff report page after publishing")
    assert PublishedReport.objects.count() == 1
    assert CouncilNotice.objects.get().sent_at is not None

    page.goto(f"{live_server.url}/admin/raporty/{consultation.pk}/podglad/")
    assert page.locator("h2").count() == 8
    axe_check(page, "HTML preview of the report")

    page.goto(f"{live_server.url}/wyniki/{consultation.slug}/")
    expect(page.get_by_text("Ławki staną wiosną.")).to_be_visible()
    expect(page.get_by_role("link", name="Raport (PDF,")).to_be_visible()
    assert page.locator("svg[role=img]").count() >= 1
    scan_public(page, axe_check, "results page with the report, a chart and the decisions")
    page.goto(f"{live_server.url}/wyniki/{consultation.slug}/?decyzja=zle")
    expect(page.locator(".error-summary")).to_be_visible()
    scan_public(page, axe_check, "results page with a bad filter")

    page.goto(f"{live_server.url}/wyniki/{consultation.slug}/")
    href = page.get_by_role("link", name="Raport (PDF,").get_attribute("href")
    assert href == f"/wyniki/{consultation.slug}/raport-v1.pdf"  # our address, not the file's secret one in media
    response = page.request.get(f"{live_server.url}{href}")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == f'attachment; filename="raport-{consultation.slug}-wersja-1.pdf"'
    page.goto(f"{live_server.url}/uk/wyniki/{consultation.slug}/")
    expect(page.get_by_role("heading", name="Ви сказали, ми зробили: рішення щодо зауважень")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "uk"
    axe_check(page, "Ukrainian results page")


def test_the_publishing_status_follows_the_background_task_without_a_reload(live_server, page, axe_check, login, site_tree):
    """The request waits for the task worker; the staff page shows "waiting", then, when the task has run, the outcome
    in the same status box (announced by screen readers) with the link to refresh – the page itself is not reloaded."""
    from reports import services
    from reports.models import PublicationRequest
    from tests.factories import UserFactory

    consultation = closed_consultation(title="Skwer Wolności")
    add_remark(consultation, "Więcej cienia.", decision=Decision.TAKEN_INTO_ACCOUNT, justification="Posadzimy drzewa.")
    coordinator = UserFactory(username="koordynatorka", groups=["Koordynator"])
    waiting = PublicationRequest.objects.create(consultation=consultation, requested_by=coordinator)

    login(page, "koordynatorka")
    page.goto(f"{live_server.url}/admin/raporty/{consultation.pk}/")
    status = page.locator(".publication-request[role=status]")
    expect(status).to_contain_text("oczekuje")
    axe_check(page, "staff report page while publishing waits")
    page.evaluate("window.notReloaded = true")

    services.run_publication_request(request_id=waiting.pk)  # what the task worker does
    expect(status).to_contain_text("Opublikowano wersję 1 raportu", timeout=30_000)
    expect(status.get_by_role("link", name="Odśwież, aby zobaczyć wynik")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    axe_check(page, "staff report page after the background publishing")
