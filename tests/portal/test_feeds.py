"""Feeds of the public catalog (portal.feeds): RSS, Atom and JSON Feed read with feedparser, iCalendar with
`icalendar` and `vobject`, the embeddable widget, the alternate links of listings and an event's "add to calendar"."""

import datetime as dt
import json
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, parse_qsl, urlsplit

import feedparser
import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from catalog.models import EventIndexPage, EventPage
from core.models import Branding, District
from portal import feeds
from tests.factories import ConsultationFactory, EventFactory, OfferFactory, ProjectFactory, TopicFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"
FEED_URLS = {"rss": "/kanaly/rss/", "atom": "/kanaly/atom/", "json": "/kanaly/json/"}
TEXT_URLS = ["/kanaly/rss/", "/kanaly/atom/", "/kanaly/kalendarz.ics", "/kanaly/widzet/"]
SOON = dt.timedelta(days=3)


def parsed(client, url: str) -> feedparser.FeedParserDict:
    response = client.get(url)
    assert response.status_code == 200, response.content
    feed = feedparser.parse(response.content, response_headers={"content-type": response["Content-Type"]})
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def json_feed(client, url: str) -> dict:
    """A JSON Feed checked against what version 1.1 requires (feedparser 6 does not read JSON Feed)."""
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/feed+json; charset=utf-8"
    body = json.loads(response.content)
    assert body["version"] == "https://jsonfeed.org/version/1.1"
    assert isinstance(body["title"], str) and isinstance(body["items"], list)
    for item in body["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_text") or item.get("content_html"), str)
        for name in ("date_published", "date_modified"):
            if name in item:  # RFC 3339: a date, a time and an offset
                assert dt.datetime.fromisoformat(item[name]).utcoffset() is not None
    return body


def titles(client, url: str) -> set[str]:
    if url.startswith(FEED_URLS["json"]):
        return {item["title"] for item in json_feed(client, url)["items"]}
    return {entry.title for entry in parsed(client, url).entries}


def ical_events(client, url: str) -> dict[str, object]:
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(event["SUMMARY"]): event for event in Calendar.from_ical(response.content).walk("VEVENT")}


def widget_html(client, url: str = "/kanaly/widzet/") -> str:
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.content.decode()


@pytest.fixture
def nowa_huta(site_tree):
    return District.objects.get(number=18)


@pytest.fixture
def mixed(site_tree, district, topic, nowa_huta):
    """Records of several types in two districts and two topics, with what must never be public beside them."""
    other_topic = TopicFactory(name="Transport", slug="transport")
    now = timezone.now()
    return {
        "consultation": ConsultationFactory(title="Zielone podwórka", lead="Pytamy o podwórka.", districts=[district], topics=[topic]),
        "event": EventFactory(title="Spacer po Starym Mieście", lead="Idziemy razem.", starts_at=now + SOON,
                              districts=[district], topics=[topic]),
        "other_event": EventFactory(title="Debata w Nowej Hucie", lead="Rozmawiamy o tramwajach.", starts_at=now + 2 * SOON,
                                    districts=[nowa_huta], topics=[other_topic]),
        "offer": OfferFactory(title="Szkolenie z moderacji", districts=[nowa_huta], topics=[other_topic]),
        "project": ProjectFactory(title="Klimat dla Krakowa", districts=[district]),
        "draft": EventFactory(title="Szkic wydarzenia", starts_at=now + SOON, districts=[district], publish=False),
    }


# --- RSS, Atom, JSON Feed -------------------------------------------------------------------------


