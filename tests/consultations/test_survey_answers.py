"""Open answers of a consultation's surveys land in its remarks: open text and "other" texts of counted responses,
once (a second sync adds nothing), with the question's wording; merging and deleting keep working; the button and
the task."""

import datetime as dt
from functools import partial
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageLogEntry

from consultations import selectors, services, tasks
from consultations.models import Remark, RemarkSource
from surveys.models import Response
from tests.consultations.conftest import add_response, make_survey

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]

QUESTIONS = [
    {"code": "co", "kind": "text", "text": "Co zmienić w parku?"},
    {"code": "dojazd", "kind": "single", "text": "Jak dojeżdżasz?", "config": {"choices": ["autobus", "rower"], "other": True}},
    {"code": "ocena", "kind": "scale", "text": "Jak oceniasz park?", "config": {"min": 1, "max": 5}},
]


@pytest.fixture
def survey(consultation):
    return make_survey(consultation, QUESTIONS)


def test_open_answers_and_other_texts_of_counted_responses_become_remarks(consultation, survey):
    survey, version = survey
    add_response(survey, version, {"co": "Więcej ławek w cieniu.", "dojazd": {"choice": "autobus"}, "ocena": 4},
                 submitted_at=timezone.now() - dt.timedelta(days=2))
    add_response(survey, version, {"co": "Posadzić drzewa.", "dojazd": {"other": "Hulajnogą"}}, unverified=True)
    add_response(survey, version, {"co": "Nie potwierdzona."}, source="email", email_hash="a" * 64)  # never confirmed
    add_response(survey, version, {"co": "Potwierdzona."}, source="email", email_hash="b" * 64, confirmed_at=timezone.now())
    add_response(survey, version, {"co": "Z kartki."}, source="paper")

    assert services.sync_open_answers(consultation=consultation, user=None) == 5
    remarks = {remark.text: remark for remark in Remark.objects.filter(source=RemarkSource.SURVEY)}
    assert set(remarks) == {"Więcej ławek w cieniu.", "Posadzić drzewa.", "Hulajnogą", "Potwierdzona.", "Z kartki."}
    assert remarks["Hulajnogą"].survey_question == "Jak dojeżdżasz?"
    assert remarks["Więcej ławek w cieniu."].survey_question == "Co zmienić w parku?"
    assert remarks["Więcej ławek w cieniu."].received_on == timezone.localdate() - dt.timedelta(days=2)
    assert remarks["Posadzić drzewa."].unverified and remarks["Hulajnogą"].unverified
    assert all(remark.consultation_id == consultation.pk and remark.survey_answer_id for remark in remarks.values())


def test_syncing_twice_adds_nothing_and_a_new_answer_once(consultation, survey):
    survey, version = survey
    add_response(survey, version, {"co": "Pierwsza odpowiedź."})
    assert services.sync_open_answers(consultation=consultation, user=None) == 1
    assert services.sync_open_answers(consultation=consultation, user=None) == 0
    add_response(survey, version, {"co": "Druga odpowiedź."})
    assert services.sync_open_answers(consultation=consultation, user=None, batch_size=1) == 1
    assert Remark.objects.count() == 2


@pytest.mark.parametrize(("moderation", "state"), [("before", "pending"), ("after", "published")])
def test_free_text_from_surveys_is_moderated_like_comments(consultation, survey, settings, moderation, state):
    """It may name people, and the report prints every published remark."""
    settings.DIALOG_COMMENT_MODERATION = moderation
    survey, version = survey
    add_response(survey, version, {"co": "Anna Kowalska z ul. Długiej prosi o ławki."})
    services.sync_open_answers(consultation=consultation, user=None)
    assert Remark.objects.get().moderation == state


def test_batches_take_in_everything(consultation, survey):
    survey, version = survey
    for n in range(7):
        add_response(survey, version, {"co": f"Odpowiedź {n}", "dojazd": {"other": f"Inaczej {n}"}})
    assert services.sync_open_answers(consultation=consultation, user=None, batch_size=3) == 14
    assert services.sync_open_answers(consultation=consultation, user=None, batch_size=3) == 0


def test_surveys_of_other_consultations_and_lone_surveys_are_left_alone(consultation, survey):
    from tests.factories import ConsultationFactory

    other = ConsultationFactory(title="Inne konsultacje", status="open")
    other_survey, other_version = make_survey(other, QUESTIONS, title="Inna ankieta")
    lone_survey, lone_version = make_survey(None, QUESTIONS, title="Ankieta bez konsultacji")
    add_response(other_survey, other_version, {"co": "Gdzie indziej."})
    add_response(lone_survey, lone_version, {"co": "Bez konsultacji."})
    assert services.sync_open_answers(consultation=consultation, user=None) == 0
    assert services.sync_open_answers(consultation=other, user=None) == 1
    assert Remark.objects.get().consultation_id == other.pk


