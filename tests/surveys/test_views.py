"""The public survey pages through Django's test client: the multi-page flow without JavaScript, every refusal
(HTTP 400 with a Polish error summary, nothing stored), faults, and the cost of the pages."""

import re
import uuid
from unittest import mock

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from surveys import services
from surveys.models import Answer, ParticipationMode, Response, SurveyStatus

from .conftest import file_bytes, make_survey, question
from .test_antibot import solved

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


@pytest.fixture(autouse=True)
def _small_work(settings):
    settings.DIALOG_ALTCHA_MAX_NUMBER = 2000


def form_state(response) -> dict:
    html = response.content.decode()
    return {
        "attempt": re.search(r'name="attempt" value="([^"]+)"', html).group(1),
        "page": re.search(r'name="page" value="(\d+)"', html).group(1),
    }


def summary(response) -> list[str]:
    html = response.content.decode()
    block = re.search(r'<div class="error-summary".*?</div>', html, re.S)
    assert block, "no error summary on the page"
    return re.findall(r"<li>(.*?)</li>", block.group(0), re.S)


def start(client, survey):
    return form_state(client.get(survey.get_absolute_url()))


def test_a_resident_answers_two_pages_meets_an_error_goes_back_and_sends(client, two_page_survey):
    url = two_page_survey.get_absolute_url()
    page = client.get(url)
    assert page.status_code == 200 and "Strona 1 z 2" in page.content.decode()
    state = form_state(page)

    refused = client.post(url, {**state, "q_przystanek": "wiata"})
    assert refused.status_code == 400
    assert summary(refused) == ['<a href="#id_q_dojazd_0">Odpowiedz na pytanie „Jak dojeżdżasz?”.</a>']
    assert 'value="wiata"' in refused.content.decode()  # what was typed stays
    assert 'aria-invalid="true"' in refused.content.decode()

    moved = client.post(url, {**state, "q_dojazd": "tramwajem", "q_przystanek": "wiata"})
    assert moved.status_code == 302 and moved["Location"] == f"{url}?strona=2"
    back = client.get(f"{url}?strona=1")  # the browser's back button, or the "Previous page" link
    assert re.search(r'value="tramwajem" id="id_q_dojazd_0" checked', back.content.decode())
    second = client.get(f"{url}?strona=2")
    assert "Poprzednia strona" in second.content.decode() and "Wyślij odpowiedzi" in second.content.decode()

    sent = client.post(url, {**form_state(second), "q_ocena": "5", "altcha": solved()})
    assert sent.status_code == 302 and sent["Location"].endswith("/dziekujemy/")
    response = Response.objects.get()
    assert not response.unverified and response.proof
    assert sorted(Answer.objects.values_list("text", flat=True)) == ["5", "tramwajem", "wiata"]
    assert "Twoja odpowiedź na ankietę" in client.get(sent["Location"]).content.decode()
    assert client.get(url).content.decode().count("checked") == 0  # a new attempt starts empty


def test_pages_cannot_be_skipped(client, two_page_survey):
    url = two_page_survey.get_absolute_url()
    assert client.get(f"{url}?strona=2")["Location"] == f"{url}?strona=1"
    assert client.get(f"{url}?strona=abc").status_code == 200


def test_a_tampered_page_or_attempt_stores_nothing(client, two_page_survey):
    url = two_page_survey.get_absolute_url()
    state = start(client, two_page_survey)
    assert client.post(url, {**state, "page": "7", "q_dojazd": "rowerem"}).status_code == 400
    refused = client.post(url, {"attempt": str(uuid.uuid4()), "page": "1", "q_dojazd": "rowerem"})
    assert refused.status_code == 400 and "Zacznij od pierwszej strony." in summary(refused)[0]
    assert Response.objects.count() == 0


FOREIGN = "Formularz zawiera pytanie, którego nie ma na tej stronie ankiety. Odśwież stronę i wypełnij ją ponownie."


def test_help_text_is_shown_and_read_out_with_its_field_or_fieldset(client):
    survey = make_survey([
        question("dojazd", "single", config={"choices": ["tramwajem", "rowerem"]}) | {"help_text": "Wybierz najczęstszy sposób."},
        question("uwagi", "text", config={"max_length": 100}) | {"help_text": "Np. brak ławek przy placu zabaw."},
        question("zdjecie", "file", config={"types": ["pdf"]}) | {"help_text": "Skan albo zdjęcie pisma."},
        question("wiek", "number"),
    ])
    html = client.get(survey.get_absolute_url()).content.decode()
    for name, text in [("dojazd", "Wybierz najczęstszy sposób."), ("uwagi", "Np. brak ławek przy placu zabaw."),
                       ("zdjecie", "Skan albo zdjęcie pisma.")]:
        assert f'<p class="hint" id="id_q_{name}_helptext">{text}</p>' in html
    fieldset = re.search(r'<fieldset[^>]*id="question-dojazd"[^>]*>', html).group(0)
    assert re.search(r'aria-describedby="[^"]*\bid_q_dojazd_helptext\b', fieldset)
    for name in ("uwagi", "zdjecie"):
        field = re.search(rf'<(?:input|textarea)[^>]*id="id_q_{name}"[^>]*>', html).group(0)
        assert re.search(rf'aria-describedby="[^"]*\bid_q_{name}_helptext\b', field), field
    assert "id_q_wiek_helptext" not in html  # no help text, no empty hint nor a reference to one


