"""The planner in a real browser: a Koordynator hands an action over from the timeline's table, and axe scans the planner's pages."""

import datetime as dt

import pytest
from django.utils import timezone

from campaigns.models import Action
from tests.factories import ActionFactory, CampaignFactory, EventFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_koordynator_reassigns_an_action_from_the_timeline_and_the_redaktor_sees_it(live_server, page, login, axe_check, site_tree):
    UserFactory(username="koordynator", first_name="Kinga", last_name="Koordynatorska", groups=["Koordynator"])
    redaktor = UserFactory(username="redaktor", first_name="Roman", last_name="Redaktorski", groups=["Redaktor"])
    now = timezone.now()
    campaign = CampaignFactory(title="Kampania o parku", starts_at=now - dt.timedelta(days=3), ends_at=now + dt.timedelta(days=20))
    first = ActionFactory(campaign=campaign, title="Plakaty w dzielnicy", starts_at=now - dt.timedelta(days=2),
                          ends_at=now + dt.timedelta(days=5))
    action = ActionFactory(campaign=campaign, title="Post o spotkaniu", starts_at=now + dt.timedelta(days=1), depends_on=[first])
    ActionFactory(campaign=campaign, title="Zaległy komunikat", starts_at=now - dt.timedelta(days=1))
    EventFactory(title="Spacer z radą dzielnicy", starts_at=now + dt.timedelta(days=2), publish=False)

    login(page, "koordynator")
    page.goto(f"{live_server.url}/admin/plany/kampania/{campaign.pk}/os-czasu/")
    axe_check(page, "timeline of a campaign")

    row = page.locator(f"#action-{action.pk}")
    row.locator("a[data-quick-edit]").click()
    page.wait_for_url(f"**zmien={action.pk}**")
    form = page.locator(f"#action-{action.pk} form[data-quick-edit-form]")
    axe_check(page, "timeline with a quick edit open")
    form.locator("select[name=responsible]").select_option(str(redaktor.pk))
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/admin/plany/kampania/{campaign.pk}/os-czasu/**")
    assert "zmien=" not in page.url
    assert page.locator(f"#action-{action.pk} [data-person]").inner_text() == "Roman Redaktorski"
    assert page.locator(".messages li.success").count() == 1
    assert Action.objects.get(pk=action.pk).responsible == redaktor

    page.goto(f"{live_server.url}/admin/plany/kalendarz-miesiac/")
    axe_check(page, "month calendar")

    page.context.clear_cookies()
    login(page, "redaktor")
    page.goto(f"{live_server.url}/admin/plany/moje-zadania/")
    assert page.locator(f"#action-{action.pk}").count() == 1
    assert "Post o spotkaniu" in page.locator(f"#action-{action.pk}").inner_text()
    axe_check(page, "my tasks")
