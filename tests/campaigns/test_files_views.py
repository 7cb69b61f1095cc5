"""Back-office views of plan files (/admin/plany/…) and the calendar feeds (/kalendarz/…)."""

import io
import logging
from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from icalendar import Calendar
from openpyxl import Workbook, load_workbook

from campaigns import feeds, spreadsheets
from campaigns.hooks_files import StaffMenuItem, campaign_plan_file_buttons, my_calendar_menu_item
from campaigns.models import CalendarFeed
from core.spreadsheets import XLSX_CONTENT_TYPE
from tests.backoffice.helpers import logged_in
from tests.factories import ActionFactory, CampaignFactory, UserFactory

pytestmark = pytest.mark.django_db

START = datetime(2027, 3, 5, 9, 30, tzinfo=UTC)


@pytest.fixture
def staff(site_tree):
    return UserFactory(groups=["Koordynator"])


@pytest.fixture
def campaign(site_tree):
    campaign = CampaignFactory(title="Kampania „Łąki Nowohuckie” 2027")
    ActionFactory(campaign=campaign, title="Post na start", starts_at=START)
    return campaign


def upload(rows, name="plan.xlsx") -> SimpleUploadedFile:
    workbook = Workbook()
    workbook.active.append(spreadsheets.HEADERS)
    for row in rows:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile(name, stream.getvalue(), content_type=XLSX_CONTENT_TYPE)


def valid_row(title="Nowe działanie"):
    return ["06.03.2027", "12:00", None, None, "Facebook", title, None, None, None, "uwagi", None]


# ------------------------------------------------------------------------------------------------ export