def test_a_question_that_is_not_on_the_page_is_refused_with_a_polish_summary(client, two_page_survey):
    url = two_page_survey.get_absolute_url()
    state = start(client, two_page_survey)
    refused = client.post(url, {**state, "q_dojazd": "rowerem", "q_ocena": "5"})  # "ocena" is on page 2
    assert refused.status_code == 400 and summary(refused) == [FOREIGN]
    assert client.get(f"{url}?strona=2")["Location"] == f"{url}?strona=1"  # the page was not kept

    state = finish_first_page(client, two_page_survey)
    refused = client.post(url, {**state, "q_ocena": "3", "q_nieistniejace": "x", "altcha": solved()})
    assert refused.status_code == 400 and summary(refused) == [FOREIGN]
    assert Response.objects.count() == 0 and Answer.objects.count() == 0
    assert client.post(url, {**state, "q_ocena": "3"}).status_code == 302  # the page as drawn still goes through
    assert Response.objects.count() == 1


def test_every_answer_field_a_page_draws_is_one_the_page_accepts(client, districts):
    """The names come from the templates, the allowed ones from the questions: the two must agree for every type."""
    from surveys.forms import SurveyPageForm
    from surveys.questions import FIELD_PREFIX

    from .conftest import every_type_questions

    survey = make_survey(every_type_questions())
    html = client.get(survey.get_absolute_url()).content.decode()
    drawn = set(re.findall(rf'name="({FIELD_PREFIX}[^"]+)"', html))
    assert {"q_dojazd_other", "q_priorytety_2", "q_stan_1", "q_miejsce_lng", "q_zdjecie"} <= drawn
    form = SurveyPageForm({}, version=survey.versions.get(), page=1)
    assert drawn <= form.answer_names


def finish_first_page(client, survey):
    state = start(client, survey)
    client.post(survey.get_absolute_url(), {**state, "q_dojazd": "rowerem"})
    return form_state(client.get(f"{survey.get_absolute_url()}?strona=2"))


def test_sending_twice_stores_once(client, two_page_survey):
    state = finish_first_page(client, two_page_survey)
    data = {**state, "q_ocena": "3"}
    first = client.post(two_page_survey.get_absolute_url(), data)
    again = client.post(two_page_survey.get_absolute_url(), data)
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert Response.objects.count() == 1


def test_a_closed_survey_refuses_the_last_page_with_a_polish_summary(client, two_page_survey):
    state = finish_first_page(client, two_page_survey)
    two_page_survey.status = SurveyStatus.CLOSED
    two_page_survey.save()
    refused = client.post(two_page_survey.get_absolute_url(), {**state, "q_ocena": "3"})
    assert refused.status_code == 400
    assert summary(refused) == ["Ta ankieta nie przyjmuje teraz odpowiedzi. Twoje odpowiedzi nie zostały zapisane."]
    assert Response.objects.count() == 0
    assert "nie przyjmuje teraz odpowiedzi" in client.get(two_page_survey.get_absolute_url()).content.decode()


def test_a_draft_is_not_public(client, two_page_survey):
    two_page_survey.status = SurveyStatus.DRAFT
    two_page_survey.save()
    assert client.get(two_page_survey.get_absolute_url()).status_code == 404


def test_a_replayed_altcha_solution_is_refused(client, two_page_survey):
    payload = solved()
    state = finish_first_page(client, two_page_survey)
    assert client.post(two_page_survey.get_absolute_url(), {**state, "q_ocena": "3", "altcha": payload}).status_code == 302
    state = finish_first_page(client, two_page_survey)
    refused = client.post(two_page_survey.get_absolute_url(), {**state, "q_ocena": "4", "altcha": payload})
    assert refused.status_code == 400
    assert summary(refused) == ['<a href="#id_altcha">Ta kontrola antyrobotowa została już użyta. Wyślij formularz jeszcze raz.</a>']
    assert Response.objects.count() == 1


