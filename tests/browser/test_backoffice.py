"""The back-office in a real browser: the approval workflow, an author's limits and the register's filters."""

import csv
import datetime as dt
import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from catalog.models import ConsultationIndexPage, ConsultationPage
from core.models import District
from tests.browser.conftest import WCAG_TAGS
from tests.factories import ConsultationFactory, EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def add_consultation_url(live_server) -> str:
    return f"{live_server.url}/admin/pages/add/catalog/consultationpage/{ConsultationIndexPage.objects.get().pk}/"


def fill_consultation(page, title: str, slug: str) -> None:
    page.fill("#id_title", title)
    page.fill("#id_lead", "Pytamy mieszkańców, jak urządzić nowy park.")
    page.select_option("#id_status", "planned")
    page.check("#id_districts_0")
    page.get_by_role("tab", name="Promocja SEO").click()
    page.fill("#id_slug", slug)


def open_more_actions(page) -> None:
    """The footer's dropdown with the actions other than the main one."""
    page.locator("footer [data-w-dropdown-target='toggle']").last.click()


def test_redaktor_submits_and_koordynator_approves_a_consultation(live_server, page, login, site_tree):
    UserFactory(username="redaktor", groups=["Redaktor"])
    UserFactory(username="koordynator", groups=["Koordynator"])

    login(page, "redaktor")
    page.goto(add_consultation_url(live_server))
    fill_consultation(page, "Park przy ulicy Lipowej", "park-lipowa")
    page.get_by_role("button", name="Zapisz szkic").click()
    page.wait_for_url("**/edit/")
    record = ConsultationPage.objects.get(title="Park przy ulicy Lipowej")
    assert not record.live

    open_more_actions(page)
    with page.expect_navigation():  # the database is read below: wait for the answer to the POST
        page.locator("button[name='action-submit']").click()
    record.refresh_from_db()
    assert record.current_workflow_state.status == "in_progress"

    page.context.clear_cookies()
    login(page, "koordynator")
    page.goto(f"{live_server.url}/admin/pages/{record.pk}/edit/")
    open_more_actions(page)
    with page.expect_navigation():  # the database is read below: wait for the answer to the POST
        page.locator("button[data-workflow-action-name='approve']").first.click()
    record.refresh_from_db()
    assert record.live

    response = page.goto(f"{live_server.url}{record.url}")
    assert response.status == 200
    assert "Park przy ulicy Lipowej" in page.content()


def test_autor_has_no_publish_action_and_a_forced_publish_saves_a_draft(live_server, page, login, site_tree):
    UserFactory(username="autor", groups=["Autor"])
    login(page, "autor")
    page.goto(add_consultation_url(live_server))
    fill_consultation(page, "Skwer przy szkole", "skwer-przy-szkole")
    page.get_by_role("button", name="Zapisz szkic").click()
    page.wait_for_url("**/edit/")

    open_more_actions(page)
    assert page.get_by_role("button", name="Opublikuj").count() == 0
    assert page.locator("button[name='action-publish']").count() == 0

    with page.expect_navigation():
        page.evaluate(
            """() => {
                const form = document.getElementById('page-edit-form');
                const publish = Object.assign(document.createElement('input'), {type: 'hidden', name: 'action-publish', value: 'action-publish'});
                form.appendChild(publish);
                form.submit();
            }"""
        )
    record = ConsultationPage.objects.get(title="Skwer przy szkole")
    assert not record.live


def test_register_filters_by_district_and_exports_the_same_rows(live_server, page, login, site_tree):
    nowa_huta = District.objects.get(number=18)
    ConsultationFactory(title="Zalew Nowohucki", districts=[nowa_huta])
    EventFactory(title="Spacer po Nowej Hucie", districts=[nowa_huta], publish=False)
    ConsultationFactory(title="Planty", districts=[District.objects.get(number=1)])
    UserFactory(username="redaktor", groups=["Redaktor"])

    login(page, "redaktor")
    page.get_by_role("link", name="Rejestr").click()
    page.wait_for_url("**/admin/rejestr/")
    page.get_by_role("button", name="Pokaż filtry").click()
    page.locator("[aria-controls='drilldown-id_district']").click()
    page.get_by_label("XVIII Nowa Huta").check()
    page.wait_for_url(f"**district={nowa_huta.pk}**")
    rows = page.locator("#listing-results [data-listing-page-title] [id$='_title']")  # the titles, not the cells' other links
    rows.first.wait_for()
    assert sorted(rows.all_inner_texts()) == ["Spacer po Nowej Hucie", "Zalew Nowohucki"]

    page.get_by_role("button", name="Akcje").click()
    export_url = page.get_by_role("link", name="Pobierz CSV").get_attribute("href")
    assert f"district={nowa_huta.pk}" in export_url
    export = page.request.get(f"{live_server.url}{export_url}")
    assert export.status == 200
    exported = [row["Tytuł"] for row in csv.DictReader(io.StringIO(export.text()))]
    assert sorted(exported) == ["Spacer po Nowej Hucie", "Zalew Nowohucki"]


def test_dashboard_panels_and_register_rows_pass_axe(live_server, page, login, site_tree):
    """Wagtail's admin is outside the portal's zero-violation rule; our own panels, cells and a record's inspect page
    are not."""
    record = ConsultationFactory(title="Konsultacje bez opiekuna", starts_at=timezone.now() + dt.timedelta(days=2))
    UserFactory(username="redaktor", groups=["Redaktor"])
    login(page, "redaktor")
    panels = [["#my-records-section"], ["#upcoming-records-section"], ["#records-without-person-section"]]
    assert_no_violations(page, {"include": panels})

    page.goto(f"{live_server.url}/admin/rejestr/")
    assert_no_violations(page, {"include": [["[data-listing-page-title]"]]})

    page.locator(f"[data-listing-page-title] a[href='/admin/rejestr/{record.pk}/']").click()
    page.wait_for_url(f"**/admin/rejestr/{record.pk}/")
    expect(page.get_by_role("heading", name="Publikacja")).to_be_visible()
    assert_no_violations(page, {"include": [["section[aria-labelledby^='inspect-section-']"]]})


def assert_no_violations(page, context) -> None:
    results = Axe().run(page, context=context, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
