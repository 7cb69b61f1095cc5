"""Who may do what in the admin: authors and editors draft and submit, coordinators approve and publish,
partners propose events and see only their organisation's records."""

import pytest
from django.urls import reverse
from wagtail.models import Page, PageLogEntry, TaskState

from catalog.models import ConsultationIndexPage, ConsultationPage, EventIndexPage, EventPage
from directory.models import Account
from tests.factories import ConsultationFactory, EventFactory, OrganisationFactory, UserFactory

from .helpers import add_url, edit_url, logged_in, menu_labels, submit_form

pytestmark = pytest.mark.django_db

CONSULTATION = {"title": "Park kieszonkowy na Kazimierzu", "slug": "park-kieszonkowy", "lead": "Pytamy o park.", "status": "planned"}
EVENT = {
    "title": "Spacer badawczy po Nowej Hucie", "slug": "spacer-nowa-huta", "lead": "Zapraszamy na spacer.",
    "status": "planned", "event_type": "research_walk", "venue_name": "Plac Centralny",
    "starts_at": "2030-05-10 17:00",
}


def _approve(client, page: Page):
    task_state = TaskState.objects.get(workflow_state=page.current_workflow_state, status="in_progress")
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk])
    return client.post(url, {"comment": ""})


def test_admin_interface_is_polish(site_tree):
    client = logged_in(UserFactory(groups=["Redaktor"]))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert '<html lang="pl"' in html
    assert "Kokpit" in html and "Moje rekordy" in html
    assert {"Strony", "Rejestr", "Kontakty"} <= menu_labels(html)


def test_autor_drafts_and_submits_but_cannot_publish(site_tree):
    autor = UserFactory(groups=["Autor"])
    client = logged_in(autor)
    response = submit_form(client, add_url(ConsultationPage, ConsultationIndexPage.objects.get()), action="publish", **CONSULTATION)
    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="park-kieszonkowy")
    assert not page.live and page.owner == autor

    html = client.get(edit_url(page)).content.decode()
    assert 'name="action-publish"' not in html
    assert 'name="action-submit"' in html

    submit_form(client, edit_url(page), action="publish", title="Park kieszonkowy – poprawiony")
    page.refresh_from_db()
    assert not page.live
    assert page.get_latest_revision_as_object().title == "Park kieszonkowy – poprawiony"

    submit_form(client, edit_url(page), action="submit")
    page.refresh_from_db()
    assert not page.live
    assert page.current_workflow_state.status == "in_progress"


def test_redaktor_submits_and_koordynator_approves_and_publishes(site_tree):
    redaktor = UserFactory(groups=["Redaktor"])
    koordynator = UserFactory(groups=["Koordynator"])
    page = ConsultationFactory(title="Budżet obywatelski", publish=False)
    editor = logged_in(redaktor)

    html = editor.get(edit_url(page)).content.decode()
    assert 'name="action-publish"' not in html
    submit_form(editor, edit_url(page), action="publish", lead="Nowy lead.")
    page.refresh_from_db()
    assert not page.live

    submit_form(editor, edit_url(page), action="submit")
    page.refresh_from_db()
    assert page.current_workflow_state.status == "in_progress"

    assert _approve(editor, page).status_code in (302, 403)
    page.refresh_from_db()
    assert not page.live, "an editor is not in the approving group"

    response = _approve(logged_in(koordynator), page)
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live and page.lead == "Nowy lead."
    published = PageLogEntry.objects.get(page=page, action="wagtail.publish")
    assert published.user == koordynator
    assert PageLogEntry.objects.filter(page=page, action="wagtail.workflow.approve", user=koordynator).exists()


def test_koordynator_can_publish_from_the_editor(site_tree):
    koordynator = UserFactory(groups=["Koordynator"])
    page = ConsultationFactory(title="Zieleń osiedlowa", publish=False)
    response = submit_form(logged_in(koordynator), edit_url(page), action="publish")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live


@pytest.fixture
def partner(site_tree):
    user = UserFactory(username="rada-xviii", groups=["Partner"])
    organisation = OrganisationFactory(name="Stowarzyszenie Nowohuckie")
    Account.objects.create(user=user, organisation=organisation)
    return user


def test_partner_proposes_events_but_cannot_publish(partner):
    client = logged_in(partner)
    event_index = EventIndexPage.objects.get()
    response = submit_form(client, add_url(EventPage, event_index), action="publish", **EVENT)
    assert response.status_code == 302
    event = EventPage.objects.get(slug="spacer-nowa-huta")
    assert not event.live and event.owner == partner

    submit_form(client, edit_url(event), action="submit")
    event.refresh_from_db()
    assert not event.live and event.current_workflow_state.status == "in_progress"

    forbidden = client.get(add_url(ConsultationPage, ConsultationIndexPage.objects.get()))
    assert forbidden.status_code in (302, 403)
    assert not ConsultationPage.objects.exists()


def test_partner_sees_only_own_organisation_records_and_own_drafts(partner, site_tree):
    organisation = partner.dialog_account.organisation
    visible = {
        EventFactory(title="Wydarzenie naszej organizacji", responsible_unit=organisation).title,
        ConsultationFactory(title="Konsultacje z naszym udziałem", partners=[organisation]).title,
        EventFactory(title="Nasz szkic", user=partner, publish=False).title,
    }
    EventFactory(title="Cudze wydarzenie", responsible_unit=OrganisationFactory(name="Fundacja Obca"))
    ConsultationFactory(title="Szkic z naszym udziałem", partners=[organisation], publish=False)
    client = logged_in(partner)

    csv = b"".join(client.get(reverse("rejestr:index"), {"export": "csv"}).streaming_content).decode()
    exported = {line.split(",")[0] for line in csv.splitlines()[1:]}
    assert exported == visible

    register = client.get(reverse("rejestr:index")).content.decode()
    assert "Cudze wydarzenie" not in register
    assert "Fundacja Obca" not in register, "filter choices name only contacts of visible records"

    explorer = client.get(reverse("wagtailadmin_explore", args=[EventIndexPage.objects.get().pk])).content.decode()
    assert "Wydarzenie naszej organizacji" in explorer and "Nasz szkic" in explorer
    assert "Cudze wydarzenie" not in explorer

    staff_csv = b"".join(
        logged_in(UserFactory(groups=["Autor"])).get(reverse("rejestr:index"), {"export": "csv"}).streaming_content
    ).decode()
    assert len(staff_csv.splitlines()) == 1 + 5


def test_partner_cannot_edit_records_it_only_partners_in(partner):
    record = ConsultationFactory(partners=[partner.dialog_account.organisation])
    response = logged_in(partner).get(edit_url(record))
    assert response.status_code in (302, 403)