def test_rss_is_valid_and_lists_public_records_newest_first(client, mixed):
    response = client.get("/kanaly/rss/")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = parsed(client, "/kanaly/rss/")
    assert feed.version == "rss20"
    assert feed.feed.title == "Dialog Kraków: najnowsze w rejestrze"
    assert feed.feed.link == f"{BASE}/"
    assert feed.feed.language == "pl"
    assert [entry.title for entry in feed.entries] == [
        "Klimat dla Krakowa", "Szkolenie z moderacji", "Debata w Nowej Hucie", "Spacer po Starym Mieście", "Zielone podwórka",
    ]
    event = mixed["event"]
    entry = next(entry for entry in feed.entries if entry.title == event.title)
    assert entry.link == event.get_full_url()
    assert entry.id == f"tag:127.0.0.1,2026:record-{event.pk}"
    assert entry.summary == "Idziemy razem."
    assert dt.datetime(*entry.published_parsed[:6], tzinfo=dt.UTC) == event.first_published_at.replace(microsecond=0)
    assert {tag.term for tag in entry.tags} == {"Wydarzenie", "I Stare Miasto", "Zieleń"}


def test_atom_is_valid(client, mixed):
    response = client.get("/kanaly/atom/")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = parsed(client, "/kanaly/atom/")
    assert feed.version == "atom10"
    assert feed.feed.author == Branding._meta.get_field("organisation_name").default
    consultation = mixed["consultation"]
    entry = next(entry for entry in feed.entries if entry.title == consultation.title)
    assert entry.link == consultation.get_full_url()
    assert entry.id == f"tag:127.0.0.1,2026:record-{consultation.pk}"
    assert dt.datetime(*entry.updated_parsed[:6], tzinfo=dt.UTC) == consultation.last_published_at.replace(microsecond=0)
    assert "Szkic wydarzenia" not in {entry.title for entry in feed.entries}


def test_json_feed_has_the_fields_of_version_1_1(client, mixed):
    body = json_feed(client, "/kanaly/json/?type=event")
    assert body["title"] == "Dialog Kraków: wydarzenia"
    assert body["home_page_url"] == f"{BASE}/"
    assert body["feed_url"] == f"{BASE}/kanaly/json/?type=event"
    assert body["language"] == "pl" and body["authors"][0]["name"]
    event = mixed["other_event"]
    first = body["items"][0]  # the newest
    assert first["id"] == f"tag:127.0.0.1,2026:record-{event.pk}"
    assert first["url"] == event.get_full_url()
    assert first["title"] == "Debata w Nowej Hucie"
    assert first["content_text"] == "Rozmawiamy o tramwajach."
    assert dt.datetime.fromisoformat(first["date_published"]) == event.first_published_at.replace(microsecond=0)
    assert dt.datetime.fromisoformat(first["_dialog"]["starts_at"]) == event.starts_at.replace(microsecond=0)
    assert first["_dialog"]["type"] == "event" and first["_dialog"]["status"] == "announced"
    assert [item["title"] for item in body["items"]] == ["Debata w Nowej Hucie", "Spacer po Starym Mieście"]


@pytest.mark.parametrize("url", FEED_URLS.values())
def test_feeds_filter_by_type_district_and_topic(client, mixed, url):
    assert titles(client, url + "?type=event") == {"Spacer po Starym Mieście", "Debata w Nowej Hucie"}
    assert titles(client, url + "?type=event&type=offer") == {"Spacer po Starym Mieście", "Debata w Nowej Hucie", "Szkolenie z moderacji"}
    assert titles(client, url + "?district=stare-miasto") == {"Zielone podwórka", "Spacer po Starym Mieście", "Klimat dla Krakowa"}
    assert titles(client, url + "?topic=transport") == {"Debata w Nowej Hucie", "Szkolenie z moderacji"}
    assert titles(client, url + "?type=event&district=stare-miasto&topic=zielen") == {"Spacer po Starym Mieście"}
    assert titles(client, url + "?district=stare-miasto&district=nowa-huta&type=project") == {"Klimat dla Krakowa"}
    assert titles(client, url + "?status=open") == {"Zielone podwórka"}
    assert titles(client, url + "?q=podworka") == {"Zielone podwórka"}  # the listings' search, by Polish stems


def test_feed_title_names_the_filters(client, mixed):
    feed = parsed(client, "/kanaly/rss/?type=event&district=stare-miasto&topic=zielen")
    assert feed.feed.title == "Dialog Kraków: wydarzenia · I Stare Miasto · Zieleń"


