"""Every district has exactly one council: the database refuses a second one, and so does model validation."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from directory.models import Organisation, OrganisationKind
from tests.factories import DistrictFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_second_council_for_a_district_is_refused_by_the_database():
    district = DistrictFactory()
    OrganisationFactory(name="Rada Dzielnicy", kind=OrganisationKind.DISTRICT_COUNCIL, district=district)
    with pytest.raises(IntegrityError), transaction.atomic():
        OrganisationFactory(name="Druga rada", kind=OrganisationKind.DISTRICT_COUNCIL, district=district)
    assert Organisation.objects.filter(district=district).count() == 1


def test_a_second_council_is_reported_in_polish_before_saving(compiled_translations):
    district = DistrictFactory()
    OrganisationFactory(name="Rada Dzielnicy", kind=OrganisationKind.DISTRICT_COUNCIL, district=district)
    second = OrganisationFactory.build(name="Druga rada", kind=OrganisationKind.DISTRICT_COUNCIL, district=district)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    with translation.override("pl"):
        assert error.value.messages == ["Ta dzielnica ma już radę dzielnicy."]


def test_other_organisations_may_share_a_district_with_its_council():
    district, other_district = DistrictFactory(), DistrictFactory()
    OrganisationFactory(kind=OrganisationKind.DISTRICT_COUNCIL, district=district)
    OrganisationFactory(kind=OrganisationKind.DISTRICT_COUNCIL, district=other_district)
    OrganisationFactory(kind=OrganisationKind.NGO, district=district)
    OrganisationFactory(kind=OrganisationKind.NGO, district=district)
    assert Organisation.objects.filter(district=district).count() == 3
