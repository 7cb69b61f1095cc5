"""A consultation open for input and a published document of three paragraphs."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations import services
from consultations.models import ModerationMode
from tests.factories import ConsultationFactory, UserFactory

TEXT = "§ 1\nPierwszy paragraf projektu.\n\n§ 2\nDrugi paragraf,\nw dwóch wierszach.\n\nTrzeci paragraf bez nagłówka."


@pytest.fixture
def consultation(site_tree):
    now = timezone.now()
    return ConsultationFactory(
        title="Konsultacje zasad zieleni", status="open", starts_at=now - dt.timedelta(days=3), ends_at=now + dt.timedelta(days=20)
    )


@pytest.fixture
def document(consultation):
    return services.create_document(
        consultation=consultation, title="Projekt uchwały o zieleni", intro="Skomentuj projekt.", text=TEXT, user=None,
        moderation=ModerationMode.BEFORE, publish=True,
    )


@pytest.fixture
def editor(site_tree):
    return UserFactory(username="redaktorka", groups=["Redaktor"])


@pytest.fixture
def coordinator(site_tree):
    return UserFactory(username="koordynatorka", groups=["Koordynator"])