def test_drafts_and_closed_sections_never_appear(client, mixed):
    unpublished = EventFactory(title="Wycofane wydarzenie", starts_at=timezone.now() + SOON)
    unpublished.unpublish()
    every_address = [*(url + "?type=event" for url in FEED_URLS.values()), "/kanaly/kalendarz.ics", "/kanaly/widzet/"]

    def everything() -> str:
        return "".join(client.get(url).content.decode() for url in every_address)

    assert "Spacer po Starym Mieście" in everything()
    assert "Szkic wydarzenia" not in everything() and "Wycofane wydarzenie" not in everything()
    PageViewRestriction.objects.create(page=EventIndexPage.objects.get(), restriction_type=PageViewRestriction.LOGIN)
    assert "Spacer po Starym Mieście" not in everything() and "Debata w Nowej Hucie" not in everything()
    assert client.get(reverse("portal_feeds:event_calendar", args=[mixed["event"].pk])).status_code == 404


def test_feeds_are_bounded_and_keep_the_newest(client, site_tree, monkeypatch):
    monkeypatch.setattr(feeds, "FEED_SIZE", 3)
    for n in range(5):
        ConsultationFactory(title=f"Konsultacje nr {n}")
    assert [entry.title for entry in parsed(client, "/kanaly/rss/").entries] == [
        "Konsultacje nr 4", "Konsultacje nr 3", "Konsultacje nr 2",
    ]
    assert len(json.loads(client.get("/kanaly/json/").content)["items"]) == 3


def test_titles_with_markup_stay_text(client, site_tree):
    ConsultationFactory(title="Ulica <Długa> & „Rynek”", lead="Czy <b> to tekst? Tak & tak.")
    for url in FEED_URLS.values():
        assert titles(client, url) == {"Ulica <Długa> & „Rynek”"}


BAD_PARAMETERS = [
    ("district=nie-ma-takiej", "district", "Nie ma dzielnicy „nie-ma-takiej”."),
    ("topic=nie-ma", "topic", "Nie ma tematu „nie-ma”."),
    ("date_from=wczoraj", "date_from", "Podaj datę w formacie RRRR-MM-DD, np. 2026-03-16."),
]


@pytest.mark.parametrize("url", TEXT_URLS)
@pytest.mark.parametrize("query, name, message", BAD_PARAMETERS)
def test_bad_parameters_answer_400_in_polish_plain_text(client, site_tree, url, query, name, message):
    response = client.get(f"{url}?{query}")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith("Nie można utworzyć kanału: popraw parametry jego adresu.")
    assert f"{name}: {message}" in text.splitlines()


@pytest.mark.parametrize("url", ["/kanaly/rss/", "/kanaly/atom/", "/kanaly/widzet/"])
def test_unknown_record_type_answers_400(client, site_tree, url):
    response = client.get(f"{url}?type=wydarzenie")
    assert response.status_code == 400
    assert "type: Nie ma typu rekordu „wydarzenie”." in response.content.decode()


def test_bad_parameters_of_the_json_feed_are_a_json_problem(client, site_tree):
    response = client.get("/kanaly/json/?district=nie-ma-takiej&type=x&date_from=2026-02-01&date_to=2026-01-01")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == 400
    assert body["errors"]["district"] == ["Nie ma dzielnicy „nie-ma-takiej”."]
    assert body["errors"]["type"] == ["Nie ma typu rekordu „x”."]
    assert body["errors"]["date_to"] == ["Data końcowa nie może być wcześniejsza niż data początkowa."]


def test_widget_limit_out_of_range_is_400_and_errors_follow_the_language(client, site_tree):
    assert client.get("/kanaly/widzet/?limit=0").status_code == 400
    assert client.get("/kanaly/widzet/?limit=abc").status_code == 400
    response = client.get("/uk/kanaly/rss/?district=nie-ma-takiej")
    assert response.status_code == 400
    assert "Немає району «nie-ma-takiej»." in response.content.decode()


