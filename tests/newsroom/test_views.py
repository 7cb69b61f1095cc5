"""Public pages: news listing and item, the press room (releases, contacts, media kit), feeds valid for feedparser and
linked from the pages' heads, and bad input (a page number that is no page) as a Polish 404, never a 500."""


import feedparser
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from lxml import html
from wagtail.documents import get_document_model
from wagtail.models import PageViewRestriction

from newsroom import services
from newsroom.models import NewsIndexPage, PressContact, PressRoomPage
from tests.factories import PersonFactory, ProjectFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def news(number: int, day=None):
    return services.create_news_item(title=f"Aktualność numer {number}", lead=f"Zajawka {number}.", body_paragraphs=[],
                                     day=day or timezone.localdate(), delivery_key=f"news-{number}")


def alternate_links(response) -> dict[str, str]:
    tree = html.fromstring(response.content)
    return {link.get("type"): link.get("href") for link in tree.xpath("//head/link[@rel='alternate']")}


def test_bootstrap_creates_the_two_pages_once(site_tree):
    from django.core.management import call_command

    call_command("bootstrap", verbosity=0)
    assert NewsIndexPage.objects.get().url_path.endswith("/aktualnosci/")
    room = PressRoomPage.objects.get()
    assert room.url_path.endswith("/dla-mediow/") and room.media_kit.name == "Materiały dla mediów"


def test_the_footer_leads_to_the_press_room_wherever_its_page_is(site_tree, client):
    response = client.get("/")
    assert '<a href="/prasa/">Dla mediów</a>' in response.content.decode()
    room = PressRoomPage.objects.get()
    room.slug = "media"
    room.save_revision().publish()
    assert client.get("/prasa/").headers["Location"] == "/media/"
    room.unpublish()
    assert client.get("/prasa/").status_code == 404


def test_news_are_listed_newest_first_paginated_and_a_bad_page_is_a_404(site_tree, client, settings):
    settings.DIALOG_PAGE_SIZE = 2
    for number in range(3):
        news(number, day=timezone.localdate() - timezone.timedelta(days=number))
    first = client.get("/aktualnosci/")
    assert first.status_code == 200
    titles = html.fromstring(first.content).xpath("//main//h2[@class='card__title']/a/text()")
    assert titles == ["Aktualność numer 0", "Aktualność numer 1"]
    assert "Aktualność numer 2" in client.get("/aktualnosci/?page=2").content.decode()
    for bad in ("3", "abc", "-1", "0"):
        response = client.get(f"/aktualnosci/?page={bad}")
        assert response.status_code == 404
        assert "Nie znaleziono strony" in response.content.decode()


def test_a_news_item_page_shows_its_lead_and_date_in_polish(site_tree, client):
    item = news(1, day=timezone.datetime(2026, 3, 16).date())
    page = client.get(item.url).content.decode()
    assert "Zajawka 1." in page and "16 marca 2026" in page


def test_news_feeds_are_valid_and_discoverable(site_tree, client):
    news(1)
    links = alternate_links(client.get("/aktualnosci/"))
    assert set(links) == {"application/rss+xml", "application/atom+xml"}
    for href in links.values():
        parsed = feedparser.parse(client.get(href).content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert [entry.title for entry in parsed.entries] == ["Aktualność numer 1"]
        assert parsed.entries[0].id.startswith("tag:")


def test_the_press_room_lists_releases_contacts_and_the_media_kit(site_tree, client, release):
    services.publish_release(release=release, user=None)
    PressContact.objects.create(person=PersonFactory(first_name="Marta", last_name="Rzeczniczka", phone="12 616 00 00",
                                                     email="rzecznik@example.org"), role="rzeczniczka prasowa")
    room = PressRoomPage.objects.get()
    get_document_model().objects.create(title="Logotyp", collection=room.media_kit,
                                        file=ContentFile(b"x" * 1536, name="logotyp.pdf"))
    response = client.get("/dla-mediow/")
    page = response.content.decode()
    assert release.title in page
    assert "Marta Rzeczniczka" in page and "rzeczniczka prasowa" in page and 'href="tel:126160000"' in page
    assert "mailto:rzecznik@example.org" in page
    assert "Logotyp" in page and "(PDF, 1,5\xa0KB)" in page  # Polish decimal comma, no break before the unit
    links = alternate_links(response)
    for href in links.values():
        parsed = feedparser.parse(client.get(href).content)
        assert not parsed.bozo and [entry.title for entry in parsed.entries] == [release.title]
    assert client.get("/dla-mediow/?page=x").status_code == 404


def test_feeds_refuse_other_methods(client, site_tree):
    assert client.post("/prasa/rss/").status_code == 405
    assert client.get("/prasa/atom/").status_code == 200


@pytest.mark.parametrize("count", [1, 8])
def test_the_listings_cost_the_same_few_queries_whatever_their_length(site_tree, client, count, django_assert_max_num_queries):
    for number in range(count):
        news(number)
        release = services.create_release_draft(title=f"Komunikat {number}", lead="Treść.", body_paragraphs=[],
                                                delivery_key=f"release-{number}")
        services.publish_release(release=release, user=None)
    PressContact.objects.create(person=PersonFactory(), role="rzecznik")
    client.get("/aktualnosci/")  # fills the menu and branding caches, as any earlier request would
    with django_assert_max_num_queries(15):
        assert client.get("/aktualnosci/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get("/dla-mediow/").status_code == 200


def test_a_news_item_names_its_record_only_while_the_public_may_see_it(site_tree, client):
    record = ProjectFactory(title="Budżet obywatelski dzielnic")
    item = services.create_news_item(title="Ruszył nabór", lead="Zgłoś projekt.", body_paragraphs=[],
                                     day=timezone.localdate(), delivery_key="news-record", record=record)
    assert "Budżet obywatelski dzielnic" in client.get(item.url).content.decode()

    restriction = PageViewRestriction.objects.create(page=record.get_parent(), restriction_type=PageViewRestriction.LOGIN)
    page = client.get(item.url).content.decode()
    assert "Budżet obywatelski dzielnic" not in page and record.url not in page  # a closed section: not even its title
    restriction.delete()

    record.unpublish()
    page = client.get(item.url).content.decode()
    assert "Budżet obywatelski dzielnic" not in page