def test_merging_and_deleting_a_response_keep_remarks_and_do_not_bring_them_back(consultation, survey):
    survey, version = survey
    add_response(survey, version, {"co": "Więcej drzew."})
    duplicate_response = add_response(survey, version, {"co": "Więcej drzew!"})
    services.sync_open_answers(consultation=consultation, user=None)
    keep, duplicate = Remark.objects.order_by("pk")
    services.merge_remarks(keep=keep, duplicates=[duplicate], user=None)
    services.decide(remarks=[keep], decision="taken", justification="Posadzimy drzewa.", user=None)
    assert services.sync_open_answers(consultation=consultation, user=None) == 0
    Response.objects.filter(pk=duplicate_response.pk).delete()
    duplicate.refresh_from_db()
    assert duplicate.survey_answer_id is None and duplicate.merged_into_id == keep.pk
    assert services.sync_open_answers(consultation=consultation, user=None) == 0
    assert Remark.objects.count() == 2


def test_the_button_takes_answers_in_and_says_how_many(client, consultation, survey, editor):
    survey, version = survey
    add_response(survey, version, {"co": "Ławki przy placu zabaw."})
    add_response(survey, version, {"co": "Toaleta w parku.", "dojazd": {"other": "pieszo"}})
    client.force_login(editor)
    url = reverse("consultations_admin:sync_survey_answers", args=[consultation.pk])
    response = client.post(url, follow=True)
    html = response.content.decode()
    assert "Dodano do uwag 3 odpowiedzi otwarte z ankiet." in html
    assert "Pytanie ankiety: Co zmienić w parku?" in html and "Pobierz odpowiedzi otwarte z ankiet" in html
    assert "W ankietach tej konsultacji nie ma nowych odpowiedzi otwartych." in client.post(url, follow=True).content.decode()
    assert Remark.objects.count() == 3
    entry = PageLogEntry.objects.get(action="consultations.survey_answers_synced")
    assert (entry.page_id, entry.user_id, entry.data["added"]) == (consultation.pk, editor.pk, 3)
    assert client.get(url).status_code == 405


def test_the_button_takes_one_batch_in_and_leaves_the_rest_to_the_worker(client, consultation, survey, editor, monkeypatch):
    survey, version = survey
    for text in ("Ławki.", "Toaleta.", "Kosze.", "Cień."):
        add_response(survey, version, {"co": text})
    enqueued, task = [], tasks.sync_survey_answers
    monkeypatch.setattr(services, "sync_open_answers_now", partial(services.sync_open_answers_now, batch_size=3))
    monkeypatch.setattr(tasks, "sync_survey_answers", SimpleNamespace(enqueue=lambda *args, **kwargs: enqueued.append((args, kwargs))))
    client.force_login(editor)
    html = client.post(reverse("consultations_admin:sync_survey_answers", args=[consultation.pk]), follow=True).content.decode()
    assert "Dodano do uwag 3 odpowiedzi otwarte z ankiet." in html
    assert "Pozostałe odpowiedzi otwarte są dodawane w tle: odśwież listę za minutę." in html
    assert Remark.objects.count() == 3  # the request did one batch only
    assert enqueued == [((consultation.pk,), {"user_id": editor.pk})]
    assert task.call(consultation.pk, user_id=editor.pk) == 1  # what the worker then does
    entries = PageLogEntry.objects.filter(action="consultations.survey_answers_synced").order_by("pk")
    assert [(entry.user_id, entry.data["added"]) for entry in entries] == [(editor.pk, 3), (editor.pk, 1)]


def test_the_button_is_not_there_for_authors(client, consultation, survey, author):
    survey, version = survey
    add_response(survey, version, {"co": "Ławki."})
    client.force_login(author)
    assert client.post(reverse("consultations_admin:sync_survey_answers", args=[consultation.pk])).status_code == 404
    assert not Remark.objects.exists()


def test_the_hourly_job_enqueues_open_and_closed_consultations_with_surveys(consultation, survey):
    from tests.factories import ConsultationFactory

    survey, version = survey
    add_response(survey, version, {"co": "Z zadania."})
    announced = ConsultationFactory(title="Zapowiedziane", status="announced")
    make_survey(announced, QUESTIONS, title="Ankieta zapowiedziana")
    closed = ConsultationFactory(title="Zamknięte", status="closed")
    make_survey(closed, QUESTIONS, title="Ankieta zamknięta")
    ConsultationFactory(title="Bez ankiet", status="open")
    assert list(selectors.consultations_to_sync()) == sorted([consultation.pk, closed.pk])
    assert tasks.enqueue_survey_syncs() == 2  # the test settings run tasks at once
    assert Remark.objects.get().text == "Z zadania."
    assert tasks.sync_survey_answers.call(consultation.pk) == 0
    assert tasks.sync_survey_answers.call(999_999) == 0