def test_feeds_only_read(client, site_tree):
    for url in [*FEED_URLS.values(), "/kanaly/kalendarz.ics", "/kanaly/widzet/"]:
        assert client.post(url).status_code == 405


# --- iCalendar ------------------------------------------------------------------------------------


def test_calendar_is_valid_for_icalendar(client, mixed, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://dialog.example.org"
    response = client.get("/kanaly/kalendarz.ics")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["PRODID"]) == feeds.PRODID
    assert str(calendar["X-WR-CALNAME"]) == "Dialog Kraków: wydarzenia"
    found = {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}
    assert list(found) == ["Spacer po Starym Mieście", "Debata w Nowej Hucie"]  # nearest first; no draft, only events
    event, page = found["Spacer po Starym Mieście"], mixed["event"]
    assert str(event["UID"]) == f"record-{page.pk}@dialog.example.org"
    start = event.decoded("DTSTART")
    assert start.utcoffset() == dt.timedelta(0) and start == page.starts_at.astimezone(dt.UTC).replace(microsecond=0)
    assert event.decoded("DTEND") == page.ends_at.astimezone(dt.UTC).replace(microsecond=0)
    assert event.decoded("DTSTAMP") == page.last_published_at.astimezone(dt.UTC).replace(microsecond=0)
    assert str(event["LOCATION"]) == "Centrum Obywatelskie, ul. Przykładowa 1, Kraków"
    assert str(event["URL"]) == page.get_full_url()
    assert str(event["DESCRIPTION"]) == "Idziemy razem."
    assert str(event["STATUS"]) == "CONFIRMED"


def test_calendar_is_valid_for_vobject(client, mixed):
    body = client.get("/kanaly/kalendarz.ics").content.decode("utf-8")
    calendar = vobject.readOne(body, validate=True)
    events = {event.summary.value: event for event in calendar.vevent_list}
    assert set(events) == {"Spacer po Starym Mieście", "Debata w Nowej Hucie"}
    event = events["Debata w Nowej Hucie"]
    assert event.dtstart.value == mixed["other_event"].starts_at.replace(microsecond=0)
    assert event.description.value == "Rozmawiamy o tramwajach."
    for event in events.values():
        for required in ("uid", "dtstamp", "dtstart", "dtend", "summary", "location", "url", "description"):
            assert hasattr(event, required), required


def test_calendar_lines_end_with_crlf_and_are_folded_at_75_octets(client, site_tree):
    EventFactory(title="Bardzo długi tytuł wydarzenia; z przecinkiem, średnikiem i „cudzysłowem” " * 3,
                 lead="Opis: zażółć gęślą jaźń, " * 10)
    body = client.get("/kanaly/kalendarz.ics").content
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    assert all(len(line) <= 75 for line in lines)
    assert any(line.startswith(b" ") for line in lines)  # the long title really was folded


def test_calendar_filters_by_district_and_topic_and_keeps_a_month_of_the_past(client, mixed, nowa_huta):
    assert set(ical_events(client, "/kanaly/kalendarz.ics?district=nowa-huta")) == {"Debata w Nowej Hucie"}
    assert set(ical_events(client, "/kanaly/kalendarz.ics?topic=zielen")) == {"Spacer po Starym Mieście"}
    now = timezone.now()
    EventFactory(title="Wczorajsze spotkanie", starts_at=now - dt.timedelta(days=1), districts=[nowa_huta])
    EventFactory(title="Dawne spotkanie", starts_at=now - dt.timedelta(days=feeds.CALENDAR_PAST_DAYS + 1), districts=[nowa_huta])
    assert set(ical_events(client, "/kanaly/kalendarz.ics?district=nowa-huta")) == {"Wczorajsze spotkanie", "Debata w Nowej Hucie"}
    since = (now - dt.timedelta(days=60)).date().isoformat()
    assert "Dawne spotkanie" in ical_events(client, f"/kanaly/kalendarz.ics?district=nowa-huta&date_from={since}")


