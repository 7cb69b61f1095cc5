"""Writes of surveys: exactly once, all or nothing, versions, and the four ways a response comes in."""

import datetime as dt
import re
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry

from surveys import services
from surveys.models import Answer, ParticipationMode, Question, Response, ResponseSource, SurveyCode, SurveyStatus
from tests.factories import ConsultationFactory, UserFactory

from .conftest import make_survey, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]

ANSWERS = {"dojazd": {"choice": "rowerem"}, "ocena": 4}


def submit(survey, answers=None, **kwargs):
    kwargs.setdefault("idempotency_key", uuid.uuid4())
    kwargs.setdefault("source", ResponseSource.ONLINE)
    return services.submit_response(
        survey=survey, version=survey.versions.get(), answers=ANSWERS if answers is None else answers, **kwargs,
    )


def test_a_response_is_stored_with_all_its_answers(two_page_survey):
    result = submit(two_page_survey, unverified=True)
    assert result.created
    response = Response.objects.get()
    assert response.unverified and response.source == ResponseSource.ONLINE
    keys = {q["code"]: q["key"] for q in two_page_survey.versions.get().questions}
    assert {(str(a.question_key), a.text) for a in Answer.objects.all()} == {(keys["dojazd"], "rowerem"), (keys["ocena"], "4")}


def test_the_same_idempotency_key_stores_once(two_page_survey):
    key = uuid.uuid4()
    first = submit(two_page_survey, idempotency_key=key)
    second = submit(two_page_survey, idempotency_key=key)
    assert (first.created, second.created) == (True, False)
    assert second.response == first.response and Response.objects.count() == 1


def test_nothing_is_stored_when_the_database_fails_midway(two_page_survey):
    with mock.patch.object(services, "_insert_answers", side_effect=DatabaseError("connection lost")), pytest.raises(DatabaseError):
        submit(two_page_survey)
    assert Response.objects.count() == 0 and Answer.objects.count() == 0


@pytest.mark.parametrize(("answers", "code"), [
    ({"dojazd": {"choice": "rowerem"}}, "missing_answers"),  # "ocena" is required
    ({**ANSWERS, "obce": "x"}, "invalid_answers"),  # a question this version does not have
    ({**ANSWERS, "przystanek": "wiata"}, "invalid_answers"),  # its condition is not met
    ({**ANSWERS, "ocena": None}, "invalid_answers"),  # an answer left out is absent; None would be stored as JSON null
])
def test_answers_that_do_not_fit_the_version_are_refused(two_page_survey, answers, code):
    with pytest.raises(services.SubmissionRefused) as refused:
        submit(two_page_survey, answers)
    assert refused.value.code == code and Response.objects.count() == 0


def test_a_closed_or_draft_survey_refuses_answers(two_page_survey):
    for status in (SurveyStatus.CLOSED, SurveyStatus.DRAFT):
        two_page_survey.status = status
        two_page_survey.save()
        with pytest.raises(services.SubmissionRefused) as refused:
            submit(two_page_survey)
        assert refused.value.message == "Ta ankieta nie przyjmuje teraz odpowiedzi. Twoje odpowiedzi nie zostały zapisane."
    two_page_survey.status = SurveyStatus.OPEN
    two_page_survey.closes_at = timezone.now() - dt.timedelta(minutes=1)
    two_page_survey.save()
    with pytest.raises(services.SubmissionRefused):
        submit(two_page_survey)


def test_a_survey_of_a_consultation_follows_its_status_and_dates(site_tree):
    consultation = ConsultationFactory(status="open", starts_at=timezone.now() - dt.timedelta(days=1))
    survey = make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})], consultation=consultation)
    assert survey.is_open()
    submit(survey, {"ocena": 3})
    consultation.status = "closed"
    consultation.save_revision().publish()
    survey.refresh_from_db()
    assert not survey.is_open()
    with pytest.raises(services.SubmissionRefused):
        submit(survey, {"ocena": 3})
    future = ConsultationFactory(status="open", starts_at=timezone.now() + dt.timedelta(days=3))
    assert not make_survey([question("x", "text")], consultation=future).is_open()


# ------------------------------------------------------------------ versions

