"""Browser tests: Playwright drives Debian's Chromium (no browser download) against a live server.

`axe_check(page)` runs axe-core's WCAG 2.1 A/AA rules and fails with a readable list of violations. On public pages
(any address outside /admin/) it also runs axe's rules for a page's outline (one h1, no skipped heading level, content
in landmarks), which axe files as best practice rather than WCAG and which Wagtail's admin does not meet;
`structure=True` asks for them on a page set by `page.set_content`.
"""

import os
import shutil
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

from tests.live_requests import wait_until_idle

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
STRUCTURE_RULES = ["heading-order", "page-has-heading-one", "landmark-one-main", "landmark-unique", "region"]

# Django refuses synchronous ORM calls in a thread with a running event loop (Playwright's).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def new_context(browser, **options):
    """A browser context as residents and staff have, minus Wagtail's "I left the editor" beacon: it may still be in
    flight when a test ends and the database is flushed. Editing sessions are not what these tests test."""
    context = browser.new_context(**{"locale": "pl-PL", "timezone_id": "Europe/Warsaw", **options})
    context.route("**/admin/editing-sessions/release/**", lambda route: route.abort())
    return context


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab; on teardown it closes and waits for the live server to finish what the tab started.

    Depending on `live_server` makes this fixture tear down before the database flush.
    """
    context = new_context(browser)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
    assert wait_until_idle(), "the live server was still handling a request 30 s after the test ended"


@pytest.fixture
def axe_check():
    axe = Axe()

    def check(page, context: str = "", *, structure: bool | None = None) -> None:
        if structure is None:
            structure = urlsplit(page.url).scheme in ("http", "https") and not urlsplit(page.url).path.startswith("/admin/")
        rules = {rule: {"enabled": True} for rule in STRUCTURE_RULES} if structure else {}
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "rules": rules})
        violations = results.response["violations"]
        report = "\n".join(
            f"- {v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:5]}" for v in violations
        )
        assert not violations, f"axe found {len(violations)} WCAG violation(s) on {context or page.url}:\n{report}"

    return check


@pytest.fixture
def login(live_server):
    def do_login(page, username: str, password: str = "haslo-testowe-123") -> None:
        page.goto(f"{live_server.url}/admin/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/admin/")

    return do_login