def test_calendar_never_gives_the_online_link_and_marks_cancelled_events(client, site_tree):
    EventFactory(title="Webinar", status="cancelled", is_online=True, venue_name="", venue_address="",
                 online_url="https://meet.example.org/tajny-pokoj", ends_at=None)
    response = client.get("/kanaly/kalendarz.ics")
    assert b"tajny-pokoj" not in response.content
    event = ical_events(client, "/kanaly/kalendarz.ics")["Webinar"]
    assert str(event["LOCATION"]) == "Online"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("DTEND") - event.decoded("DTSTART") == feeds.DEFAULT_EVENT_LENGTH


def test_one_event_as_an_ics_download(client, mixed):
    event = mixed["event"]
    response = client.get(f"/kanaly/wydarzenie/{event.pk}.ics")
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = vobject.readOne(response.content.decode(), validate=True)
    (only,) = calendar.vevent_list
    assert only.summary.value == event.title and only.uid.value.startswith(f"record-{event.pk}@")
    assert str(Calendar.from_ical(response.content)["X-WR-CALNAME"]) == event.title
    for not_a_public_event in (mixed["draft"].pk, mixed["consultation"].pk, 999_999):
        assert client.get(f"/kanaly/wydarzenie/{not_a_public_event}.ics").status_code == 404


def test_uid_and_ids_stay_when_a_record_is_renamed(client, mixed):
    event = EventPage.objects.get(pk=mixed["event"].pk)
    before = {str(e["UID"]) for e in ical_events(client, "/kanaly/kalendarz.ics").values()}
    ids_before = {entry.id for entry in parsed(client, "/kanaly/atom/?type=event").entries}
    event.title, event.slug = "Spacer po Kazimierzu", "spacer-po-kazimierzu"
    event.save_revision().publish()
    assert {str(e["UID"]) for e in ical_events(client, "/kanaly/kalendarz.ics").values()} == before
    assert {entry.id for entry in parsed(client, "/kanaly/atom/?type=event").entries} == ids_before


# --- widget ---------------------------------------------------------------------------------------


class _Outline(HTMLParser):
    """Headings and link texts of a document, to check the widget's structure."""

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.links: list[tuple[str, dict]] = []
        self._open: tuple[str, dict] | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "a"):
            self._open, self._text = (tag, dict(attrs)), ""

    def handle_data(self, data):
        self._text += data

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            if tag == "a":
                self.links.append((self._text.strip(), self._open[1]))
            else:
                self.headings.append((tag, self._text.strip()))
            self._open = None


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def test_widget_lists_current_consultations_and_events_without_script(client, mixed, district):
    ConsultationFactory(title="Zakończone konsultacje", status="closed", districts=[district])
    EventFactory(title="Wczorajsze spotkanie", starts_at=timezone.now() - dt.timedelta(days=2), districts=[district])
    response = client.get("/kanaly/widzet/")
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert "<script" not in html.lower() and "<link" not in html.lower() and "@import" not in html
    assert '<html lang="pl">' in html
    page = outline(html)
    assert page.headings == [("h1", "Dialog Kraków: konsultacje, wydarzenia"),
                             ("h2", "Konsultacje"), ("h2", "Wydarzenia")]
    links = {text: attrs["href"] for text, attrs in page.links}
    assert list(links)[:3] == ["Zielone podwórka", "Spacer po Starym Mieście", "Debata w Nowej Hucie"]
    assert links["Zielone podwórka"] == mixed["consultation"].get_full_url()
    assert all(attrs.get("target") == "_top" for _text, attrs in page.links)
    for absent in ("Zakończone konsultacje", "Wczorajsze spotkanie", "Szkic wydarzenia", "Szkolenie z moderacji", "Klimat dla Krakowa"):
        assert absent not in html