def test_editing_questions_after_responses_makes_a_new_version_and_keeps_the_old(two_page_survey):
    submit(two_page_survey)
    v1 = two_page_survey.versions.get()
    assert services.current_version(survey=two_page_survey) == v1  # nothing changed: no new version
    Question.objects.filter(survey=two_page_survey, code="ocena").update(text="Jak oceniasz skwer?", config={"min": 1, "max": 3})
    v2 = services.current_version(survey=two_page_survey)
    assert v2.number == 2
    v1.refresh_from_db()
    assert next(q for q in v1.questions if q["code"] == "ocena")["text"] == "Jak oceniasz park?"
    assert Response.objects.get().version == v1
    # someone who started on version 1 still finishes on it
    services.submit_response(survey=two_page_survey, version=v1, answers={"dojazd": {"choice": "rowerem"}, "ocena": 5},
                             idempotency_key=uuid.uuid4(), source=ResponseSource.ONLINE)
    assert Response.objects.filter(version=v1).count() == 2


# ------------------------------------------------------------------ open mode: one proof, one response

def test_the_same_altcha_proof_cannot_make_two_responses(two_page_survey):
    submit(two_page_survey, proof="a" * 64)
    with pytest.raises(services.SubmissionRefused) as refused:
        submit(two_page_survey, proof="a" * 64)
    assert refused.value.code == "replayed" and Response.objects.count() == 1


# ------------------------------------------------------------------ verified e-mail

@pytest.fixture
def email_survey(db):
    return make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})], mode=ParticipationMode.EMAIL)


def send_by_email(survey, email, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return submit(survey, {"ocena": 4}, source=ResponseSource.EMAIL, email=email, **kwargs)


def test_email_mode_stores_a_keyed_hash_never_the_address_and_sends_a_signed_link(email_survey, django_capture_on_commit_callbacks, client):
    response = send_by_email(email_survey, "Anna.Nowak@example.org", django_capture_on_commit_callbacks).response
    stored = Response.objects.filter(pk=response.pk).values()[0]
    assert "anna" not in str(stored).lower() and len(response.email_hash) == 64
    assert not response.counts
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Anna.Nowak@example.org"]
    assert mail.outbox[0].subject == "Potwierdź swoją odpowiedź w ankiecie: Ankieta o zieleni na osiedlu"
    body = mail.outbox[0].body
    assert "anna" not in body.lower().split("http")[1]  # the link names the response, not the address
    token = body.split("/ankiety/potwierdzenie/")[1].split("/")[0]
    assert services.confirm_email(token=token) == response
    response.refresh_from_db()
    assert response.counts
    assert services.confirm_email(token=token + "x") is None


def test_one_confirmed_response_per_address(email_survey, django_capture_on_commit_callbacks):
    first = send_by_email(email_survey, "jan@example.org", django_capture_on_commit_callbacks).response
    services.confirm_email(token=services.confirmation_token(first))
    with pytest.raises(services.SubmissionRefused) as refused:
        send_by_email(email_survey, " JAN@example.org ", django_capture_on_commit_callbacks)
    assert refused.value.code == "already_answered" and Response.objects.count() == 1


def test_an_unconfirmed_response_is_replaced_by_a_newer_one_from_the_same_address(email_survey, django_capture_on_commit_callbacks):
    first = send_by_email(email_survey, "jan@example.org", django_capture_on_commit_callbacks).response
    second = send_by_email(email_survey, "jan@example.org", django_capture_on_commit_callbacks).response
    assert list(Response.objects.all()) == [second]
    assert services.confirm_email(token=services.confirmation_token(first)) is None
    assert len(mail.outbox) == 2


def test_an_email_response_sent_twice_keeps_the_first_and_its_link(email_survey, django_capture_on_commit_callbacks):
    key = uuid.uuid4()
    first = send_by_email(email_survey, "jan@example.org", django_capture_on_commit_callbacks, idempotency_key=key)
    again = send_by_email(email_survey, "jan@example.org", django_capture_on_commit_callbacks, idempotency_key=key)
    assert first.created and not again.created and again.response == first.response
    assert list(Response.objects.all()) == [first.response] and len(mail.outbox) == 1


@pytest.mark.parametrize(("language", "subject", "prefix"), [
    ("pl", "Potwierdź swoją odpowiedź w ankiecie", "/ankiety/"),
    ("en", "Confirm your response to the survey", "/en/ankiety/"),
    ("uk", "Підтвердіть свою відповідь в опитуванні", "/uk/ankiety/"),
])
def test_the_confirmation_is_sent_in_the_language_the_resident_answered_in(email_survey, django_capture_on_commit_callbacks, language, subject, prefix):
    with translation.override(language):
        send_by_email(email_survey, "ewa@example.org", django_capture_on_commit_callbacks)
    message = mail.outbox[0]
    assert message.subject.startswith(subject)
    assert f"{prefix}potwierdzenie/" in message.body
    assert ("Link działa przez" in message.body) == (language == "pl")


def test_email_mode_needs_an_address(email_survey):
    with pytest.raises(services.SubmissionRefused) as refused:
        submit(email_survey, {"ocena": 4}, source=ResponseSource.EMAIL)
    assert refused.value.code == "email_required"


# ------------------------------------------------------------------ printed codes

@pytest.fixture
def code_survey(db):
    return make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})], mode=ParticipationMode.CODE)


