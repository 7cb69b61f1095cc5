"""The page editor: a consultation's announcement warnings on opening it; a published consultation's status shown
there read-only (it changes by its dates or by the status form, with a reason); the demo input is idempotent."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from django.urls import reverse
from wagtail.models import PageLogEntry

from catalog.models import ConsultationIndexPage, ConsultationPage
from consultations import wagtail_hooks
from consultations.demo import seed_demo_consultation_input
from consultations.models import ConsultationDocument, Remark
from tests.backoffice.helpers import add_url, edit_url, logged_in, submit_form

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def _request(method, user):
    request = getattr(RequestFactory(), method)("/admin/pages/1/edit/")
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_opening_a_consultation_lists_the_announcements_problems(consultation, editor, settings):
    settings.LANGUAGE_CODE = "pl"
    request = _request("get", editor)
    wagtail_hooks.warn_about_the_announcement(request, consultation)
    texts = [str(message) for message in get_messages(request)]
    assert any(text.startswith("W ogłoszeniu brakuje: przedmiot i cel konsultacji") for text in texts)
    assert any("co najmniej 3" in text for text in texts)


def _status_changes(page):
    return list(PageLogEntry.objects.filter(page=page, action="consultations.status_changed").values_list("data", "user"))


def test_a_published_consultations_status_is_read_only_in_the_editor_and_points_to_the_status_form(consultation, coordinator):
    html = logged_in(coordinator).get(edit_url(consultation)).content.decode()
    select = html[html.index('<select name="status"') : html.index("</select>", html.index('<select name="status"'))]
    assert " disabled" in select and '<option value="open" selected>' in select
    assert "Status opublikowanych konsultacji zmienia się sam według dat" in html
    assert f'href="{reverse("consultations_admin:status", args=[consultation.pk])}"' in html


@pytest.mark.parametrize("action", ["publish", None])
def test_no_save_of_the_editor_changes_a_published_status(consultation, coordinator, action):
    """A status posted anyway (a tampered form) is ignored: publishing, or a draft later approved, keeps the live one."""
    response = submit_form(logged_in(coordinator), edit_url(consultation), action=action, status="closed", lead="Nowy wstęp.")
    assert response.status_code == 302
    consultation.refresh_from_db()
    latest = consultation.get_latest_revision_as_object()
    assert (consultation.status, latest.status, latest.lead) == ("open", "open", "Nowy wstęp.")
    assert _status_changes(consultation) == []


def test_the_editor_shows_the_live_status_over_an_older_draft(consultation, coordinator):
    """The clock or the status form moved the live status after a draft was saved: the editor offers the live one."""
    draft = consultation.get_latest_revision_as_object()
    draft.status = "announced"
    draft.save_revision(user=coordinator)
    response = submit_form(logged_in(coordinator), edit_url(consultation), action="publish")
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.status == "open"


def test_a_consultation_never_published_sets_its_status_in_the_editor(site_tree, coordinator):
    client = logged_in(coordinator)
    response = submit_form(
        client, add_url(ConsultationPage, ConsultationIndexPage.objects.get()),
        title="Park kieszonkowy", slug="park-kieszonkowy", lead="Pytamy o park.", status="planned",
    )
    assert response.status_code == 302
    page = ConsultationPage.objects.get(slug="park-kieszonkowy")
    response = submit_form(client, edit_url(page), status="in_preparation")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().status == "in_preparation"


def test_demo_input_is_idempotent(consultation):
    first = seed_demo_consultation_input()
    assert seed_demo_consultation_input() == first
    assert ConsultationDocument.objects.count() == 1
    assert Remark.objects.count() == 3
    assert Remark.objects.filter(decision="taken").count() == 1
