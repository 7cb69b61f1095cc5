"""The planner's back-office views: timeline, month calendar, my tasks and the quick edit.

Assertions read structure (ids, data attributes, links) and values, not interface text, so they hold
whether or not the Polish catalogue of the planner has been merged and compiled yet.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from campaigns.models import Action, ActionStatus
from core.models import District
from tests.backoffice.helpers import logged_in, menu_labels
from tests.factories import ActionFactory, CampaignFactory, ChannelFactory, EventFactory, UserFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")
TIMELINE = "/admin/plany/os-czasu/"
MONTH = "/admin/plany/kalendarz-miesiac/"
MY_TASKS = "/admin/plany/moje-zadania/"


def at(day: int, hour: int = 10, month: int = 12, year: int = 2030) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=WARSAW)


def table_rows(response) -> list[int]:
    """Ids of the actions in the table rows, in order."""
    return [int(pk) for pk in re.findall(r'<tr id="action-(\d+)"', response.content.decode())]


def chart_rows(response) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="planner-chart__row[^"]*" id="bar-(\d+)"', response.content.decode())]


def row_html(response, pk: int) -> str:
    html = response.content.decode()
    start = html.index(f'<tr id="action-{pk}"')
    return html[start : html.index("</tr>", start)]


def quick_url(action) -> str:
    return reverse("campaigns:planner_quick_edit", args=[action.pk])


@pytest.fixture
def koordynator(site_tree):
    return UserFactory(username="koordynator", first_name="Kinga", last_name="Koordynatorska", groups=["Koordynator"])


@pytest.fixture
def redaktor(site_tree):
    return UserFactory(username="redaktor", first_name="Roman", last_name="Redaktorski", groups=["Redaktor"])


@pytest.fixture
def partner(site_tree):
    return UserFactory(username="partner", groups=["Partner"])


# --- Timeline --------------------------------------------------------------------------------------------------------


def test_urls_are_in_the_campaigns_namespace():
    assert reverse("campaigns:planner_timeline") == TIMELINE
    assert reverse("campaigns:planner_campaign_timeline", args=[7]) == "/admin/plany/kampania/7/os-czasu/"
    assert reverse("campaigns:planner_month") == MONTH
    assert reverse("campaigns:planner_my_tasks") == MY_TASKS


def test_timeline_shows_bars_markers_dependencies_and_only_the_period(koordynator):
    campaign = CampaignFactory(title="Zielony Kraków")
    poster = ActionFactory(campaign=campaign, title="Plakaty", starts_at=at(2), ends_at=at(9))
    post = ActionFactory(campaign=campaign, title="Post na start", starts_at=at(10), depends_on=[poster])
    later = ActionFactory(campaign=campaign, title="Raport", starts_at=at(10, month=2, year=2031))

    response = logged_in(koordynator).get(TIMELINE, {"skala": "tydzien", "data": "2030-12-04"})  # Mon 2 – Sun 8 Dec
    assert response.status_code == 200
    assert table_rows(response) == chart_rows(response) == [poster.pk]
    html = response.content.decode()
    assert 'class="planner-bar planner-bar--cut-end status-todo" style="left:5.952%;width:94.048%"' in html
    assert "data=2030-11-25" in html and "data=2030-12-09" in html  # previous and next week

    response = logged_in(koordynator).get(TIMELINE, {"skala": "miesiac", "data": "2030-12-04"})
    assert table_rows(response) == [poster.pk, post.pk]
    assert later.pk not in table_rows(response)
    assert "planner-bar--marker" in row_chart_html(response, post.pk)
    assert "Plakaty" in row_html(response, post.pk)  # "after: Plakaty"
    assert f'href="/admin/snippets/campaigns/action/edit/{post.pk}/"' in row_html(response, post.pk)


def row_chart_html(response, pk: int) -> str:
    html = response.content.decode()
    start = html.index(f'id="bar-{pk}"')
    return html[start : html.index("</li>", start)]


def test_overdue_actions_are_marked_with_text_and_the_today_line_shows(koordynator):
    campaign = CampaignFactory()
    late = ActionFactory(campaign=campaign, starts_at=timezone.now() - dt.timedelta(hours=2), status=ActionStatus.IN_PROGRESS)
    done = ActionFactory(campaign=campaign, starts_at=timezone.now() - dt.timedelta(hours=1), status=ActionStatus.DONE)
    response = logged_in(koordynator).get(TIMELINE, {"skala": "tydzien"})
    assert 'class="is-overdue"' in row_html(response, late.pk)
    assert "planner-badge--overdue" in row_html(response, late.pk)
    assert "planner-badge--overdue" not in row_html(response, done.pk)
    assert "planner-chart__today" in response.content.decode()


def test_rule_warnings_are_listed_and_marked_on_their_actions(koordynator):
    campaign = CampaignFactory()
    first = ActionFactory(campaign=campaign, title="Najpierw", starts_at=at(10), ends_at=at(12))
    second = ActionFactory(campaign=campaign, title="Potem", starts_at=at(11), depends_on=[first])
    calm = ActionFactory(campaign=campaign, title="Spokojnie", starts_at=at(20))
    response = logged_in(koordynator).get(TIMELINE, {"data": "2030-12-01"})
    html = response.content.decode()
    assert 'data-warning-code="dependency_order"' in html
    assert 'href="#warning-1"' in row_html(response, first.pk)
    assert 'href="#warning-1"' in row_html(response, second.pk)
    assert "#warning-" not in row_html(response, calm.pk)
    assert "has-warnings" in html[html.index(f'id="bar-{second.pk}"') - 80 :][:200]


def test_timeline_of_one_campaign_shows_only_its_actions_and_opens_on_its_start(koordynator):
    campaign = CampaignFactory(starts_at=at(1), ends_at=at(30))
    mine = ActionFactory(campaign=campaign, starts_at=at(5))
    ActionFactory(campaign=CampaignFactory(), starts_at=at(5))
    response = logged_in(koordynator).get(reverse("campaigns:planner_campaign_timeline", args=[campaign.pk]))
    assert response.status_code == 200
    assert table_rows(response) == [mine.pk]
    assert logged_in(koordynator).get(reverse("campaigns:planner_campaign_timeline", args=[999_999])).status_code == 404


@pytest.mark.parametrize("name", ["campaign", "channel", "person", "status", "district"])
def test_each_timeline_filter_keeps_only_matching_actions(koordynator, redaktor, name):
    district = District.objects.get(number=18)
    wanted_campaign = CampaignFactory(districts=[district])
    channel = ChannelFactory(name="Kanał filtrowany", slug="kanal-filtrowany")
    wanted = ActionFactory(
        campaign=wanted_campaign, channel=channel, responsible=redaktor, status=ActionStatus.READY, starts_at=at(3)
    )
    other = ActionFactory(campaign=CampaignFactory(), starts_at=at(4))
    value = {"campaign": wanted_campaign.pk, "channel": channel.pk, "person": redaktor.pk, "status": "ready",
             "district": district.pk}[name]
    client = logged_in(koordynator)
    assert set(table_rows(client.get(TIMELINE, {"data": "2030-12-01"}))) == {wanted.pk, other.pk}
    response = client.get(TIMELINE, {"data": "2030-12-01", name: value})
    assert response.status_code == 200
    assert table_rows(response) == [wanted.pk]
    assert f"{name}={value}" in re.search(r'href="([^"]*)" rel="next"', response.content.decode())[1]  # kept when paging


def test_invalid_filters_answer_400_with_a_summary_linked_to_the_field(koordynator):
    ActionFactory(campaign=CampaignFactory(), starts_at=at(3))
    response = logged_in(koordynator).get(TIMELINE, {"channel": "999999", "skala": "rok", "data": "nie-data"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_channel"' in html and 'href="#id_skala"' in html and 'href="#id_data"' in html


def test_timeline_queries_do_not_grow_with_actions(koordynator, redaktor):
    def measure() -> int:
        client.get(TIMELINE, {"data": "2030-12-01"})  # per-process caches (menu, site) filled
        with CaptureQueriesContext(connection) as queries:
            response = client.get(TIMELINE, {"data": "2030-12-01"})
        assert response.status_code == 200
        return len(queries)

    client = logged_in(koordynator)
    campaign = CampaignFactory()
    ActionFactory(campaign=campaign, starts_at=at(2), responsible=redaktor)
    few = measure()
    channels = [ChannelFactory() for _ in range(3)]
    for n in range(3):
        other = CampaignFactory()
        previous = None
        for day in range(1, 9):
            previous = ActionFactory(
                campaign=other, starts_at=at(day + n), ends_at=at(day + n + 2) if day % 2 else None, channel=channels[day % 3],
                responsible=redaktor if day % 2 else koordynator, depends_on=[previous] if previous else None,
            )
    many = measure()
    assert Action.objects.count() == 25
    assert many == few, f"{few} queries with 1 action, {many} with 25"
    campaign_url = reverse("campaigns:planner_campaign_timeline", args=[other.pk])
    client.get(campaign_url)
    with CaptureQueriesContext(connection) as queries:
        client.get(campaign_url, {"data": "2030-12-01"})
    assert len(queries) <= many


# --- Permissions -----------------------------------------------------------------------------------------------------


def planner_urls(action) -> list[str]:
    return [TIMELINE, reverse("campaigns:planner_campaign_timeline", args=[action.campaign_id]), MONTH, MY_TASKS, quick_url(action)]


def test_partners_get_404_everywhere_in_the_planner_and_change_nothing(partner):
    action = ActionFactory(campaign=CampaignFactory())
    client = logged_in(partner)
    for url in planner_urls(action):
        assert client.get(url).status_code == 404, url
    response = client.post(quick_url(action), {"status": "done", "responsible": "", "starts_at": "2030-12-01T10:00"})
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.status == ActionStatus.TODO
    assert not ModelLogEntry.objects.for_instance(action).filter(action="wagtail.edit").exists()


@pytest.mark.parametrize("role", ["Administrator", "Koordynator", "Redaktor", "Autor"])
def test_every_staff_role_plans(site_tree, role):
    action = ActionFactory(campaign=CampaignFactory())
    client = logged_in(UserFactory(groups=[role]))
    for url in planner_urls(action):
        assert client.get(url).status_code == 200, url


def test_anonymous_visitors_are_sent_to_log_in(site_tree):
    from django.test import Client

    response = Client().get(TIMELINE)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_planning_menu_is_offered_to_staff_only(koordynator, partner):
    staff_labels = menu_labels(logged_in(koordynator).get("/admin/").content.decode())
    partner_labels = menu_labels(logged_in(partner).get("/admin/").content.decode())
    assert {TIMELINE, MONTH, MY_TASKS} <= staff_labels
    assert not {TIMELINE, MONTH, MY_TASKS} & partner_labels


# --- Month calendar --------------------------------------------------------------------------------------------------


def test_month_calendar_is_a_table_of_weeks_monday_first_with_actions_and_events(koordynator):
    district = District.objects.get(number=1)
    channel = ChannelFactory(name="Biuletyn testowy", slug="biuletyn-testowy")
    action = ActionFactory(campaign=CampaignFactory(), title="Zaproszenie w newsletterze", channel=channel, starts_at=at(3, 9))
    live = EventFactory(title="Debata na Rynku", starts_at=at(3, 18), districts=[district])
    proposed = EventFactory(title="Spacer z radą", starts_at=at(5, 17), publish=False)
    EventFactory(title="Styczniowe", starts_at=at(12, 17, month=1, year=2031))  # after the grid (ends 5 January)

    response = logged_in(koordynator).get(MONTH, {"miesiac": "2030-12"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>" in html
    start = html.index('<table class="planner-month">')
    table = html[start : html.index("</table>", start)]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', table)
    assert [h.lower() for h in headers] == ["poniedziałek", "wtorek", "środa", "czwartek", "piątek", "sobota", "niedziela"]
    assert len(re.findall(r'<th scope="row"', table)) == 6  # 25 Nov 2030 (Monday) – 5 Jan 2031
    day = html[html.index('id="day-2030-12-03"') : html.index('id="day-2030-12-04"')]
    assert "09:00" in day and action.title in day and "Biuletyn testowy" in day
    assert "18:00" in day and live.title in day and district.name in day and "is-proposed" not in day
    day = html[html.index('id="day-2030-12-05"') : html.index('id="day-2030-12-06"')]
    assert proposed.title in day and "planner-badge--proposed" in day
    assert "Styczniowe" not in html
    assert "miesiac=2030-11" in html and "miesiac=2031-01" in html
    assert "grudzień 2030" in html.lower()


def test_month_calendar_filters_actions_and_events_by_district(koordynator):
    nowa_huta, podgorze = District.objects.get(number=18), District.objects.get(number=13)
    here = ActionFactory(campaign=CampaignFactory(districts=[nowa_huta]), title="Tu", starts_at=at(3))
    ActionFactory(campaign=CampaignFactory(districts=[podgorze]), title="Gdzie indziej", starts_at=at(3))
    EventFactory(title="Wydarzenie tutaj", starts_at=at(4), districts=[nowa_huta])
    EventFactory(title="Wydarzenie gdzie indziej", starts_at=at(4), districts=[podgorze])
    html = logged_in(koordynator).get(MONTH, {"miesiac": "2030-12", "district": nowa_huta.pk}).content.decode()
    assert f'data-action-id="{here.pk}"' in html and "Gdzie indziej" not in html
    assert "Wydarzenie tutaj" in html and "Wydarzenie gdzie indziej" not in html


@pytest.mark.parametrize("value", ["2030-13", "grudzień", "2030-1"])
def test_a_bad_month_answers_400(koordynator, value):
    response = logged_in(koordynator).get(MONTH, {"miesiac": value})
    assert response.status_code == 400
    assert 'href="#id_miesiac"' in response.content.decode()


def test_month_calendar_queries_do_not_grow(koordynator):
    client = logged_in(koordynator)

    def measure() -> int:
        client.get(MONTH, {"miesiac": "2030-12"})
        with CaptureQueriesContext(connection) as queries:
            client.get(MONTH, {"miesiac": "2030-12"})
        return len(queries)

    ActionFactory(campaign=CampaignFactory(), starts_at=at(2))
    EventFactory(starts_at=at(2), districts=[District.objects.get(number=1)])
    few = measure()
    for day in range(3, 20):
        ActionFactory(campaign=CampaignFactory(), starts_at=at(day), ends_at=at(day + 3))
        EventFactory(starts_at=at(day), districts=[District.objects.get(number=day % 18 + 1)], publish=day % 2 == 0)
    assert measure() == few


# --- My tasks and the quick edit -------------------------------------------------------------------------------------


def test_my_tasks_lists_own_open_actions_overdue_first(redaktor, koordynator):
    campaign = CampaignFactory()
    now = timezone.now()
    later = ActionFactory(campaign=campaign, responsible=redaktor, starts_at=now + dt.timedelta(days=5))
    overdue = ActionFactory(campaign=campaign, responsible=redaktor, starts_at=now - dt.timedelta(days=2))
    ActionFactory(campaign=campaign, responsible=redaktor, starts_at=now - dt.timedelta(days=3), status=ActionStatus.DONE)
    ActionFactory(campaign=campaign, responsible=koordynator, starts_at=now)
    response = logged_in(redaktor).get(MY_TASKS)
    assert table_rows(response) == [overdue.pk, later.pk]
    assert "planner-badge--overdue" in row_html(response, overdue.pk)
    html = response.content.decode()
    assert html.index('id="tasks-overdue"') < html.index('id="tasks-today"') < html.index('id="tasks-later"')


def test_my_tasks_queries_do_not_grow(redaktor):
    client = logged_in(redaktor)

    def measure() -> int:
        client.get(MY_TASKS)
        with CaptureQueriesContext(connection) as queries:
            client.get(MY_TASKS)
        return len(queries)

    campaign = CampaignFactory()
    ActionFactory(campaign=campaign, responsible=redaktor)
    few = measure()
    for n in range(12):
        ActionFactory(campaign=CampaignFactory(), responsible=redaktor, starts_at=timezone.now() + dt.timedelta(days=n - 4))
    assert measure() == few


def test_quick_edit_from_my_tasks_changes_logs_and_goes_back_with_a_message(redaktor, koordynator):
    campaign = CampaignFactory()
    action = ActionFactory(campaign=campaign, title="Post o parku", responsible=redaktor, starts_at=at(3))
    client = logged_in(redaktor)
    back = f"{MY_TASKS}?campaign={campaign.pk}"
    assert f'action="{quick_url(action)}"' in row_html(client.get(back), action.pk)

    response = client.post(quick_url(action), {
        "status": "in_progress", "responsible": koordynator.pk, "starts_at": "2030-12-04T12:30", "next": back,
    })
    assert response.status_code == 302
    assert response["Location"] == f"{back}#action-{action.pk}"
    action.refresh_from_db()
    assert (action.status, action.responsible, action.starts_at) == ("in_progress", koordynator, at(4, 12).replace(minute=30))
    entry = ModelLogEntry.objects.for_instance(action).get(action="wagtail.edit")
    assert entry.user == redaktor
    assert set(entry.data["changes"]) == {"status", "responsible", "starts_at"}
    [message] = list(get_messages(response.wsgi_request))
    assert message.level_tag == "success" and "Post o parku" in str(message) and "Kinga Koordynatorska" in str(message)


def test_quick_edit_moves_a_lasting_action_as_a_whole(koordynator):
    action = ActionFactory(campaign=CampaignFactory(), starts_at=at(3), ends_at=at(10))
    response = logged_in(koordynator).post(quick_url(action), {"status": "todo", "responsible": "", "starts_at": "2030-12-05T10:00"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.starts_at, action.ends_at) == (at(5), at(12))


def test_quick_edit_without_changes_logs_nothing(koordynator):
    action = ActionFactory(campaign=CampaignFactory(), starts_at=at(3), responsible=koordynator)
    response = logged_in(koordynator).post(
        quick_url(action), {"status": "todo", "responsible": koordynator.pk, "starts_at": "2030-12-03T10:00"}
    )
    assert response.status_code == 302
    assert not ModelLogEntry.objects.for_instance(action).filter(action="wagtail.edit").exists()
    [message] = list(get_messages(response.wsgi_request))
    assert action.title in str(message)


@pytest.mark.parametrize(
    "change",
    [
        {"status": "published"},  # not a status
        {"responsible": "999999"},  # nobody
        {"responsible": "partner"},  # a partner is not staff
        {"starts_at": "jutro"},
        {"starts_at": ""},
    ],
)
def test_invalid_quick_edit_changes_nothing_and_explains(koordynator, partner, change):
    action = ActionFactory(campaign=CampaignFactory(), starts_at=at(3), responsible=koordynator)
    data = {"status": "done", "responsible": koordynator.pk, "starts_at": "2030-12-06T10:00", "next": MY_TASKS}
    data.update({key: partner.pk if value == "partner" else value for key, value in change.items()})
    response = logged_in(koordynator).post(quick_url(action), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    field = next(iter(change))
    assert f'href="#quick-{action.pk}-{field}"' in html and f'id="quick-{action.pk}-{field}"' in html
    action.refresh_from_db()
    assert (action.status, action.responsible, action.starts_at) == ("todo", koordynator, at(3))
    assert not ModelLogEntry.objects.for_instance(action).filter(action="wagtail.edit").exists()


def test_quick_edit_refuses_to_send_the_user_elsewhere(koordynator):
    action = ActionFactory(campaign=CampaignFactory(), starts_at=at(3))
    response = logged_in(koordynator).post(
        quick_url(action), {"status": "ready", "responsible": "", "starts_at": "2030-12-03T10:00", "next": "https://example.com/"}
    )
    assert response["Location"] == f"{MY_TASKS}#action-{action.pk}"


def test_timeline_row_opens_its_quick_edit_in_place_and_comes_back_to_the_same_view(koordynator, redaktor):
    action = ActionFactory(campaign=CampaignFactory(), starts_at=at(3), responsible=koordynator)
    client = logged_in(koordynator)
    query = {"skala": "tydzien", "data": "2030-12-03", "person": koordynator.pk}
    listing = client.get(TIMELINE, query)
    link = re.search(r'<a href="([^"]+)" data-quick-edit>', row_html(listing, action.pk))[1].replace("&amp;", "&")
    assert f"zmien={action.pk}" in link and "skala=tydzien" in link

    editing = client.get(link.split("#")[0])
    form = row_html(editing, action.pk)
    assert f'action="{quick_url(action)}"' in form and "csrfmiddlewaretoken" in form
    back = re.search(r'name="next" value="([^"]+)"', form)[1].replace("&amp;", "&")
    assert "zmien" not in back and "skala=tydzien" in back and f"person={koordynator.pk}" in back

    response = client.post(quick_url(action), {"status": "todo", "responsible": redaktor.pk, "starts_at": "2030-12-03T10:00",
                                                "next": back})
    assert response["Location"] == f"{back}#action-{action.pk}"
    action.refresh_from_db()
    assert action.responsible == redaktor


def test_zoom_select_shows_the_zoom_in_use_when_the_address_gives_none(client, site_tree):
    from tests.factories import UserFactory

    client.force_login(UserFactory(groups=["Koordynator"]))
    html = client.get("/admin/plany/os-czasu/").content.decode()
    assert '<option value="miesiac" selected' in html
