"""Back-office pages: notifications, the board of announcements, the dashboard panels and the menu."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.models import Account
from noticeboard import services
from noticeboard.models import Announcement, AnnouncementRead, Audience, NoticePreferences, Notification
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db
NOTIFICATIONS = "/admin/powiadomienia/"
BOARD = "/admin/ogloszenia/"


def note(user, text="Powiadomienie", url="/admin/plany/moje-zadania/"):
    return services.notify(recipient=user, kind="other", message=text, url=url)


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login


def test_notifications_page_lists_mine_newest_first_and_marks_unread(compiled_translations, login, people):
    me = people["redaktor"]
    older = note(me, "Starsze powiadomienie")
    Notification.objects.filter(pk=older.pk).update(created_at=timezone.now() - dt.timedelta(days=1), read_at=timezone.now())
    note(me, "Nowsze powiadomienie")
    note(people["autor"], "Cudze powiadomienie")
    html = login(me).get(NOTIFICATIONS).content.decode()
    assert reverse("noticeboard:notifications") == NOTIFICATIONS
    assert html.index("Nowsze powiadomienie") < html.index("Starsze powiadomienie")
    assert "Cudze powiadomienie" not in html
    assert "1 nieprzeczytane powiadomienie" in html
    assert html.count('class="is-unread"') == 1 and html.count('class="is-read"') == 1
    assert "Oznacz wszystkie jako przeczytane" in html
    assert '<th scope="col">' in html


def test_empty_state(compiled_translations, login, people):
    html = login(people["autor"]).get(NOTIFICATIONS).content.decode()
    assert "Nie masz jeszcze powiadomień." in html
    assert "Oznacz wszystkie jako przeczytane" not in html


def test_notifications_are_paginated(settings, login, people):
    settings.DIALOG_PAGE_SIZE = 2
    for number in range(5):
        note(people["redaktor"], f"Powiadomienie numer {number}")
    client = login(people["redaktor"])
    assert client.get(NOTIFICATIONS).content.decode().count('id="notification-') == 2
    last = client.get(NOTIFICATIONS + "?p=3").content.decode()
    assert "Powiadomienie numer 0" in last and last.count('id="notification-') == 1
    assert '<nav aria-label="Strony powiadomień" class="pagination">' in last
    assert "Strona 3 z 3" in last and '<a href="?p=2">Nowsze</a>' in last and "Starsze" not in last


def test_notifications_page_costs_the_same_with_many(django_assert_max_num_queries, login, people):
    client = login(people["redaktor"])
    note(people["redaktor"])
    client.get(NOTIFICATIONS)
    with django_assert_max_num_queries(25) as few:
        client.get(NOTIFICATIONS)
    for _ in range(30):
        note(people["redaktor"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(NOTIFICATIONS)


def test_mark_all_read_is_a_post(login, people):
    note(people["redaktor"]), note(people["redaktor"]), note(people["autor"])
    client = login(people["redaktor"])
    assert client.get(NOTIFICATIONS + "oznacz-wszystkie/").status_code == 405
    response = client.post(NOTIFICATIONS + "oznacz-wszystkie/")
    assert response.status_code == 302 and response["Location"] == NOTIFICATIONS
    assert not Notification.objects.filter(recipient=people["redaktor"], read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=people["autor"], read_at__isnull=True).exists()


def test_opening_marks_read_and_goes_to_the_link(login, people):
    mine = note(people["redaktor"], url="/admin/plany/moje-zadania/")
    client = login(people["redaktor"])
    response = client.post(f"{NOTIFICATIONS}{mine.pk}/otworz/")
    assert response.status_code == 302 and response["Location"] == "/admin/plany/moje-zadania/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None


def test_opening_never_leaves_the_site_nor_opens_someone_elses(login, people):
    outside = note(people["redaktor"], url="https://evil.example.com/")
    others = note(people["autor"])
    client = login(people["redaktor"])
    assert client.post(f"{NOTIFICATIONS}{outside.pk}/otworz/")["Location"] == NOTIFICATIONS
    assert client.post(f"{NOTIFICATIONS}{others.pk}/otworz/").status_code == 404
    assert Notification.objects.get(pk=others.pk).read_at is None


def test_digest_opt_out_on_the_notifications_page(compiled_translations, login, people):
    client = login(people["redaktor"])
    html = client.get(NOTIFICATIONS).content.decode()
    assert '<label class="w-field__label" for="id_daily_digest">Wysyłaj mi codzienne podsumowanie e-mailem</label>' in html
    assert client.post(NOTIFICATIONS + "ustawienia/", {}).status_code == 302
    assert NoticePreferences.objects.get(user=people["redaktor"]).daily_digest is False
    client.post(NOTIFICATIONS + "ustawienia/", {"daily_digest": "on"})
    assert NoticePreferences.objects.get(user=people["redaktor"]).daily_digest is True


def test_dashboard_panel_and_menu_show_the_unread_count(compiled_translations, login, people):
    for number in range(7):
        note(people["redaktor"], f"Wiadomość {number}")
    html = login(people["redaktor"]).get("/admin/").content.decode()
    assert 'id="noticeboard-notifications' in html
    assert "7 nieprzeczytanych powiadomień" in html
    assert "Wiadomość 6" in html and "Wiadomość 1" not in html  # the latest five
    assert "Powiadomienia (7)" in html


# Announcements ---------------------------------------------------------------------------------------------------

def announce(title, **fields):
    fields.setdefault("body", f"<p>Treść: {title}</p>")
    return Announcement.objects.create(title=title, **fields)


@pytest.fixture
def unit(people):
    organisation = OrganisationFactory(name="Wydział Komunikacji")
    Account.objects.create(user=people["redaktor"], organisation=organisation)
    return organisation


def test_board_shows_what_is_meant_for_me_pinned_first(compiled_translations, login, people, roles, unit):
    now = timezone.now()
    announce("Dla wszystkich starsze", published_at=now - dt.timedelta(days=3))
    announce("Dla wszystkich nowsze", published_at=now - dt.timedelta(days=1))
    announce("Przypięte", pinned=True, published_at=now - dt.timedelta(days=10))
    announce("Dla mojej jednostki", audience=Audience.ORGANISATION, organisation=unit)
    announce("Dla innej jednostki", audience=Audience.ORGANISATION, organisation=OrganisationFactory())
    announce("Dla redaktorów", audience=Audience.ROLE, group=roles["Redaktor"])
    announce("Dla koordynatorów", audience=Audience.ROLE, group=roles["Koordynator"])
    announce("Wygasłe", expires_at=now - dt.timedelta(minutes=1), published_at=now - dt.timedelta(days=2))
    announce("Przyszłe", published_at=now + dt.timedelta(days=1))
    html = login(people["redaktor"]).get(BOARD).content.decode()
    shown = [title for title in ("Przypięte", "Dla redaktorów", "Dla mojej jednostki", "Dla wszystkich nowsze", "Dla wszystkich starsze")]
    positions = [html.index(title) for title in shown]
    assert positions == sorted(positions)
    for hidden in ("Dla innej jednostki", "Dla koordynatorów", "Wygasłe", "Przyszłe"):
        assert hidden not in html
    assert "Potwierdzam przeczytanie" in html


def test_empty_board_and_partners_have_none(compiled_translations, login, people):
    assert "Nie ma ogłoszeń dla Ciebie." in login(people["autor"]).get(BOARD).content.decode()
    assert login(people["partner"]).get(BOARD).status_code == 404


def test_confirming_reading(compiled_translations, login, people, roles):
    item = announce("Zmiana godzin pracy")
    not_mine = announce("Tylko dla koordynatorów", audience=Audience.ROLE, group=roles["Koordynator"])
    client = login(people["redaktor"])
    url = f"{BOARD}{item.pk}/potwierdzam/"
    assert client.get(url).status_code == 405
    assert client.post(url)["Location"] == f"{BOARD}#announcement-{item.pk}"
    client.post(url)
    assert AnnouncementRead.objects.filter(announcement=item, user=people["redaktor"]).count() == 1
    assert "Potwierdzono przeczytanie." in client.get(BOARD).content.decode()
    assert client.post(f"{BOARD}{not_mine.pk}/potwierdzam/").status_code == 404


def test_author_sees_who_read_it(compiled_translations, login, people, roles):
    author = people["koordynator"]
    item = announce("Szkolenie z dostępności", audience=Audience.ROLE, group=roles["Redaktor"], author=author)
    everyone = announce("Dla wszystkich", author=author)
    services.confirm_announcement(announcement=item, user=people["redaktor"])
    services.confirm_announcement(announcement=everyone, user=people["autor"])
    # Redaktorzy: redaktor and the owner; 1 of 2 confirmed. Everyone: 4 staff (not the partner).
    login(author)
    html = login(people["koordynator"]).get(BOARD).content.decode()
    assert "Szkolenie z dostępności" not in html  # not meant for a coordinator: the board is the reader's
    services.confirm_announcement(announcement=everyone, user=author)
    html = login(author).get(BOARD).content.decode()
    assert "przeczytało 2 z 4 osób" in html
    assert "Ola Kamińska" in html and "Ewa Zielińska" in html
    redaktor_html = login(people["redaktor"]).get(BOARD).content.decode()
    assert "przeczytało" not in redaktor_html  # readers do not see the statistics


def test_readership_counts_only_the_audience(people, roles):
    from noticeboard.selectors import readership

    item = announce("Dla redaktorów", audience=Audience.ROLE, group=roles["Redaktor"])
    services.confirm_announcement(announcement=item, user=people["redaktor"])
    result = readership([item])[item.pk]
    assert (result.read_count, result.audience_size) == (1, 2)
    assert [read.user for read in result.readers] == [people["redaktor"]]


def test_board_costs_the_same_with_many(django_assert_max_num_queries, login, people):
    client = login(people["koordynator"])
    announce("Pierwsze", author=people["koordynator"])
    client.get(BOARD)
    with django_assert_max_num_queries(25) as few:
        client.get(BOARD)
    for number in range(15):
        item = announce(f"Ogłoszenie {number}", author=people["koordynator"])
        services.confirm_announcement(announcement=item, user=people["redaktor"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(BOARD)


def test_coordinator_creates_an_announcement_as_its_author(login, people, roles):
    client = login(people["koordynator"])
    add_url = reverse("wagtailsnippets_noticeboard_announcement:add")
    assert client.get(add_url).status_code == 200
    response = client.post(add_url, {
        "title": "Nowe zasady", "body": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Treść", "depth": 0, '
        '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "audience": "everyone", "published_at": "2030-03-12 09:00",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Announcement.objects.get(title="Nowe zasady").author == people["koordynator"]
    assert login(people["redaktor"]).get(add_url).status_code in (302, 403)


def test_audience_must_name_its_target(roles):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        Announcement(title="x", body="y", audience=Audience.ROLE).full_clean()
    assert "group" in error.value.message_dict


def test_dashboard_lists_unread_announcements(compiled_translations, login, people):
    announce("Nieprzeczytane ogłoszenie")
    read = announce("Przeczytane ogłoszenie")
    services.confirm_announcement(announcement=read, user=people["redaktor"])
    html = login(people["redaktor"]).get("/admin/").content.decode()
    assert "Nieprzeczytane ogłoszenie" in html and "Przeczytane ogłoszenie" not in html
    assert 'id="noticeboard-announcements' in html
    assert "noticeboard-announcements" not in login(people["partner"]).get("/admin/").content.decode()


def test_partner_has_notifications_but_no_board_in_the_menu(login, people):
    note(people["partner"], "Dla partnera")
    html = login(people["partner"]).get(NOTIFICATIONS).content.decode()
    assert "Dla partnera" in html
    assert BOARD not in html


def test_board_is_paginated_newest_first(settings, login, people):
    settings.DIALOG_PAGE_SIZE = 2
    now = timezone.now()
    for number in range(3):
        announce(f"Ogłoszenie numer {number}", published_at=now - dt.timedelta(days=3 - number))
    client = login(people["redaktor"])
    first = client.get(BOARD).content.decode()
    assert "Ogłoszenie numer 2" in first and "Ogłoszenie numer 0" not in first
    assert '<nav aria-label="Strony ogłoszeń" class="pagination">' in first and '<a href="?p=2">Starsze</a>' in first
    assert "Ogłoszenie numer 0" in client.get(BOARD + "?p=2").content.decode()
