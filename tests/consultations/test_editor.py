"""The page editor: a consultation's announcement warnings on opening it, and a status changed there in the history;
the demo input is idempotent."""

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory
from wagtail.models import PageLogEntry

from consultations import wagtail_hooks
from consultations.demo import seed_demo_consultation_input
from consultations.models import ConsultationDocument, Remark

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


def test_a_status_changed_in_the_editor_is_in_the_history(consultation, editor):
    request = _request("post", editor)
    wagtail_hooks.warn_about_the_announcement(request, consultation)
    draft = consultation.get_latest_revision_as_object()
    draft.status = "closed"
    draft.save_revision(user=editor)
    wagtail_hooks.log_status_change_in_the_editor(request, consultation)
    entry = PageLogEntry.objects.get(page=consultation, action="consultations.status_changed")
    assert (entry.data["from"], entry.data["to"], entry.user) == ("open", "closed", editor)


def test_unchanged_status_is_not_logged(consultation, editor):
    request = _request("post", editor)
    wagtail_hooks.warn_about_the_announcement(request, consultation)
    wagtail_hooks.log_status_change_in_the_editor(request, consultation)
    assert not PageLogEntry.objects.filter(action="consultations.status_changed").exists()


def test_demo_input_is_idempotent(consultation):
    first = seed_demo_consultation_input()
    assert seed_demo_consultation_input() == first
    assert ConsultationDocument.objects.count() == 1
    assert Remark.objects.count() == 3
    assert Remark.objects.filter(decision="taken").count() == 1