def test_widget_may_be_framed_by_other_sites_only_as_configured(client, site_tree, settings):
    response = client.get("/kanaly/widzet/")
    assert "X-Frame-Options" not in response
    policy = response["Content-Security-Policy"]
    assert "default-src 'none'" in policy and policy.endswith("frame-ancestors *")
    settings.DIALOG_WIDGET_FRAME_ANCESTORS = ["https://www.krakow.pl", "https://*.krakow.pl"]
    assert client.get("/kanaly/widzet/")["Content-Security-Policy"].endswith("frame-ancestors https://www.krakow.pl https://*.krakow.pl")
    for other in ("/kanaly/rss/", "/kanaly/kalendarz.ics", "/"):  # everything else keeps refusing frames
        assert client.get(other)["X-Frame-Options"] == "DENY"


def test_widget_filters_and_limits(client, mixed, nowa_huta):
    for n in range(3):
        EventFactory(title=f"Dyżur w Nowej Hucie {n}", starts_at=timezone.now() + dt.timedelta(days=20 + n), districts=[nowa_huta])
    html = widget_html(client, "/kanaly/widzet/?type=event&district=nowa-huta&limit=2")
    assert [text for text, _attrs in outline(html).links][:-1] == ["Debata w Nowej Hucie", "Dyżur w Nowej Hucie 0"]
    assert "Zielone podwórka" not in html
    html = widget_html(client, "/kanaly/widzet/?type=event&type=event")
    assert [heading for _tag, heading in outline(html).headings] == ["Dialog Kraków: wydarzenia", "Wydarzenia"]
    html = widget_html(client, "/kanaly/widzet/?type=offer")
    assert [heading for _tag, heading in outline(html).headings] == ["Dialog Kraków: oferty", "Oferty"]
    assert "Szkolenie z moderacji" in html


def test_widget_says_when_nothing_is_current_and_speaks_ukrainian(client, site_tree):
    assert widget_html(client).count("Nic nie jest teraz otwarte ani zaplanowane.") == 2
    html = widget_html(client, "/uk/kanaly/widzet/")
    assert '<html lang="uk">' in html and "Консультації" in html


# --- links from pages -----------------------------------------------------------------------------


def alternate_links(html: str) -> dict[str, str]:
    head = html.split("</head>")[0]
    links = re.findall(r'<link rel="alternate" type="([^"]+)" href="([^"]+)" title="([^"]+)">', head)
    return {media_type: href.replace("&amp;", "&") for media_type, href, _title in links}


def test_listing_links_its_feeds_with_its_own_filters(client, site_tree, topic):
    links = alternate_links(client.get("/wydarzenia/?district=stare-miasto&topic=zielen&sort=title&page=1").content.decode())
    query = "type=event&district=stare-miasto&topic=zielen"
    assert links == {
        "application/rss+xml": f"{BASE}/kanaly/rss/?{query}",
        "application/atom+xml": f"{BASE}/kanaly/atom/?{query}",
        "application/feed+json": f"{BASE}/kanaly/json/?{query}",
        "text/calendar": f"{BASE}/kanaly/kalendarz.ics?district=stare-miasto&topic=zielen",
    }
    for href in links.values():
        assert client.get(href).status_code == 200
    assert 'title="Wydarzenia – kanał RSS"' in client.get("/wydarzenia/").content.decode()


def test_other_listings_link_feeds_of_their_type_without_a_calendar(client, site_tree):
    links = alternate_links(client.get("/konsultacje/").content.decode())
    assert links == {
        "application/rss+xml": f"{BASE}/kanaly/rss/?type=consultation",
        "application/atom+xml": f"{BASE}/kanaly/atom/?type=consultation",
        "application/feed+json": f"{BASE}/kanaly/json/?type=consultation",
    }
    assert alternate_links(client.get("/oferta/").content.decode())["application/rss+xml"] == f"{BASE}/kanaly/rss/?type=offer"


def test_listing_with_invalid_filters_links_its_unfiltered_feeds(client, site_tree):
    response = client.get("/wydarzenia/?district=nie-ma-takiej")
    assert response.status_code == 400
    assert alternate_links(response.content.decode())["application/rss+xml"] == f"{BASE}/kanaly/rss/?type=event"


