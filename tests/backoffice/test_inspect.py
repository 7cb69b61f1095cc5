"""A record's inspect page in the back-office: every type's fields read-only, for whoever the register shows it to."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from catalog.models import CampaignGoal, CatalogLink, CatalogPage, EventIndexPage
from core.models import District
from directory.models import Account
from tests.factories import (
    CampaignFactory,
    ConsultationFactory,
    EventFactory,
    OfferFactory,
    OrganisationFactory,
    ProjectFactory,
    TopicFactory,
    UserFactory,
)

from .helpers import edit_url, logged_in

pytestmark = pytest.mark.django_db


def inspect_url(record) -> str:
    return reverse("rejestr:inspect", args=[record.pk])


def at(moment: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(moment))


def text(response) -> str:
    """The page's text with tags dropped and spaces squeezed, as a reader hears it."""
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())).replace("&nbsp;", " ")


def definitions(response) -> dict[str, str]:
    """Each `<dt>` of the page's definition lists with the text of its `<dd>`."""
    html = response.content.decode()
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", html, re.S)
    return {re.sub(r"\s+", " ", label).strip(): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", value)).strip() for label, value in pairs}


@pytest.fixture
def editor(site_tree):
    return logged_in(UserFactory(groups=["Redaktor"]))


@pytest.fixture
def common(site_tree):
    """Values every record type shares, distinct enough to find on the page."""
    return {
        "lead": "Pytamy mieszkańców o zieleń przy Wiśle.",
        "starts_at": at("2030-03-01 10:00"),
        "ends_at": at("2030-03-22 18:30"),
        "districts": [District.objects.get(number=1), District.objects.get(number=18)],
        "topics": [TopicFactory(name="Zieleń miejska", slug="zielen-miejska")],
        "owner_person": UserFactory(username="ewa", first_name="Ewa", last_name="Malinowska"),
        "responsible_unit": OrganisationFactory(name="Wydział Kształtowania Środowiska"),
        "partners": [OrganisationFactory(name="Fundacja Zielony Kraków")],
    }


def make_project(common):
    record = ProjectFactory(title="Program zielonych podwórek", website="https://example.org/podworka", **common)
    return record, {"Strona internetowa": "https://example.org/podworka", "Status": "trwające"}


def make_consultation(common):
    project = ProjectFactory(title="Program Wisła")
    record = ConsultationFactory(
        title="Bulwary dla mieszkańców", project=project, aim="Wybór drzew na bulwarach.", organiser="Urząd Miasta Krakowa",
        consultation_forms=["open_meeting", "survey"], submissions_until=at("2030-03-20 23:59"), **common,
    )
    return record, {
        "Projekt": "Program Wisła", "Przedmiot i cel konsultacji": "Wybór drzew na bulwarach.",
        "Organizator": "Urząd Miasta Krakowa", "Formy konsultacji": "otwarte spotkanie, ankieta online",
        "Uwagi przyjmujemy do": "20 marca 2030 23:59", "Status": "otwarte",
    }


def make_campaign(common):
    consultation = ConsultationFactory(title="Konsultacje o segregacji")
    record = CampaignFactory(
        title="Kampania o segregacji", kind="social", consultation=consultation, budget_pln=Decimal("12500.50"),
        goals=[CampaignGoal(name="Zapisy do newslettera", target=500, actual=320, unit="osób")], **common,
    )
    return record, {
        "Rodzaj kampanii": "kampania społeczna", "Konsultacje": "Konsultacje o segregacji", "Budżet (zł)": "12 500,50",
        "Mierzalne cele": "Zapisy do newslettera: 320,00 / 500,00 osób",
    }


def make_event(common):
    consultation = ConsultationFactory(title="Konsultacje o Nowej Hucie")
    record = EventFactory(
        title="Spacer badawczy po Nowej Hucie", event_type="research_walk", venue_name="Plac Centralny",
        consultation=consultation, **common,
    )
    return record, {
        "Rodzaj wydarzenia": "spacer badawczy", "Miejsce": "Plac Centralny", "Wydarzenie online": "nie",
        "Konsultacje": "Konsultacje o Nowej Hucie",
    }


def make_offer(common):
    record = OfferFactory(title="Szkolenie z konsultacji", kind="training", audience="Rady dzielnic", **common)
    return record, {"Rodzaj oferty": "szkolenie", "Dla kogo": "Rady dzielnic"}


@pytest.mark.parametrize("make", [make_project, make_consultation, make_campaign, make_event, make_offer])
def test_inspect_page_shows_each_types_fields(compiled_translations, editor, common, make):
    record, own = make(common)
    response = editor.get(inspect_url(record))
    shown = definitions(response)
    assert shown["Rodzaj rekordu"] == str(record.get_record_type_display())
    assert shown["Tytuł"] == record.title
    assert shown["Krótki opis"] == common["lead"]
    assert shown["Początek"] == "1 marca 2030 10:00" and shown["Koniec"] == "22 marca 2030 18:30", "Warsaw time, in Polish"
    assert shown["Dzielnice"] == "I Stare Miasto, XVIII Nowa Huta"
    assert shown["Tematy"] == "Zieleń miejska"
    assert shown["Osoba odpowiedzialna"] == "Ewa Malinowska"
    assert shown["Jednostka odpowiedzialna"] == "Wydział Kształtowania Środowiska"
    assert shown["Organizacje partnerskie"] == "Fundacja Zielony Kraków"
    assert shown["Stan publikacji"] == "Opublikowana"
    assert shown["Adres w portalu"] == record.url
    assert {label: shown[label] for label in own} == own

    html = response.content.decode()
    assert '<html lang="pl"' in html
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", html) == ["Rekord", "Gdzie i czego dotyczy", "Kto", "Powiązane wpisy", "Publikacja"]
    assert f'href="{edit_url(record)}"' in html
    assert f'href="{reverse("wagtailadmin_pages:history", args=[record.pk])}"' in html
    assert '<time datetime="2030-03-01T10:00:00+01:00">' in html


def test_related_records_link_to_their_inspect_pages(editor, common):
    record, _ = make_consultation(common)
    html = editor.get(inspect_url(record)).content.decode()
    assert f'href="{inspect_url(record.project)}"' in html


def test_a_draft_shows_its_latest_version_and_publication_state(compiled_translations, editor, site_tree):
    record = EventFactory(title="Warsztaty", venue_name="Dom Kultury", publish=False)
    draft = record.get_latest_revision_as_object()
    draft.venue_name = "Centrum Kultury Podgórza"
    draft.save_revision(user=UserFactory(username="jan", first_name="Jan", last_name="Nowak"))

    response = editor.get(inspect_url(record))
    shown = definitions(response)
    assert shown["Miejsce"] == "Centrum Kultury Podgórza"
    assert shown["Stan publikacji"] == "Szkic"
    assert shown["Adres w portalu"] == "—"
    assert shown["Ostatnia zmiana"].endswith("Jan Nowak")
    assert "Poniżej najnowsza wersja robocza." in text(response)


def test_inspecting_a_published_records_draft_changes_nothing_stored(compiled_translations, editor, site_tree):
    """The draft's districts are shown as the revision has them; the published record's links stay as they were."""
    stare_miasto, nowa_huta = District.objects.get(number=1), District.objects.get(number=18)
    record = EventFactory(title="Warsztaty", districts=[stare_miasto])
    draft = record.get_latest_revision_as_object()
    draft.districts = [nowa_huta]
    draft.save_revision(user=UserFactory())

    assert definitions(editor.get(inspect_url(record)))["Dzielnice"] == "XVIII Nowa Huta"
    stored = CatalogPage.districts.through.objects.filter(catalogpage_id=record.pk)
    assert list(stored.values_list("district_id", flat=True)) == [stare_miasto.pk]


def test_a_partner_inspects_only_what_the_register_shows_it(site_tree):
    partner = UserFactory(username="rada", groups=["Partner"])
    organisation = OrganisationFactory(name="Stowarzyszenie Nowohuckie")
    Account.objects.create(user=partner, organisation=organisation)
    project = ProjectFactory(title="Projekt innej organizacji", publish=False)
    own = EventFactory(title="Nasze wydarzenie", responsible_unit=organisation, project=project)
    own_draft = EventFactory(title="Nasz szkic", user=partner, publish=False)
    other = EventFactory(title="Cudze wydarzenie", responsible_unit=OrganisationFactory(name="Fundacja Obca"))
    partnered_draft = ConsultationFactory(title="Szkic z naszym udziałem", partners=[organisation], publish=False)
    client = logged_in(partner)

    assert client.get(inspect_url(other)).status_code == 404
    assert client.get(inspect_url(partnered_draft)).status_code == 404
    assert client.get(inspect_url(project)).status_code == 404
    page = client.get(inspect_url(own))
    assert page.status_code == 200
    assert "Projekt innej organizacji" not in page.content.decode(), "a record it may not see is not named"
    assert f'href="{edit_url(own)}"' not in page.content.decode(), "it may not edit its organisation's record"
    assert client.get(inspect_url(own_draft)).status_code == 200


def test_an_unknown_id_or_a_page_that_is_no_record_answers_404(editor, site_tree):
    assert editor.get(reverse("rejestr:inspect", args=[999999])).status_code == 404
    assert editor.get(reverse("rejestr:inspect", args=[EventIndexPage.objects.get().pk])).status_code == 404
    assert editor.get(reverse("rejestr:inspect", args=[site_tree.pk])).status_code == 404


def test_inspect_page_costs_the_same_queries_with_few_and_many_related_rows(editor, site_tree):
    districts = list(District.objects.order_by("number"))
    targets = [ProjectFactory() for _ in range(6)]

    def campaign(size: int, *, publish: bool):
        record = CampaignFactory(
            districts=districts[:size], topics=[TopicFactory() for _ in range(size)],
            partners=[OrganisationFactory() for _ in range(size)], owner_person=UserFactory(),
            responsible_unit=OrganisationFactory(), project=targets[0], publish=publish,
            goals=[CampaignGoal(name=f"Cel {n}", target=n + 1) for n in range(size)],
            links=[CatalogLink(target=target) for target in targets[:size]],
        )
        record.events.set([EventFactory() for _ in range(size)])
        record.channels.set([])
        revision = record.save_revision(user=UserFactory())
        if publish:
            revision.publish()
        return record

    def count(record) -> int:
        editor.get(inspect_url(record))  # warm per-process caches (content types, site roots)
        with CaptureQueriesContext(connection) as queries:
            response = editor.get(inspect_url(record))
        assert response.status_code == 200
        return len(queries)

    for publish in (True, False):
        few, many = campaign(1, publish=publish), campaign(6, publish=publish)
        assert count(few) == count(many), "live" if publish else "draft"
        assert count(many) <= 30


def test_register_rows_link_to_the_inspect_page(editor, site_tree):
    record = EventFactory(title="Spacer")
    html = editor.get(reverse("rejestr:index")).content.decode()
    assert f'href="{inspect_url(record)}"' in html

    partner = UserFactory(username="rada", groups=["Partner"])
    organisation = OrganisationFactory()
    Account.objects.create(user=partner, organisation=organisation)
    own = EventFactory(title="Nasze", responsible_unit=organisation)
    partner_html = logged_in(partner).get(reverse("rejestr:index")).content.decode()
    assert f'<a href="{inspect_url(own)}"><span id="page_{own.pk}_title">' in partner_html, "the title opens it for non-editors"


def test_explorer_and_editor_offer_the_inspect_page_for_records_only(editor, site_tree):
    record = EventFactory(title="Spacer")
    events = EventIndexPage.objects.get()
    explorer = editor.get(reverse("wagtailadmin_explore", args=[events.pk])).content.decode()
    assert f'href="{inspect_url(record)}"' in explorer
    assert editor.get(edit_url(record)).content.decode().count(f'href="{inspect_url(record)}"') == 1
    assert "rejestr/" + str(events.pk) not in editor.get(edit_url(events)).content.decode()
