"""The page of each record type: facts in Polish, relations, attachments and structured data."""

import json
import re

import pytest
from django.utils import timezone

from catalog.models import EventPage
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def get_page(client, record, **kwargs):
    response = client.get(record.url, **kwargs)
    assert response.status_code == 200
    return response.content.decode()


def test_consultation_page_shows_everything_a_resident_needs(client, full_records):
    html = get_page(client, full_records["consultation"])
    assert html.count("<h1") == 1
    assert "<h1>Zielone podwórka</h1>" in html
    assert "Pytamy, jak zazielenić podwórka." in html
    assert "Opis <b>konsultacji</b>." in html
    assert "16 marca 2026, 18:00" in html  # Polish genitive month name, Warsaw time
    assert 'datetime="2026-03-16T18:00:00+01:00"' in html
    assert "Kluczowe informacje" in html
    assert "I Stare Miasto" in html and "Zieleń" in html
    assert "Wydział ds. Dialogu Obywatelskiego" in html
    assert "Fundacja Zielone Miasto" in html
    assert full_records["project"].url in html and "Klimat dla Krakowa" in html
    assert "Ogłoszenie o konsultacjach" in html and "(PDF" in html
    assert "Szkolenie z moderacji" in html and "pomaga przygotować spotkania" in html
    # The consultation lists its meeting and its campaign.
    assert "Spacer badawczy po Starym Mieście" in html and "Kampania o zieleni" in html


def test_breadcrumbs_lead_from_home_through_the_listing(client, full_records):
    html = get_page(client, full_records["consultation"])
    crumbs = re.search(r'<nav class="breadcrumbs" aria-label="Ścieżka nawigacji">(.*?)</nav>', html, re.S).group(1)
    assert "<ol>" in crumbs
    assert ">Strona główna</a>" in crumbs and ">Konsultacje społeczne</a>" in crumbs
    assert '<span aria-current="page">Zielone podwórka</span>' in crumbs


def test_event_page_shows_place_and_its_consultation(client, full_records):
    html = get_page(client, full_records["event"])
    assert "Centrum Obywatelskie" in html and "ul. Przykładowa 1, Kraków" in html
    assert "16 marca 2026, 18:00" in html and "20:00" in html
    assert full_records["consultation"].url in html


def test_project_campaign_and_offer_pages(client, full_records):
    project = get_page(client, full_records["project"])
    assert "https://klimat.example.org" in project
    assert "Zielone podwórka" in project and "Kampania o zieleni" in project
    campaign = get_page(client, full_records["campaign"])
    assert "Klimat dla Krakowa" in campaign and "Zielone podwórka" in campaign
    offer = get_page(client, full_records["offer"])
    assert "rady dzielnic" in offer and "Zapisz się mailowo." in offer and "https://szkolenia.example.org" in offer


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def test_event_carries_schema_org_event(client, full_records):
    data = json_ld(get_page(client, full_records["event"]))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Spacer badawczy po Starym Mieście"
    assert data["startDate"] == "2026-03-16T18:00:00+01:00"
    assert data["endDate"] == "2026-03-16T20:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert data["location"] == {"@type": "Place", "name": "Centrum Obywatelskie", "address": "ul. Przykładowa 1, Kraków"}
    assert data["organizer"] == {"@type": "Organization", "name": "Wydział ds. Dialogu Obywatelskiego", "url": "https://www.krakow.pl/dialog"}
    assert data["url"].endswith(full_records["event"].url)


def test_online_cancelled_event_is_virtual_and_cancelled(client, site_tree):
    event = EventFactory(
        title="Webinar", status="cancelled", is_online=True, venue_name="", online_url="https://meet.example.org/x",
        starts_at=timezone.now(),
    )
    html = get_page(client, event)
    data = json_ld(html)
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}
    assert data["organizer"]["name"].startswith("Urząd Miasta Krakowa")  # the Branding default
    assert "https://meet.example.org/x" in html


def test_json_ld_cannot_be_broken_out_of(client, site_tree):
    title = 'Debata </script><script>alert("x")</script> & <!-- o mieście'
    event = EventFactory(title=title)
    html = get_page(client, event)
    assert "<script>alert" not in html
    assert json_ld(html)["name"] == title
    assert EventPage.objects.get(pk=event.pk).title == title


def test_titles_and_leads_are_escaped(client, site_tree):
    event = EventFactory(title="<b>Pogrubione</b>", lead="<img src=x onerror=alert(1)>")
    html = get_page(client, event)
    assert "<b>Pogrubione</b>" not in html and "&lt;b&gt;Pogrubione&lt;/b&gt;" in html
    assert "<img src=x" not in html


def test_draft_records_are_not_public(client, site_tree):
    draft = EventFactory(title="Szkic", publish=False)
    response = client.get(draft.get_url())
    assert response.status_code == 404


@pytest.mark.parametrize("kind", ["project", "consultation", "event", "campaign", "offer"])
def test_editor_preview_renders_with_unsaved_changes(full_records, kind):
    record = full_records[kind].specific
    record.title = "Tytuł w podglądzie"
    record.districts = []  # an in-memory relation, as the editor's form leaves it
    response = record.make_preview_request()
    assert response.status_code == 200
    assert "<h1>Tytuł w podglądzie</h1>" in response.content.decode()


def test_preview_of_a_new_record_renders(site_tree):
    from catalog.models import ConsultationIndexPage, ConsultationPage

    listing = ConsultationIndexPage.objects.get()
    record = ConsultationPage(title="Nowe konsultacje", lead="Zapowiedź.", status="planned")
    record.depth, record.path = listing.depth + 1, listing.path + "9999"
    record.set_url_path(listing)
    response = record.make_preview_request()
    assert response.status_code == 200
    assert "<h1>Nowe konsultacje</h1>" in response.content.decode()