def test_home_links_the_whole_register_and_the_calendar(client, site_tree):
    assert alternate_links(client.get("/").content.decode()) == {
        "application/rss+xml": f"{BASE}/kanaly/rss/",
        "application/atom+xml": f"{BASE}/kanaly/atom/",
        "application/feed+json": f"{BASE}/kanaly/json/",
        "text/calendar": f"{BASE}/kanaly/kalendarz.ics",
    }
    assert alternate_links(client.get("/en/").content.decode())["application/rss+xml"] == f"{BASE}/en/kanaly/rss/"


def test_event_page_offers_add_to_calendar_links(client, full_records):
    event = full_records["event"]
    html = client.get(event.url).content.decode()
    assert alternate_links(html) == {"text/calendar": f"{BASE}/kanaly/wydarzenie/{event.pk}.ics"}
    assert '<h2 id="add-to-calendar-title">Dodaj do kalendarza</h2>' in html
    links = {text: attrs["href"] for text, attrs in outline(html).links}
    assert links["Pobierz plik .ics (Outlook, Kalendarz Apple, Thunderbird)"] == f"/kanaly/wydarzenie/{event.pk}.ics"

    google = urlsplit(links["Dodaj do Kalendarza Google"])
    assert (google.scheme, google.netloc, google.path) == ("https", "calendar.google.com", "/calendar/render")
    assert [name for name, _value in parse_qsl(google.query)] == ["action", "text", "dates", "details", "location"]
    params = {name: values[0] for name, values in parse_qs(google.query).items()}
    assert params["action"] == "TEMPLATE"
    assert params["text"] == "Spacer badawczy po Starym Mieście"
    assert params["dates"] == "20260316T170000Z/20260316T190000Z"  # 18:00–20:00 in Warsaw (CET)
    assert params["details"] == f"Idziemy razem obejrzeć podwórka.\n\n{event.get_full_url()}"
    assert params["location"] == "Centrum Obywatelskie, ul. Przykładowa 1, Kraków"
    assert " " not in google.query and "+" not in google.query  # spaces as %20, which every calendar app reads


def test_online_event_page_gives_google_no_online_link(client, site_tree):
    event = EventFactory(title="Webinar", is_online=True, venue_name="", venue_address="", online_url="https://meet.example.org/pokoj")
    html = client.get(event.url).content.decode()
    google = next(attrs["href"] for text, attrs in outline(html).links if text == "Dodaj do Kalendarza Google")
    assert parse_qs(urlsplit(google).query)["location"] == ["Online"]
    assert "meet.example.org" not in google


# --- cost -----------------------------------------------------------------------------------------

QUERY_BUDGET = 15
COST_URLS = [
    "/kanaly/rss/",
    "/kanaly/atom/?type=event&type=consultation",
    "/kanaly/json/?district=stare-miasto&topic=zielen",
    "/kanaly/kalendarz.ics?district=stare-miasto",
    "/kanaly/widzet/?type=consultation&type=event&type=offer&district=stare-miasto",
]


def _queries(client, url: str, django_assert_max_num_queries) -> int:
    client.get(url)  # warm the caches the portal keeps between requests (site root paths, branding)
    with django_assert_max_num_queries(QUERY_BUDGET), CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", COST_URLS)
def test_feed_cost_does_not_grow_with_records(client, site_tree, district, topic, url, django_assert_max_num_queries):
    def add(n: int) -> None:
        districts = list(District.objects.order_by("number")[:3])
        for factory in (ConsultationFactory, EventFactory, OfferFactory):
            for _ in range(n):
                factory(districts=districts, topics=[topic])

    add(1)
    few = _queries(client, url, django_assert_max_num_queries)
    add(12)
    assert _queries(client, url, django_assert_max_num_queries) == few


def test_single_event_calendar_cost(client, full_records, django_assert_max_num_queries):
    url = f"/kanaly/wydarzenie/{full_records['event'].pk}.ics"
    client.get(url)
    with django_assert_max_num_queries(5):
        assert client.get(url).status_code == 200
