"""The embeddable widget and an event's "add to calendar" links in a real browser: axe-core and the keyboard."""

import pytest

from core.models import District
from tests.factories import ConsultationFactory, EventFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("compiled_translations")]

MAX_TABS = 80


def test_widget_passes_axe_and_add_to_calendar_links_are_reachable_by_keyboard(live_server, page, site_tree, axe_check):
    stare_miasto = District.objects.get(number=1)
    ConsultationFactory(title="Zielone podwórka", districts=[stare_miasto])
    event = EventFactory(title="Spacer badawczy", districts=[stare_miasto])

    page.goto(f"{live_server.url}/kanaly/widzet/?type=consultation&type=event&district={stare_miasto.slug}")
    assert page.get_by_role("link", name="Spacer badawczy").is_visible()
    assert page.evaluate("() => document.scripts.length") == 0
    axe_check(page, "widget")

    page.goto(live_server.url + event.url)
    ics_url = f"/kanaly/wydarzenie/{event.pk}.ics"
    reached = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        href = page.evaluate("() => document.activeElement.getAttribute('href') || ''")
        if href == ics_url or href.startswith("https://calendar.google.com/"):
            reached.append(href)
            if len(reached) == 2:
                break
    assert reached[0] == ics_url and reached[1].startswith("https://calendar.google.com/calendar/render?action=TEMPLATE")
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"  # focus is visible
    axe_check(page, "event page with add-to-calendar links")
