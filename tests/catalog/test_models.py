"""Rules of a record's own fields, checked on the way in through `create_record` (the editor runs the same `clean`)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.models import CatalogPage, EventPage
from catalog.statuses import Status
from tests.factories import CampaignFactory, ConsultationFactory, EventFactory, OfferFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def errors_of(factory, **fields) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        factory(**fields)
    return error.value.message_dict


FOREIGN_STATUSES = [(ConsultationFactory, Status.AVAILABLE), (EventFactory, Status.OPEN), (OfferFactory, Status.RUNNING),
                    (ProjectFactory, Status.REPORT_PUBLISHED), (CampaignFactory, Status.CANCELLED)]
OWN_STATUSES = [(ConsultationFactory, Status.CLOSED), (EventFactory, Status.CANCELLED), (OfferFactory, Status.ARCHIVED),
                (ProjectFactory, Status.FINISHED), (CampaignFactory, Status.EVALUATED)]


def test_a_status_of_another_record_type_is_refused_and_nothing_is_written(site_tree):
    for factory, status in FOREIGN_STATUSES:
        assert list(errors_of(factory, status=status)) == ["status"], (factory, status)
    assert not CatalogPage.objects.exists()


def test_a_status_of_the_records_own_lifecycle_is_accepted(site_tree):
    for factory, status in OWN_STATUSES:
        assert factory(status=status).status == status


def test_a_record_cannot_end_before_it_starts(site_tree):
    start = timezone.now()
    assert list(errors_of(ConsultationFactory, starts_at=start, ends_at=start - dt.timedelta(minutes=1))) == ["ends_at"]
    assert ConsultationFactory(starts_at=start, ends_at=start).ends_at == start


def test_a_record_may_have_no_dates_except_an_event(site_tree):
    assert ProjectFactory(starts_at=None, ends_at=None).starts_at is None
    assert list(errors_of(EventFactory, starts_at=None, ends_at=None)) == ["starts_at"]


def test_an_event_needs_a_venue_or_to_be_online(site_tree):
    assert list(errors_of(EventFactory, venue_name="", is_online=False)) == ["venue_name"]
    online = EventFactory(venue_name="", is_online=True, online_url="https://spotkanie.example.org/dialog")
    assert online.live and online.is_online


def test_all_problems_of_an_event_are_reported_together(site_tree):
    errors = errors_of(EventFactory, status=Status.OPEN, starts_at=None, ends_at=None, venue_name="")
    assert set(errors) == {"status", "starts_at", "venue_name"}
    assert not EventPage.objects.exists()
