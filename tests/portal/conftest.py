"""Fixtures of the portal tests."""

import pytest
from django.utils import translation

from core.models import District
from tests.factories import TopicFactory

from .records import create_full_records


@pytest.fixture(autouse=True)
def polish(compiled_translations):
    """Each test starts in Polish: the test client's requests leave their language active in the thread."""
    with translation.override("pl"):
        yield


@pytest.fixture
def district(site_tree):
    return District.objects.get(number=1)  # I Stare Miasto


@pytest.fixture
def topic(db):
    return TopicFactory(name="Zieleń", slug="zielen")


@pytest.fixture
def full_records(site_tree, district, topic):
    return create_full_records(district=district, topic=topic)