def test_without_javascript_a_response_is_accepted_unverified_within_a_stricter_limit(client, two_page_survey, settings):
    settings.DIALOG_ANTIBOT_UNVERIFIED_LIMIT = 1
    state = finish_first_page(client, two_page_survey)
    assert client.post(two_page_survey.get_absolute_url(), {**state, "q_ocena": "3"}).status_code == 302
    assert Response.objects.get().unverified
    state = finish_first_page(client, two_page_survey)
    limited = client.post(two_page_survey.get_absolute_url(), {**state, "q_ocena": "3"})
    assert limited.status_code == 429 and "Zbyt wiele formularzy" in summary(limited)[0]
    assert Response.objects.count() == 1
    assert client.post(two_page_survey.get_absolute_url(), {**state, "q_ocena": "3", "altcha": solved()}).status_code == 302


def test_a_database_fault_shows_a_retry_message_and_the_retry_stores_once(client, two_page_survey):
    state = finish_first_page(client, two_page_survey)
    data = {**state, "q_ocena": "3", "altcha": ""}
    with mock.patch.object(services, "_insert_answers", side_effect=DatabaseError("connection lost")):
        failed = client.post(two_page_survey.get_absolute_url(), data)
    assert failed.status_code == 503
    assert "Nic nie zostało zapisane" in summary(failed)[0]
    assert Response.objects.count() == 0
    assert client.post(two_page_survey.get_absolute_url(), data).status_code == 302
    assert Response.objects.count() == 1 and Answer.objects.count() == 2


@pytest.fixture
def file_survey(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_survey([question("zdjecie", "file", required=True, config={"types": ["pdf"], "max_mb": 1}, text="Zdjęcie")])


def test_a_file_of_the_wrong_type_comes_back_with_the_summary(client, file_survey, tmp_path):
    state = start(client, file_survey)
    refused = client.post(file_survey.get_absolute_url(), {**state, "q_zdjecie": SimpleUploadedFile("a.png", file_bytes("png"))})
    assert refused.status_code == 400
    assert summary(refused) == ['<a href="#id_q_zdjecie">Plik do pytania „Zdjęcie” musi być jednym z: pdf.</a>']
    assert Response.objects.count() == 0 and not list(tmp_path.rglob("*.*"))
    sent = client.post(file_survey.get_absolute_url(), {**state, "q_zdjecie": SimpleUploadedFile("a.pdf", file_bytes("pdf"))})
    assert sent.status_code == 302
    assert Answer.objects.get().value["file"].startswith("surveys/uploads/")


def test_over_long_text_is_refused(client, two_page_survey):
    state = finish_first_page(client, two_page_survey)
    refused = client.post(two_page_survey.get_absolute_url(), {**state, "q_ocena": "3", "q_uwagi": "x" * 101})
    assert refused.status_code == 400 and "najwyżej 100 znaków" in summary(refused)[0]
    assert Response.objects.count() == 0


# ------------------------------------------------------------------ verified e-mail and codes

def test_email_mode_sends_a_link_that_confirms_with_a_button(client, django_capture_on_commit_callbacks):
    survey = make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})], mode=ParticipationMode.EMAIL)
    state = start(client, survey)
    missing = client.post(survey.get_absolute_url(), {**state, "q_ocena": "2"})
    assert missing.status_code == 400 and summary(missing) == ['<a href="#id_email">Podaj swój adres e-mail.</a>']
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(survey.get_absolute_url(), {**state, "q_ocena": "2", "email": "ewa@example.org"})
    assert "wysłaliśmy Ci e-mail z linkiem" in client.get(sent["Location"]).content.decode()
    link = re.search(r"https?://[^/\s]+(/ankiety/potwierdzenie/[^/\s]+/)", mail.outbox[0].body).group(1)
    assert not Response.objects.get().counts
    assert client.get(link).status_code == 200 and not Response.objects.get().counts  # a mail scanner opening it confirms nothing
    assert client.post(link).status_code == 200 and Response.objects.get().counts


def test_code_mode_refuses_a_wrong_code_on_the_field(client):
    survey = make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})], mode=ParticipationMode.CODE)
    code = services.generate_codes(survey=survey, count=1, batch="Spotkanie", user=None)[0]
    state = start(client, survey)
    refused = client.post(survey.get_absolute_url(), {**state, "q_ocena": "2", "code": "ZZZ-ZZZ-ZZZ"})
    assert refused.status_code == 400 and summary(refused)[0].startswith('<a href="#id_code">')
    assert client.post(survey.get_absolute_url(), {**state, "q_ocena": "2", "code": code.code}).status_code == 302
    assert Response.objects.get().code == code


def test_the_confirmation_e_mail_speaks_the_language_of_the_pages(client, django_capture_on_commit_callbacks):
    survey = make_survey([question("ocena", "scale", required=True, config={"min": 1, "max": 5})], mode=ParticipationMode.EMAIL)
    url = f"/uk{survey.get_absolute_url()}"
    state = form_state(client.get(url))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {**state, "q_ocena": "2", "email": "olena@example.org"}).status_code == 302
    assert mail.outbox[0].subject.startswith("Підтвердіть свою відповідь")
    link = re.search(r"https?://[^/\s]+(/uk/ankiety/potwierdzenie/[^/\s]+/)", mail.outbox[0].body).group(1)
    assert client.post(link).status_code == 200 and Response.objects.get().counts


