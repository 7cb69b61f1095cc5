"""A closed consultation in two districts with councils, coded remarks with decisions, and the staff roles."""

import datetime as dt

import pytest
from django.utils import timezone

from consultations import services as consultation_services
from consultations.models import AuthorType, Decision, RemarkSource
from core.models import District
from directory.models import Organisation, OrganisationKind
from tests.factories import ConsultationFactory, UserFactory

JUSTIFICATION_TAKEN = "Ławki staną przy alejce w 2027 r."
JUSTIFICATION_NOT = "Teren należy do Skarbu Państwa."


@pytest.fixture
def districts(site_tree):
    first, second, third = District.objects.order_by("number")[:3]
    councils = Organisation.objects.filter(kind=OrganisationKind.DISTRICT_COUNCIL)
    councils.filter(district=first).update(email="rada1@example.org")
    councils.filter(district=second).update(email="rada2@example.org")
    councils.filter(district=third).update(email="rada3@example.org")
    return first, second, third


@pytest.fixture
def coordinator(site_tree):
    return UserFactory(username="koordynatorka", groups=["Koordynator"], email="koordynatorka@example.org")


@pytest.fixture
def editor(site_tree):
    return UserFactory(username="redaktor", groups=["Redaktor"])


@pytest.fixture
def author(site_tree):
    return UserFactory(username="autor", groups=["Autor"])


def closed_consultation(*, districts=(), ended_days_ago: int = 3, **fields):
    now = timezone.now()
    fields.setdefault("title", "Konsultacje parku Lotników")
    fields.setdefault("aim", "Chcemy wiedzieć, jak zmienić park.")
    fields.setdefault("organiser", "Wydział Kształtowania Środowiska")
    fields.setdefault("consultation_forms", ["open_meeting", "survey", "written_remarks"])
    fields.setdefault("status", "closed")
    return ConsultationFactory(
        starts_at=now - dt.timedelta(days=ended_days_ago + 30), ends_at=now - dt.timedelta(days=ended_days_ago),
        districts=list(districts), **fields,
    )


@pytest.fixture
def consultation(districts):
    first, second, _third = districts
    return closed_consultation(districts=[first, second])


def add_remark(consultation, text: str, *, decision: str = "", justification: str = "", source=RemarkSource.LETTER, user=None, **fields):
    remark = consultation_services.register_remark(
        consultation=consultation, text=text, source=source, received_on=timezone.localdate(),
        author_type=fields.pop("author_type", AuthorType.RESIDENT), user=user, **fields,
    )
    if decision:
        consultation_services.decide(remarks=[remark], decision=decision, justification=justification, user=user)
    remark.refresh_from_db()
    return remark


@pytest.fixture
def remarks(consultation):
    taken = add_remark(consultation, "Proszę o więcej ławek.", decision=Decision.TAKEN_INTO_ACCOUNT, justification=JUSTIFICATION_TAKEN,
                       author_name="Jan Prywatny")
    refused = add_remark(consultation, "Zróbcie parking w parku.", decision=Decision.NOT_TAKEN, justification=JUSTIFICATION_NOT)
    duplicate = add_remark(consultation, "Więcej ławek, proszę!")
    consultation_services.merge_remarks(keep=taken, duplicates=[duplicate], user=None)
    undecided = add_remark(consultation, "Czy będzie toaleta?")
    return taken, refused, duplicate, undecided


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish as a request would: the e-mail tasks enqueued after commit run (immediate backend in tests)."""
    from reports import services

    def do(consultation, user):
        with django_capture_on_commit_callbacks(execute=True):
            return services.publish_report(consultation=consultation, user=user)

    return do


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    from reports import services

    def do(now):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_due_reminders(now=now)

    return do
