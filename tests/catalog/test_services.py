import pytest
from wagtail.models import PageLogEntry

from catalog.models import ConsultationPage, EventPage
from core.models import District
from tests.factories import ConsultationFactory, EventFactory, UserFactory


@pytest.mark.django_db
def test_create_record_publishes_under_its_listing_with_history(site_tree):
    user = UserFactory(groups=["Koordynator"])
    districts = list(District.objects.filter(number__in=[1, 2]))
    record = ConsultationFactory(title="Zielone podwórka", user=user, districts=districts)
    assert isinstance(record, ConsultationPage)
    assert record.live
    assert record.get_parent().slug == "konsultacje"
    assert record.slug == "zielone-podworka"
    assert set(record.districts.all()) == set(districts)
    actions = set(PageLogEntry.objects.filter(page=record).values_list("action", flat=True))
    assert {"wagtail.create", "wagtail.publish"} <= actions


@pytest.mark.django_db
def test_draft_records_are_not_live_and_slugs_stay_unique(site_tree):
    first = EventFactory(title="Spacer badawczy", publish=False)
    second = EventFactory(title="Spacer badawczy")
    assert not first.live and first.has_unpublished_changes
    assert second.live
    assert first.slug != second.slug
    assert EventPage.objects.count() == 2
