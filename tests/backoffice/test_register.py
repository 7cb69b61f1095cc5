"""The register: one listing of all record types with search, filters, sorting, pagination and exports."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import District
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

from .helpers import edit_url, logged_in, menu_labels

pytestmark = pytest.mark.django_db

REGISTER = reverse("rejestr:index")
FACTORIES = [ProjectFactory, ConsultationFactory, CampaignFactory, EventFactory, OfferFactory]


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day))


def csv_rows(client, **params) -> list[dict[str, str]]:
    response = client.get(REGISTER, {**params, "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rejestr.csv"'
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def xlsx_rows(client, **params) -> list[tuple]:
    response = client.get(REGISTER, {**params, "export": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    return list(sheet.iter_rows(values_only=True))


def titles(client, **params) -> list[str]:
    return [row["Tytuł"] for row in csv_rows(client, **params)]


def listed_titles(client, **params) -> list[str]:
    """Titles in the HTML table, in order (each title cell carries `data-listing-page-title`)."""
    html = client.get(REGISTER, params).content.decode()
    cells = html.split("data-listing-page-title")[1:]
    return [cell.split('_title">', 1)[1].split("</span>", 1)[0].strip() for cell in cells]


@pytest.fixture
def records(site_tree):
    """Five records, one of each type, with distinct values in every filterable field."""
    stare_miasto, nowa_huta = District.objects.get(number=1), District.objects.get(number=18)
    anna = UserFactory(username="anna", first_name="Anna", last_name="Zielińska")
    fundacja = OrganisationFactory(name="Fundacja Zielony Kraków")
    zieleń = TopicFactory(name="Zieleń", slug="zielen")
    return {
        "project": ProjectFactory(
            title="Program zielonych podwórek", districts=[stare_miasto], topics=[zieleń], owner_person=anna,
            starts_at=at("2030-01-01 00:00"), ends_at=at("2030-12-31 23:00"),
        ),
        "consultation": ConsultationFactory(
            title="Park nad Wisłą", lead="Pytamy o bulwary i drzewa.", districts=[stare_miasto, nowa_huta],
            partners=[fundacja], starts_at=at("2030-03-01 10:00"), ends_at=at("2030-03-22 10:00"),
        ),
        "campaign": CampaignFactory(
            title="Kampania o segregacji", status="idea", starts_at=at("2030-06-01 00:00"), ends_at=at("2030-06-30 00:00"),
        ),
        "event": EventFactory(
            title="Spacer badawczy", districts=[nowa_huta], publish=False, responsible_unit=fundacja,
            starts_at=at("2030-03-10 17:00"), ends_at=at("2030-03-10 19:00"),
        ),
        "offer": OfferFactory(title="Szkolenie z konsultacji", starts_at=None, ends_at=None),
    }


@pytest.fixture
def editor(site_tree):
    return logged_in(UserFactory(groups=["Redaktor"]))


def test_register_lists_all_types_with_columns_and_edit_links(records, editor):
    response = editor.get(REGISTER)
    assert response.status_code == 200
    html = re.sub(r"\s+", " ", response.content.decode())
    for record in records.values():
        assert f'href="{edit_url(record)}"' in html
        assert f"> {record.get_record_type_display()} </td>" in html
    for heading in ("Tytuł", "Typ", "Status", "Początek", "Koniec", "Dzielnice", "Osoba odpowiedzialna", "Jednostka odpowiedzialna", "Publikacja"):
        assert heading in html
    assert "Anna Zielińska" in html and "Fundacja Zielony Kraków" in html
    assert "I Stare Miasto, XVIII Nowa Huta" in html


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"content_type": "event"}, {"event"}),
        ({"status": "idea"}, {"campaign"}),
        ({"district": "18"}, {"consultation", "event"}),
        ({"topic": "zielen"}, {"project"}),
        ({"period_from": "2030-03-05", "period_to": "2030-03-12"}, {"project", "consultation", "event"}),
        ({"period_from": "2030-06-15"}, {"project", "campaign"}),
        ({"owner_person": "anna"}, {"project"}),
        ({"partner": "fundacja"}, {"consultation"}),
        ({"responsible_unit": "fundacja"}, {"event"}),
        ({"live": "false"}, {"event"}),
        ({"q": "bulwary"}, {"consultation"}),
        ({"q": "Huta"}, {"consultation", "event"}),
    ],
)
def test_filters_and_search_narrow_the_register(records, editor, params, expected):
    params = _resolve(params, records)
    wanted = sorted(records[key].title for key in expected)
    assert sorted(titles(editor, **params)) == wanted
    assert sorted(listed_titles(editor, **params)) == wanted


def _resolve(params: dict, records) -> dict:
    """Turn readable placeholders into the ids the filter form expects."""
    from django.contrib.auth import get_user_model
    from django.contrib.contenttypes.models import ContentType

    from directory.models import Organisation

    resolved = dict(params)
    if "content_type" in params:
        resolved["content_type"] = ContentType.objects.get_for_model(type(records[params["content_type"]])).pk
    if "district" in params:
        resolved["district"] = District.objects.get(number=int(params["district"])).pk
    if "topic" in params:
        resolved["topic"] = records["project"].topics.get().pk
    if "owner_person" in params:
        resolved["owner_person"] = get_user_model().objects.get(username=params["owner_person"]).pk
    for key in ("partner", "responsible_unit"):
        if key in params:
            resolved[key] = Organisation.objects.get(name="Fundacja Zielony Kraków").pk
    return resolved


def test_columns_sort_the_register(records, editor):
    by_title = sorted(record.title for record in records.values())
    assert listed_titles(editor, ordering="title") == by_title
    assert listed_titles(editor, ordering="-title") == by_title[::-1]
    assert listed_titles(editor, ordering="starts_at")[:4] == [
        "Program zielonych podwórek", "Park nad Wisłą", "Spacer badawczy", "Kampania o segregacji",
    ]
    assert listed_titles(editor, ordering="starts_at")[-1] == "Szkolenie z konsultacji"
    assert titles(editor, ordering="-ends_at") == [
        "Program zielonych podwórek", "Kampania o segregacji", "Park nad Wisłą", "Spacer badawczy", "Szkolenie z konsultacji",
    ]
    for ordering in ("status", "-status", "content_type__model", "latest_revision_created_at", "-live", "ends_at"):
        assert editor.get(REGISTER, {"ordering": ordering}).status_code == 200


def test_csv_and_xlsx_export_exactly_the_filtered_rows_with_local_times(records, editor):
    params = _resolve({"district": "18"}, records)
    rows = csv_rows(editor, **params, ordering="title")
    assert [row["Tytuł"] for row in rows] == ["Park nad Wisłą", "Spacer badawczy"]
    park = rows[0]
    assert park["Typ"] == str(records["consultation"].get_record_type_display())
    assert park["Status"] == str(records["consultation"].get_status_display())
    assert park["Początek"] == "2030-03-01 10:00"
    assert park["Dzielnice"] == "I Stare Miasto, XVIII Nowa Huta"
    assert park["Organizacje partnerskie"] == "Fundacja Zielony Kraków"
    assert park["ID"] == str(records["consultation"].pk)

    sheet = xlsx_rows(editor, **params, ordering="title")
    header, *lines = sheet
    assert header[:5] == ("Tytuł", "Typ", "Status", "Początek", "Koniec")
    assert [line[0] for line in lines] == ["Park nad Wisłą", "Spacer badawczy"]
    assert lines[0][3] == dt.datetime.fromisoformat("2030-03-01 10:00"), "naive Warsaw time, not UTC"


def test_register_costs_the_same_queries_for_few_and_many_records(site_tree, editor):
    organisation = OrganisationFactory()
    person = UserFactory()
    districts = list(District.objects.all()[:3])

    def make(count):
        for n in range(count):
            FACTORIES[n % len(FACTORIES)](
                districts=districts, topics=[TopicFactory()], partners=[organisation], owner_person=person,
                responsible_unit=organisation, publish=n % 2 == 0,
            )

    def count_queries(**params) -> int:
        editor.get(REGISTER, params)  # warm per-process caches (content types, site roots)
        with CaptureQueriesContext(connection) as queries:
            response = editor.get(REGISTER, params)
            if "export" in params:
                b"".join(response.streaming_content)
        assert response.status_code == 200
        return len(queries)

    make(5)
    few = {"html": count_queries(), "csv": count_queries(export="csv"), "search": count_queries(q="opis")}
    make(50)
    many = {"html": count_queries(), "csv": count_queries(export="csv"), "search": count_queries(q="opis")}
    assert many == few

    assert len(listed_titles(editor)) == 50
    assert len(listed_titles(editor, p=2)) == 5
    assert len(titles(editor)) == 55


def test_register_is_in_the_menu_only_for_admin_users_with_page_permissions(site_tree):
    assert "Rejestr" in menu_labels(logged_in(UserFactory(groups=["Autor"])).get(reverse("wagtailadmin_home")).content.decode())
    nobody = UserFactory()
    nobody.user_permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    client = logged_in(nobody)
    assert "Rejestr" not in menu_labels(client.get(reverse("wagtailadmin_home")).content.decode())
    assert client.get(REGISTER).status_code in (302, 403)
