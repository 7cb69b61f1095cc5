"""Reference data and contacts in the admin: listings with filters, search, inspect, exports and menus."""

import csv
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import District, Topic
from directory.models import Organisation, OrganisationKind, Person
from tests.factories import MembershipFactory, OrganisationFactory, PersonFactory, UserFactory

from .helpers import logged_in, menu_labels

pytestmark = pytest.mark.django_db


def snippet_url(model, view: str, *args) -> str:
    return reverse(f"wagtailsnippets_{model._meta.app_label}_{model._meta.model_name}:{view}", args=args)


def exported_csv(client, model, **params) -> list[dict[str, str]]:
    response = client.get(snippet_url(model, "list"), {**params, "export": "csv"})
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


@pytest.fixture
def editor(site_tree):
    return logged_in(UserFactory(groups=["Redaktor"]))


def test_menu_groups_reference_data_and_contacts(editor):
    labels = menu_labels(editor.get(reverse("wagtailadmin_home")).content.decode())
    assert {"Rejestr", "Słowniki", "Kontakty"} <= labels


def test_organisations_filter_by_kind_and_district_and_search(editor):
    nowa_huta = District.objects.get(number=18)
    OrganisationFactory(name="Klub Sportowy Hutnik", kind=OrganisationKind.NGO, district=nowa_huta)
    OrganisationFactory(name="Gazeta Krakowska", kind=OrganisationKind.MEDIA)

    councils = exported_csv(editor, Organisation, kind=OrganisationKind.DISTRICT_COUNCIL)
    assert len(councils) == 18
    in_nowa_huta = {next(iter(row.values())) for row in exported_csv(editor, Organisation, district=nowa_huta.pk)}
    assert in_nowa_huta == {"Klub Sportowy Hutnik", "Rada Dzielnicy XVIII Nowa Huta"}

    found = editor.get(snippet_url(Organisation, "list"), {"q": "hutnik"}).content.decode()
    assert "Klub Sportowy Hutnik" in found and "Gazeta Krakowska" not in found


def test_organisation_export_names_kind_and_district_in_polish(editor):
    OrganisationFactory(name="Fundacja Wisła", kind=OrganisationKind.NGO, district=District.objects.get(number=1))
    response = editor.get(snippet_url(Organisation, "list"), {"q": "Wisła", "export": "xlsx"})
    header, *rows = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.iter_rows(values_only=True)
    row = dict(zip(header, rows[0], strict=True))
    assert row["Rodzaj"] == str(OrganisationKind.NGO.label)
    assert row["Dzielnica"] == "I Stare Miasto"
    assert len(rows) == 1


def test_people_show_legal_basis_and_roles_and_export_them(editor):
    person = PersonFactory(first_name="Ewa", last_name="Nowicka", legal_basis="consent", legal_basis_note="Formularz 2026")
    MembershipFactory(person=person, organisation=OrganisationFactory(name="Radio Kraków"), role="dziennikarka")
    html = editor.get(snippet_url(Person, "list")).content.decode()
    assert "Ewa Nowicka" in html and "Radio Kraków (dziennikarka)" in html
    assert str(person.get_legal_basis_display()) in html

    [row] = exported_csv(editor, Person, legal_basis="consent")
    assert row["Organizacje"] == "Radio Kraków (dziennikarka)"
    assert row["Podstawa prawna przetwarzania danych"] == str(person.get_legal_basis_display())

    inspect = editor.get(snippet_url(Person, "inspect", person.pk)).content.decode()
    assert "Formularz 2026" in inspect


@pytest.mark.parametrize("model", [Organisation, Person])
def test_contact_listings_cost_the_same_queries_for_few_and_many(editor, model):
    def make(count):
        for _ in range(count):
            MembershipFactory(organisation=OrganisationFactory(district=District.objects.order_by("?").first()))

    def count_queries() -> int:
        url = snippet_url(model, "list")
        editor.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert editor.get(url).status_code == 200
        return len(queries)

    make(2)
    few = count_queries()
    make(15)
    assert count_queries() == few


def test_districts_are_inspectable_but_not_editable_by_editors_and_topics_are_editable(editor):
    district = District.objects.get(number=1)
    assert editor.get(snippet_url(District, "inspect", district.pk)).status_code == 200
    assert editor.get(snippet_url(District, "edit", district.pk)).status_code in (302, 403)
    assert editor.get(snippet_url(Topic, "add")).status_code == 200
    assert editor.get(snippet_url(District, "list"), {"q": "Huta"}).status_code == 200
