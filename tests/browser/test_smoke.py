import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_login_page_renders_in_polish(live_server, page, site_tree):
    page.goto(f"{live_server.url}/admin/login/")
    assert page.locator("html").get_attribute("lang") == "pl"
    assert page.get_by_role("button", name="Zaloguj się").is_visible()