# ------------------------------------------------------------------ listing and cost

def test_the_last_page_reads_no_version_districts_or_earlier_response(client, districts):
    """The version the attempt started with and the district list come from memory; a first submission looks for
    no earlier response: the survey, the session, two inserts (the response's looks up the code) and the session's update."""
    survey = make_survey([
        question("dzielnica", "district", required=True), question("ocena", "scale", required=True, config={"min": 1, "max": 5}),
    ], mode=ParticipationMode.CODE)
    code = services.generate_codes(survey=survey, count=1, batch="Spotkanie", user=None)[0]
    state = start(client, survey)
    data = {**state, "q_dzielnica": str(districts[0].pk), "q_ocena": "4", "code": code.code}
    with CaptureQueriesContext(connection) as queries:
        assert client.post(survey.get_absolute_url(), data).status_code == 302
    tables = [re.search(r'(?:FROM|INTO|UPDATE) "(\w+)"', query["sql"]).group(1) for query in queries.captured_queries if "SAVEPOINT" not in query["sql"]]
    assert tables == ["surveys_survey", "django_session", "surveys_response", "surveys_answer", "django_session"]
    assert Answer.objects.get(response__code=code, text="4")


def test_the_last_page_writes_the_session_in_one_statement_without_a_transaction_of_its_own(client, two_page_survey):
    """The answers are stored first; the session then forgets the attempt with a single UPDATE (no savepoint or
    transaction around it), and the thank-you page and a fresh attempt still follow from it."""
    state = finish_first_page(client, two_page_survey)
    with CaptureQueriesContext(connection) as queries:
        sent = client.post(two_page_survey.get_absolute_url(), {**state, "q_ocena": "3"})
    assert sent.status_code == 302
    statements = [query["sql"].removeprefix("QUERY = ") for query in queries.captured_queries]  # prepared: QUERY = '…'
    after_answers = statements[next(i for i, sql in enumerate(statements) if '"surveys_answer"' in sql) + 1:]
    # the test's own transaction turns the submission's into a savepoint, released once the answers are in
    assert [sql.split()[0].strip("'") for sql in after_answers] == ["RELEASE", "UPDATE"]
    assert '"django_session"' in after_answers[1]
    assert client.get(sent["Location"]).status_code == 200  # the thank-you page found the response in the session
    assert form_state(client.get(two_page_survey.get_absolute_url()))["attempt"] != state["attempt"]


def test_the_listing_shows_open_surveys_only(client, two_page_survey):
    make_survey([question("x", "text")], title="Zamknięta ankieta", status=SurveyStatus.CLOSED)
    page = client.get("/ankiety/").content.decode()
    assert two_page_survey.title in page and "Zamknięta ankieta" not in page


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_survey_page_costs_the_same_with_many_responses(client, two_page_survey):
    url = two_page_survey.get_absolute_url()
    _queries(client, url)  # the session exists from here on
    few = _queries(client, url)
    version = two_page_survey.versions.get()
    for _ in range(30):
        services.submit_response(survey=two_page_survey, version=version, answers={"dojazd": {"choice": "rowerem"}, "ocena": 1},
                                 idempotency_key=uuid.uuid4(), source="online")
    assert _queries(client, url) == few <= 12


def test_the_listing_costs_the_same_with_many_surveys(client, two_page_survey):
    _queries(client, "/ankiety/")
    few = _queries(client, "/ankiety/")
    for n in range(15):
        make_survey([question("x", "text")], title=f"Ankieta {n}")
    assert _queries(client, "/ankiety/") == few <= 12


def test_a_consultation_lists_its_open_surveys_and_a_closed_consultation_none(client, site_tree):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import ConsultationFactory

    consultation = ConsultationFactory(status="open", starts_at=timezone.now() - dt.timedelta(days=1))
    survey = make_survey([question("x", "text")], title="Ankieta konsultacji", consultation=consultation)
    make_survey([question("x", "text")], title="Inna ankieta")
    html = client.get(consultation.url).content.decode()  # the consultation's page lists its open surveys
    assert survey.get_absolute_url() in html and "Inna ankieta" not in html
    assert "Ankieta konsultacji" in client.get("/ankiety/").content.decode()
    consultation.status = "closed"
    consultation.save_revision().publish()
    assert "Ankieta konsultacji" not in client.get(consultation.url).content.decode()
    assert "Ankieta konsultacji" not in client.get("/ankiety/").content.decode()
    assert "nie przyjmuje teraz odpowiedzi" in client.get(survey.get_absolute_url()).content.decode()