def test_codes_are_generated_unique_readable_and_logged(code_survey):
    user = UserFactory()
    codes = services.generate_codes(survey=code_survey, count=30, batch="Spotkanie w Nowej Hucie", user=user)
    assert SurveyCode.objects.filter(survey=code_survey).count() == 30 == len({code.code for code in codes})
    assert all(len(code.code) == 11 and set(code.code) <= set(services.CODE_ALPHABET + "-") for code in codes)
    assert ModelLogEntry.objects.filter(action="surveys.codes_generated", user=user).count() == 1


def test_a_code_answers_once(code_survey):
    code = services.generate_codes(survey=code_survey, count=1, batch="Spotkanie", user=None)[0]
    typed = code.code.lower().replace("-", " ")  # as people type it from paper
    submit(code_survey, {"ocena": 2}, source=ResponseSource.CODE, code=typed)
    assert Response.objects.get().code == code
    with pytest.raises(services.SubmissionRefused) as refused:
        submit(code_survey, {"ocena": 2}, source=ResponseSource.CODE, code=code.code)
    assert refused.value.code == "used_code"
    with pytest.raises(services.SubmissionRefused) as refused:
        submit(code_survey, {"ocena": 2}, source=ResponseSource.CODE, code="AAA-AAA-AAA")
    assert refused.value.code == "wrong_code" and Response.objects.count() == 1


def test_a_code_sent_twice_with_the_same_attempt_returns_the_first_response(code_survey):
    code = services.generate_codes(survey=code_survey, count=1, batch="Spotkanie", user=None)[0]
    key = uuid.uuid4()
    first = submit(code_survey, {"ocena": 2}, source=ResponseSource.CODE, code=code.code, idempotency_key=key)
    again = submit(code_survey, {"ocena": 5}, source=ResponseSource.CODE, code=code.code, idempotency_key=key)
    assert first.created and not again.created and again.response == first.response
    assert list(Answer.objects.values_list("value", flat=True)) == [2]


def test_a_first_response_with_a_code_costs_two_inserts(code_survey):
    """The response's INSERT looks up the code itself; no query looks for an earlier response unless something refuses."""
    code = services.generate_codes(survey=code_survey, count=1, batch="Spotkanie", user=None)[0]
    version = code_survey.versions.get()
    with CaptureQueriesContext(connection) as captured:
        services.submit_response(survey=code_survey, version=version, answers={"ocena": 2}, idempotency_key=uuid.uuid4(),
                                 source=ResponseSource.CODE, code=code.code)
    # A statement PostgreSQL prepares is logged as "QUERY = '…' - PARAMS = …": its first SQL word tells what it is.
    statements = [re.search(r"[A-Z]+", query["sql"].removeprefix("QUERY = ")).group(0)
                  for query in captured.captured_queries if "SAVEPOINT" not in query["sql"]]
    assert statements == ["INSERT", "INSERT"]
    assert Response.objects.get().code == code


@pytest.mark.parametrize("code", ["", "---", " !? "])
def test_a_code_with_no_letters_or_digits_is_a_wrong_code(code_survey, code):
    """Such a code normalises to nothing; it must not store a "code" response without a code."""
    services.generate_codes(survey=code_survey, count=1, batch="Spotkanie", user=None)
    with pytest.raises(services.SubmissionRefused) as refused:
        submit(code_survey, {"ocena": 2}, source=ResponseSource.CODE, code=code)
    assert refused.value.code == "wrong_code" and not Response.objects.exists()


