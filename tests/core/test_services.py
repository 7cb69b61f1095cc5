from pathlib import Path

import pytest
from django.conf import settings

from core.models import District
from core.services import load_districts
from directory.models import Organisation, OrganisationKind
from directory.services import ensure_district_councils


@pytest.mark.django_db
def test_load_districts_from_the_city_file_is_idempotent():
    assert load_districts(path=settings.DIALOG_DISTRICTS_FILE) == 18
    assert load_districts(path=settings.DIALOG_DISTRICTS_FILE) == 18
    assert District.objects.count() == 18
    nowa_huta = District.objects.get(number=18)
    assert (nowa_huta.roman, nowa_huta.name, nowa_huta.population) == ("XVIII", "Nowa Huta", 50392)
    assert str(nowa_huta.population_date) == "2019-12-31"
    assert District.objects.get(number=9).slug == "lagiewniki-borek-falecki"


@pytest.mark.django_db
def test_another_city_loads_its_own_list_without_code_changes(tmp_path: Path):
    csv_file = tmp_path / "gdansk.csv"
    csv_file.write_text(
        "number,roman,name,area_km2,population,population_date,source\n"
        "1,I,Śródmieście,5.65,27000,2024-12-31,test\n"
        "2,II,Oliwa,18.0,20000,,test\n",
        encoding="utf-8",
    )
    assert load_districts(path=csv_file) == 2
    assert list(District.objects.values_list("name", flat=True)) == ["Śródmieście", "Oliwa"]
    assert District.objects.get(number=2).population_date is None


@pytest.mark.django_db
def test_every_district_gets_exactly_one_council():
    load_districts(path=settings.DIALOG_DISTRICTS_FILE)
    assert ensure_district_councils() == 18
    assert ensure_district_councils() == 0
    councils = Organisation.objects.filter(kind=OrganisationKind.DISTRICT_COUNCIL)
    assert councils.count() == 18
    assert councils.get(district__number=1).name == "Rada Dzielnicy I Stare Miasto"
