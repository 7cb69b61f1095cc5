"""The home page: what is open and coming, what was published lately, and the way to the listings."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from newsroom.services import create_news_item
from tests.factories import ConsultationFactory, EventFactory, OfferFactory

pytestmark = pytest.mark.django_db


def test_home_shows_current_consultations_upcoming_events_and_latest_records(client, site_tree):
    ConsultationFactory(title="Park Lotników", status="open")
    ConsultationFactory(title="Zakończone konsultacje", status="report_published")
    EventFactory(title="Debata o zieleni")
    EventFactory(title="Dawna debata", status="finished", starts_at=timezone.now() - dt.timedelta(days=30))
    OfferFactory(title="Szkolenie dla rad dzielnic")

    for day, title in ((1, "Starsza aktualność"), (20, "Nowa aktualność")):
        create_news_item(title=title, lead="Krótko.", body_paragraphs=["Treść."], day=dt.date(2026, 11, day), delivery_key=title)

    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="pl">' in html
    assert html.count("<h1") == 1
    assert "Trwające i zapowiedziane konsultacje" in html and "Najbliższe wydarzenia" in html
    assert "Ostatnio opublikowane" in html
    consultations, rest = html.split('id="events-title"')
    events, rest = rest.split('id="news-title"')
    news, latest = rest.split('id="latest-title"')
    assert "Park Lotników" in consultations and "Zakończone konsultacje" not in consultations
    assert "Debata o zieleni" in events and "Dawna debata" not in events
    assert news.index("Nowa aktualność") < news.index("Starsza aktualność")  # newest first
    assert '<h3 class="card__title">' in news and "Zobacz wszystkie: Aktualności" in news and 'href="/aktualnosci/"' in news
    assert "Szkolenie dla rad dzielnic" in latest
    assert 'href="/konsultacje/"' in html and 'href="/wydarzenia/"' in html
    assert 'action="/szukaj/"' in html


def test_home_empty_states_are_plain_polish(client, site_tree):
    html = client.get("/").content.decode()
    assert "Obecnie nie trwają ani nie są zapowiedziane żadne konsultacje." in html
    assert "Obecnie nie są zaplanowane żadne wydarzenia." in html
    assert "Nic jeszcze nie opublikowano." in html
    assert "Nie opublikowaliśmy jeszcze żadnych aktualności." in html


def test_base_layout_is_accessible_and_branded(client, site_tree):
    html = client.get("/").content.decode()
    body = html[html.index("<body>") :]
    first_link = body[body.index("<a ") : body.index("</a>")]
    assert 'class="skip-link" href="#main"' in first_link and "Przejdź do treści głównej" in first_link
    for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
        assert landmark in html
    assert 'aria-label="Menu główne"' in html
    assert "--brand: #004C97;" in html
    assert "/static/portal/portal.css" in html
    assert "<script" not in html  # nothing needs JavaScript
    assert "Deklaracja dostępności" in html and 'href="/deklaracja-dostepnosci/"' in html
    assert "Biuletyn Informacji Publicznej (BIP)" in html and "https://bip.krakow.pl/" in html
    assert "dialog@um.krakow.pl" in html and "Urząd Miasta Krakowa" in html


def test_brand_colour_from_settings_reaches_the_stylesheet_only_when_valid(client, site_tree):
    from wagtail.models import Site

    from core.models import Branding

    branding = Branding.for_site(Site.objects.get(is_default_site=True))
    branding.primary_colour = "#123456"
    client.get("/")  # the old branding is now cached; saving must replace it
    branding.save()
    assert "--brand: #123456;" in client.get("/").content.decode()
    Branding.objects.filter(pk=branding.pk).update(primary_colour="red;}a{")  # 7 characters, the column width
    cache.clear()  # a queryset update bypasses save(), which is what drops the cached branding
    html = client.get("/").content.decode()
    assert "red;}" not in html and "--brand: #004C97;" in html


def test_the_footer_is_written_once_per_language_and_saving_the_branding_replaces_it(client, site_tree):
    from wagtail.models import Site

    from core.models import Branding

    branding = Branding.for_site(Site.objects.get(is_default_site=True))
    assert "dialog@um.krakow.pl" in client.get("/").content.decode()
    assert 'href="/en/newsletter/"' in client.get("/en/").content.decode()  # each language keeps its own footer
    Branding.objects.filter(pk=branding.pk).update(contact_email="bez-sygnalu@example.pl")  # no save(), no signal
    assert "dialog@um.krakow.pl" in client.get("/konsultacje/").content.decode()  # the cached footer, on any page
    branding.contact_email = "kontakt@example.pl"
    branding.save()
    for path in ("/", "/en/"):
        html = client.get(path).content.decode()
        assert "kontakt@example.pl" in html and "dialog@um.krakow.pl" not in html