def test_export_downloads_an_xlsx_with_an_ascii_filename(staff, campaign):
    response = logged_in(staff).get(reverse("campaigns:plan_xlsx", args=[campaign.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="plan-kampania-laki-nowohuckie-2027-') and disposition.endswith('.xlsx"')
    assert disposition.isascii()
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.worksheets[0]["F2"].value == "Post na start"


@pytest.mark.parametrize("name", ["plan_xlsx", "plan_import"])
def test_partners_do_not_see_campaign_plans(site_tree, campaign, name):
    partner = UserFactory(groups=["Partner"])
    assert logged_in(partner).get(reverse(f"campaigns:{name}", args=[campaign.pk])).status_code == 404


@pytest.mark.parametrize("name", ["plan_xlsx", "plan_import"])
def test_anonymous_is_sent_to_log_in(site_tree, campaign, name):
    response = logged_in(UserFactory()).get(reverse(f"campaigns:{name}", args=[campaign.pk]))  # no admin access
    assert response.status_code == 302 and "login" in response["Location"]


def test_unknown_campaign_is_404(staff):
    assert logged_in(staff).get(reverse("campaigns:plan_xlsx", args=[999_999])).status_code == 404


# ------------------------------------------------------------------------------------------------ import


def test_import_form_is_a_wagtail_admin_page(staff, campaign):
    html = logged_in(staff).get(reverse("campaigns:plan_import", args=[campaign.pk])).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="file"' in html
    assert reverse("campaigns:plan_xlsx", args=[campaign.pk]) in html
    assert "<legend" in html


def test_import_adds_the_rows_and_redirects_to_the_plan(staff, campaign):
    response = logged_in(staff).post(reverse("campaigns:plan_import", args=[campaign.pk]), {"file": upload([valid_row()])})
    assert response.status_code == 302
    assert response["Location"].endswith(f"?campaign={campaign.pk}")
    assert sorted(campaign.actions.values_list("title", flat=True)) == ["Nowe działanie", "Post na start"]


def test_import_with_problems_lists_them_and_saves_nothing(staff, campaign):
    bad = valid_row("Zły kanał")
    bad[4] = "MySpace"
    response = logged_in(staff).post(reverse("campaigns:plan_import", args=[campaign.pk]), {"file": upload([valid_row(), bad])})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html and 'id="import-problems"' in html
    assert "MySpace" in html and "E – Kanał" in html
    assert [(p.row, p.column, p.code) for p in response.context["problems"]] == [(3, "Kanał", "unknown_channel")]
    assert campaign.actions.count() == 1


def test_import_refuses_a_file_that_is_not_xlsx(staff, campaign):
    url = reverse("campaigns:plan_import", args=[campaign.pk])
    client = logged_in(staff)
    by_name = client.post(url, {"file": SimpleUploadedFile("plan.csv", b"Data;Godzina\n", content_type="text/csv")})
    assert by_name.status_code == 200 and by_name.context["form"].errors["file"]
    by_content = client.post(url, {"file": SimpleUploadedFile("plan.xlsx", b"not really", content_type=XLSX_CONTENT_TYPE)})
    assert [p.code for p in by_content.context["problems"]] == ["not_xlsx"]
    assert campaign.actions.count() == 1


def test_import_needs_the_planning_permission(site_tree, campaign):
    author = UserFactory(groups=["Autor"])  # staff who see plans but do not plan (no campaigns.add_action)
    client = logged_in(author)
    assert client.get(reverse("campaigns:plan_xlsx", args=[campaign.pk])).status_code == 200
    refused = client.post(reverse("campaigns:plan_import", args=[campaign.pk]), {"file": upload([valid_row()])})
    assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))  # Wagtail's answer to PermissionDenied
    assert campaign.actions.count() == 1


# ------------------------------------------------------------------------------------------------ my calendar


def test_my_calendar_makes_shows_and_replaces_the_address(staff):
    client = logged_in(staff)
    page = reverse("campaigns:my_calendar")
    renew = reverse("campaigns:renew_calendar")
    assert 'id="calendar-address"' not in client.get(page).content.decode()

    assert client.post(renew).status_code == 302  # the first address needs no confirmation
    token = CalendarFeed.objects.get(user=staff).token
    html = client.get(page).content.decode()
    assert f"http://testserver/kalendarz/{token}.ics" in html

    asked = client.post(renew)  # replacing asks first
    assert asked.status_code == 200 and 'name="confirm" value="yes"' in asked.content.decode()
    assert CalendarFeed.objects.get(user=staff).token == token

    assert client.post(renew, {"confirm": "yes"}).status_code == 302
    new_token = CalendarFeed.objects.get(user=staff).token
    assert new_token != token
    assert client.get(f"/kalendarz/{token}.ics").status_code == 404
    assert client.get(f"/kalendarz/{new_token}.ics").status_code == 200


def test_renewing_needs_post(staff):
    assert logged_in(staff).get(reverse("campaigns:renew_calendar")).status_code == 405


def test_partners_have_no_calendar_page(site_tree):
    client = logged_in(UserFactory(groups=["Partner"]))
    home = reverse("wagtailadmin_home")  # Wagtail answers PermissionDenied with a redirect and a message
    assert client.get(reverse("campaigns:my_calendar"))["Location"] == home
    assert client.post(reverse("campaigns:renew_calendar"))["Location"] == home
    assert not CalendarFeed.objects.exists()


# ------------------------------------------------------------------------------------------------ feeds


def test_person_feed_answers_with_a_private_calendar(staff, campaign, client):
    ActionFactory(campaign=campaign, title="Moje", responsible=staff, starts_at=START)
    token = feeds.renew_feed_token(user=staff).token
    response = client.get(f"/kalendarz/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert "private" in cache_control and "public" not in cache_control
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")] == ["Moje"]


def test_campaign_feed_for_a_staff_token(staff, campaign, client):
    token = feeds.renew_feed_token(user=staff).token
    response = client.get(f"/kalendarz/{token}/kampania/{campaign.pk}.ics")
    assert response.status_code == 200
    assert [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")] == ["Post na start"]
    assert client.get(f"/kalendarz/{token}/kampania/999999.ics").status_code == 404


def test_feeds_refuse_partner_revoked_and_unknown_tokens(site_tree, campaign, client):
    partner_token = feeds.renew_feed_token(user=UserFactory(groups=["Partner"])).token
    assert client.get(f"/kalendarz/{partner_token}.ics").status_code == 404
    assert client.get(f"/kalendarz/{partner_token}/kampania/{campaign.pk}.ics").status_code == 404
    staff = UserFactory(groups=["Redaktor"])
    old = feeds.renew_feed_token(user=staff).token
    feeds.renew_feed_token(user=staff)
    assert client.get(f"/kalendarz/{old}/kampania/{campaign.pk}.ics").status_code == 404
    assert client.get("/kalendarz/" + "a" * 43 + ".ics").status_code == 404


def test_a_refused_token_is_not_written_to_the_log(site_tree, client, caplog):
    token = "b" * 43
    with caplog.at_level(logging.DEBUG, logger="django.request"):
        assert client.get(f"/kalendarz/{token}.ics").status_code == 404
    assert token not in caplog.text


# ------------------------------------------------------------------------------------------------ hooks


def test_campaign_editor_offers_the_plan_files(staff, campaign):
    buttons = list(campaign_plan_file_buttons(campaign, staff, "edit"))
    assert [b.url for b in buttons] == [
        reverse("campaigns:plan_xlsx", args=[campaign.pk]), reverse("campaigns:plan_import", args=[campaign.pk]),
    ]
    author = UserFactory(groups=["Autor"])
    assert [b.url for b in campaign_plan_file_buttons(campaign, author, "edit")] == [reverse("campaigns:plan_xlsx", args=[campaign.pk])]
    assert list(campaign_plan_file_buttons(campaign, UserFactory(groups=["Partner"]), "edit")) == []
    assert list(campaign_plan_file_buttons(campaign.get_parent(), staff, "edit")) == []


def test_my_calendar_menu_item_is_for_staff(staff, rf):
    item = my_calendar_menu_item()
    assert isinstance(item, StaffMenuItem) and item.url == reverse("campaigns:my_calendar")
    request = rf.get("/admin/")
    request.user = staff
    assert item.is_shown(request)
    request.user = UserFactory(groups=["Partner"])
    assert not item.is_shown(request)