def test_a_code_of_another_survey_is_a_wrong_code(code_survey):
    other = make_survey([question("ocena", "scale", config={"min": 1, "max": 5})], mode=ParticipationMode.CODE, title="Inna ankieta")
    code = services.generate_codes(survey=other, count=1, batch="Inna", user=None)[0]
    with pytest.raises(services.SubmissionRefused) as refused:
        submit(code_survey, {"ocena": 2}, source=ResponseSource.CODE, code=code.code)
    assert refused.value.code == "wrong_code" and not Response.objects.exists()


# ------------------------------------------------------------------ paper

def test_a_paper_response_records_who_typed_it_and_is_logged_even_after_closing(two_page_survey):
    user = UserFactory()
    two_page_survey.status = SurveyStatus.CLOSED
    two_page_survey.save()
    submit(two_page_survey, source=ResponseSource.PAPER, entered_by=user, paper_reference="P-17")
    response = Response.objects.get()
    assert (response.source, response.entered_by, response.paper_reference) == (ResponseSource.PAPER, user, "P-17")
    entry = ModelLogEntry.objects.get(action="surveys.paper_response")
    assert entry.user == user and entry.data == {"response": response.pk, "paper_reference": "P-17"}


# ------------------------------------------------------------------ files of responses never sent

def test_abandoned_uploads_are_deleted_after_a_day_and_answered_ones_kept(two_page_survey, settings, tmp_path):
    import os

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    abandoned = default_storage.save("surveys/uploads/porzucony.pdf", ContentFile(b"%PDF-1"))
    fresh = default_storage.save("surveys/uploads/swiezy.pdf", ContentFile(b"%PDF-1"))
    answered = default_storage.save("surveys/uploads/wyslany.pdf", ContentFile(b"%PDF-1"))
    old = (timezone.now() - dt.timedelta(days=2)).timestamp()
    for name in (abandoned, answered):
        os.utime(tmp_path / name, (old, old))
    response = submit(two_page_survey).response
    Answer.objects.create(response=response, question_key=uuid.uuid4(), value={"file": answered, "name": "a.pdf"}, text="a.pdf")
    assert services.purge_abandoned_uploads(now=timezone.now()) == 1
    assert not default_storage.exists(abandoned) and default_storage.exists(fresh) and default_storage.exists(answered)


def test_the_cleanup_runs_periodically():
    from core.periodic import JOBS

    assert "survey_uploads" in {job.name for job in JOBS}


# ------------------------------------------------------------------ the rows as stored

def test_answers_of_every_type_read_back_as_given(districts):
    """Response and answers go in with plain SQL (one JSON list for all answers): every type's value, awkward
    characters included, reads back through the ORM as given, with the type's text."""
    from surveys.questions import answer_text

    from .conftest import every_type_questions

    old_town, _ = districts
    survey = make_survey(every_type_questions())
    answers = {
        "dzielnica": {"id": old_town.pk, "name": old_town.name}, "dojazd": {"other": 'hulajnogą "elektryczną"'},
        "zalety": {"choices": ["cisza", "zieleń"], "other": "ptaki\\sowy"}, "ocena": 5,
        "priorytety": ["drzewa", "ławki", "oświetlenie"], "stan": {"czystość": "dobrze"},
        "uwagi": "Więcej ławek,\nmniej 'betonu' – 100% zieleni 😊", "wiek": 30, "kiedy": "2026-03-01",
        "miejsce": {"address": "Rynek 1", "district": {"id": old_town.pk, "name": old_town.name}, "lat": "50.061400", "lng": "19.936600"},
        "zdjecie": {"file": "surveys/uploads/abc.jpg", "name": "zdjęcie.jpg", "size": 1234, "type": "jpg"},
    }
    key = uuid.uuid4()
    response = submit(survey, answers, idempotency_key=key, unverified=True).response
    stored = Response.objects.get()
    assert (stored.pk, stored.idempotency_key, stored.version, stored.unverified) == (response.pk, key, survey.versions.get(), True)
    assert stored.submitted_at == response.submitted_at and response.survey == survey
    questions = {q["code"]: q for q in survey.versions.get().questions}
    expected = {uuid.UUID(questions[code]["key"]): (value, answer_text(questions[code], value)) for code, value in answers.items()}
    assert {answer.question_key: (answer.value, answer.text) for answer in stored.answers.all()} == expected
