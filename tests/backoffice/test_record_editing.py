"""Every record type is created, edited and scheduled through Wagtail's page editor, as staff use it: drafts with
revisions, a history that lists each change, and scheduled publishing."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from catalog.models import (
    CampaignIndexPage,
    CampaignPage,
    ConsultationIndexPage,
    ConsultationPage,
    EventIndexPage,
    EventPage,
    OfferIndexPage,
    OfferPage,
    ProjectIndexPage,
    ProjectPage,
)
from tests.factories import UserFactory

from .helpers import add_url, edit_url, logged_in, submit_form

pytestmark = pytest.mark.django_db

# Each type's listing and the fields its editor requires (the rest keep the form's defaults).
RECORD_TYPES = {
    "project": (ProjectPage, ProjectIndexPage, {"status": "running"}),
    "consultation": (ConsultationPage, ConsultationIndexPage, {"status": "planned"}),
    "campaign": (CampaignPage, CampaignIndexPage, {"status": "planned", "kind": "social"}),
    "event": (
        EventPage, EventIndexPage,
        {"status": "planned", "event_type": "research_walk", "venue_name": "Plac Centralny", "starts_at": "2030-05-10 17:00"},
    ),
    "offer": (OfferPage, OfferIndexPage, {"status": "available", "kind": "training"}),
}


def history_url(page) -> str:
    return reverse("wagtailadmin_pages:history", args=[page.pk])


@pytest.mark.parametrize("role", ["Redaktor", "Administrator"])
@pytest.mark.parametrize("record_type", RECORD_TYPES)
def test_staff_create_and_edit_a_draft_of_every_type_in_the_admin(site_tree, record_type, role):
    model, listing, required = RECORD_TYPES[record_type]
    user = UserFactory(groups=[role], first_name="Zofia", last_name="Redakcyjna")
    client = logged_in(user)

    response = submit_form(
        client, add_url(model, listing.objects.get()),
        title="Rekord z panelu", slug="rekord-z-panelu", lead="Pierwsza wersja.", **required,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    record = model.objects.get(slug="rekord-z-panelu")
    assert record.get_parent().specific_class is listing
    assert not record.live and record.owner == user

    response = submit_form(client, edit_url(record), lead="Druga wersja.")
    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    assert not record.live and record.has_unpublished_changes
    assert record.revisions.count() == 2
    latest = record.get_latest_revision()
    assert latest.user == user and latest.as_object().lead == "Druga wersja."
    logged = list(PageLogEntry.objects.filter(page=record).order_by("timestamp", "pk").values_list("action", "user"))
    assert logged[0] == ("wagtail.create", user.pk) and logged[-1] == ("wagtail.edit", user.pk)

    history = client.get(history_url(record))
    assert history.status_code == 200
    entries = [(entry.action, entry.user_id) for entry in history.context["object_list"]]
    assert ("wagtail.edit", user.pk) in entries
    html = history.content.decode()
    assert "Szkic zapisany" in html and "Aktualny szkic" in html and "Zofia Redakcyjna" in html


def test_a_coordinator_schedules_a_record_in_the_admin_and_the_scheduler_publishes_it(site_tree):
    koordynator = UserFactory(groups=["Koordynator"])
    client = logged_in(koordynator)
    model, listing, required = RECORD_TYPES["event"]
    submit_form(client, add_url(model, listing.objects.get()), title="Spacer w maju", slug="spacer-w-maju", lead="Zapraszamy.", **required)
    record = model.objects.get(slug="spacer-w-maju")
    go_live = timezone.localtime(timezone.now() + dt.timedelta(days=2)).replace(second=0, microsecond=0)

    response = submit_form(client, edit_url(record), action="publish", go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    assert response.status_code == 302, response.content.decode()[:3000]
    record.refresh_from_db()
    assert not record.live, "scheduled, not published"
    scheduled = record.scheduled_revision
    assert scheduled is not None and scheduled.approved_go_live_at == go_live
    assert record.status_string == "zaplanowany"
    assert PageLogEntry.objects.filter(page=record, action="wagtail.publish.schedule", user=koordynator).exists()
    assert client.get(history_url(record)).status_code == 200
    inspected = client.get(reverse("rejestr:inspect", args=[record.pk])).content.decode()
    assert f'<time datetime="{go_live.isoformat()}">' in inspected, "the inspect page shows when it goes live"

    with mock.patch("django.utils.timezone.now", return_value=go_live + dt.timedelta(seconds=1)):
        call_command("publish_scheduled", verbosity=0)
    record = model.objects.get(pk=record.pk)  # `scheduled_revision` is cached on the instance
    assert record.live and record.scheduled_revision is None
