"""`manage.py seed_demo`: enough realistic content for every screen, the same data for the same day, safe to re-run."""

from datetime import UTC, date, timedelta
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from wagtail.models import Page, WorkflowState

from catalog.models import (
    CampaignPage,
    CatalogIndexPage,
    CatalogPage,
    ConsultationPage,
    EventPage,
    EventType,
    OfferPage,
    ProjectPage,
)
from catalog.statuses import CONSULTATION_STATUSES
from core.models import Topic
from core.roles import ROLES
from demo.content import DEMO_PASSWORD, USERS
from directory.models import Account, Organisation, OrganisationKind, Person

ANCHOR = date(2026, 3, 16)


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", password=DEMO_PASSWORD, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def seeded(site_tree):
    return seed()


def table_state() -> dict[str, frozenset]:
    """The primary keys in every table (auto-created many-to-many tables too): an insert or a delete shows up."""
    return {
        model._meta.db_table: frozenset(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
    }


def records_snapshot() -> list[tuple]:
    """What a visitor and an editor see of each record, without database ids."""
    return [
        (
            type(record).__name__, record.slug, record.title, record.status, record.starts_at, record.ends_at,
            record.live, record.go_live_at, record.owner_person.username if record.owner_person else None,
            sorted(d.number for d in record.districts.all()), sorted(t.slug for t in record.topics.all()),
            sorted(o.name for o in record.partners.all()),
        )
        for record in CatalogPage.objects.order_by("slug").specific().prefetch_related("districts", "topics", "partners")
    ]


@pytest.mark.django_db
def test_demo_content_covers_every_type_status_and_district(seeded):
    assert ProjectPage.objects.count() >= 3
    assert {"Krakowski Panel Klimatyczny", "Budżet obywatelski – edukacja", "Zielone podwórka"} <= set(
        ProjectPage.objects.values_list("title", flat=True)
    )
    assert ConsultationPage.objects.count() == 8
    assert set(ConsultationPage.objects.values_list("status", flat=True)) == set(CONSULTATION_STATUSES)
    assert CampaignPage.objects.count() == 6
    assert EventPage.objects.count() == 20
    assert set(EventPage.objects.values_list("event_type", flat=True)) == set(EventType.values)
    assert EventPage.objects.values("districts").exclude(districts=None).distinct().count() >= 8
    assert OfferPage.objects.count() == 10
    assert Topic.objects.count() >= 10

    assert Organisation.objects.count() >= 40
    assert Organisation.objects.filter(kind=OrganisationKind.DISTRICT_COUNCIL).count() == 18
    assert {"Wydział Komunikacji Społecznej", "Zarząd Zieleni Miejskiej w Krakowie", "Uniwersytet Jagielloński"} <= set(
        Organisation.objects.values_list("name", flat=True)
    )
    assert set(Organisation.objects.values_list("kind", flat=True)) == set(OrganisationKind.values)
    assert Person.objects.exclude(memberships=None).count() == Person.objects.count() >= 5
    assert not Person.objects.filter(legal_basis="").exists()

    records = CatalogPage.objects.all()
    assert records.exclude(owner_person=None).exists() and records.filter(owner_person=None).exists()
    assert records.exclude(districts=None).exists() and records.exclude(topics=None).exists()
    assert records.exclude(partners=None).exists()


@pytest.mark.django_db
def test_drafts_scheduled_record_and_approval_request_wait_in_the_back_office(seeded):
    drafts = CatalogPage.objects.filter(live=False, go_live_at=None)
    assert drafts.count() >= 2
    assert set(drafts.values_list("owner__username", flat=True)) == {"autor", "partner"}
    scheduled = CatalogPage.objects.get(live=False, go_live_at__gt=timezone.now())
    assert scheduled.get_latest_revision().approved_go_live_at == scheduled.go_live_at
    waiting = WorkflowState.objects.filter(status=WorkflowState.STATUS_IN_PROGRESS, requested_by__username="autor")
    assert sorted(state.base_content_type.model for state in waiting) == ["message", "page"]  # a campaign and a message


@pytest.mark.django_db
def test_demo_events_take_registrations_and_messages_wait_for_review(seeded, client):
    from events.models import RegistrationSettings
    from publishing.checks import check_message
    from publishing.models import Message

    assert RegistrationSettings.objects.count() == 4
    workshop = RegistrationSettings.objects.get(event__slug="warsztaty-zielone-podworka-grzegorzki").event
    assert 'name="email"' in client.get(workshop.url).content.decode()  # the form is on the page
    submitted, office_style = Message.objects.order_by("pk")
    assert submitted.workflow_in_progress and not submitted.live
    codes = {finding.code for report in check_message(office_style) for finding in report.language}
    assert {"officialese", "fog_too_high"} <= codes  # the demo shows what the checks catch


@pytest.mark.django_db
def test_every_role_has_a_demo_login_with_the_documented_password(seeded, client):
    user_model = get_user_model()
    assert user_model.objects.get(username="admin").is_superuser
    for role in ROLES:
        assert user_model.objects.filter(groups__name=role).exists(), role
    assert Account.objects.get(user__username="partner").organisation.name == "Rada Dzielnicy XIII Podgórze"
    for spec in USERS:
        assert client.login(username=spec.username, password=DEMO_PASSWORD), spec.username
        assert client.get("/admin/").status_code == 200, spec.username
        client.logout()
    assert "dialog-demo-2026" in seeded and "koordynator" in seeded


@pytest.mark.django_db
def test_published_demo_records_are_served_and_unpublished_are_not(seeded, client):
    for listing in CatalogIndexPage.objects.all():
        assert client.get(listing.url).status_code == 200, listing.url
    for record in CatalogPage.objects.all():
        expected = 200 if record.live else 404
        assert client.get(record.url).status_code == expected, record.url


@pytest.mark.django_db
def test_running_again_changes_nothing(seeded):
    before = table_state()
    output = seed()
    assert table_state() == before
    assert all("nowe 0," in line for line in output.splitlines() if "nowe" in line)


@pytest.mark.django_db
def test_the_same_day_gives_the_same_data_and_dates_follow_the_day(site_tree):
    with transaction.atomic():
        seed(today=ANCHOR, scale=10)
        first = records_snapshot()
        transaction.set_rollback(True)
    assert not CatalogPage.objects.exists()
    seed(today=ANCHOR, scale=10)
    assert records_snapshot() == first

    local_day = lambda moment: timezone.localtime(moment).date()  # noqa: E731
    for consultation in ConsultationPage.objects.exclude(slug__startswith="rekord-"):
        start, end = local_day(consultation.starts_at), local_day(consultation.ends_at)
        if consultation.status == "open":
            assert start <= ANCHOR <= end
        elif consultation.status in {"planned", "in_preparation", "announced"}:
            assert start > ANCHOR
        else:
            assert end < ANCHOR


@pytest.mark.django_db
def test_scale_adds_live_records_in_a_valid_tree(seeded, client):
    output = seed(scale=30)
    assert "rekordy generowane: nowe 30" in output
    generated = CatalogPage.objects.filter(slug__startswith="rekord-")
    assert generated.count() == generated.filter(live=True).count() == 30
    for model in (ProjectPage, ConsultationPage, CampaignPage, EventPage, OfferPage):
        assert model.objects.filter(slug__startswith="rekord-").count() == 6
    assert Page.find_problems() == ([], [], [], [], [])

    for record in generated.specific():
        assert record.url_path == f"{record.get_parent().url_path}{record.slug}/"
        assert record.districts.exists() and record.topics.exists()
        assert client.get(record.url).status_code == 200, record.url
    listing = client.get(CatalogIndexPage.objects.get(slug="konsultacje").url)
    assert listing.status_code == 200
    assert ConsultationPage.objects.get(slug="rekord-00001").url in listing.content.decode()
    assert len(CatalogPage.objects.live().search("wygenerowany")) == 30  # the search index knows them

    before = table_state()
    assert "rekordy generowane: nowe 0, istniejące 30" in seed(scale=30)
    assert table_state() == before
    seed(scale=33)
    assert generated.count() == 33
    assert Page.find_problems() == ([], [], [], [], [])


@pytest.mark.django_db
def test_refuses_to_run_without_bootstrap_or_with_the_public_password_on_a_real_server(db, site_tree):
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--password"):
        call_command("seed_demo", stdout=StringIO())
    Page.objects.filter(depth__gt=1).delete()
    with pytest.raises(CommandError, match="bootstrap"):
        seed()


def test_dates_are_anchored_in_warsaw_time_across_the_dst_change():
    from demo.content import Day
    from demo.services import moment

    before, after = moment(date(2026, 3, 28), Day(0, "18:00")), moment(date(2026, 3, 28), Day(1, "18:00"))
    assert after.astimezone(UTC) - before.astimezone(UTC) == timedelta(hours=23)
    assert timezone.localtime(after).hour == 18
