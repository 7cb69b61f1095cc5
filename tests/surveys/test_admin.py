"""Staff side: the survey list with counts, the editor's extra views (preview, codes, paper), and who may use them."""

import re
import uuid

import pytest

from core.roles import PARTNER, REDAKTOR
from surveys import services
from surveys.models import ParticipationMode, Question, Response, ResponseSource, SurveyCode
from tests.factories import UserFactory

from .conftest import make_survey, question

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


@pytest.fixture
def editor(site_tree, client):
    user = UserFactory(groups=[REDAKTOR])
    client.force_login(user)
    return user


@pytest.fixture
def code_survey(db):
    return make_survey([
        question("ocena", "scale", required=True, config={"min": 1, "max": 5}, text="Jak oceniasz park?"),
        question("uwagi", "text", page=2, text="Uwagi"),
    ], mode=ParticipationMode.CODE)


def test_the_list_shows_response_counts(editor, client, code_survey):
    version = code_survey.versions.get()
    for source in (ResponseSource.PAPER, ResponseSource.PAPER):
        services.submit_response(survey=code_survey, version=version, answers={"ocena": 2}, idempotency_key=uuid.uuid4(),
                                 source=source, entered_by=editor)
    page = client.get("/admin/ankiety/")
    assert page.status_code == 200
    assert re.search(r">\s*2\s*<", page.content.decode())


def test_saving_in_the_editor_makes_a_new_version_only_when_questions_change(editor, client, code_survey):
    assert client.get(f"/admin/ankiety/edit/{code_survey.pk}/").status_code == 200
    Question.objects.filter(survey=code_survey, code="uwagi").update(text="Co jeszcze?")
    assert services.current_version(survey=code_survey).number == 2
    assert services.current_version(survey=code_survey).number == 2


def test_preview_shows_every_page_and_cannot_send(editor, client, code_survey):
    page = client.get(f"/admin/ankiety/{code_survey.pk}/podglad/").content.decode()
    assert "Jak oceniasz park?" in page and "Uwagi" in page and "Strona 2 z 2" in page
    assert 'type="submit"' not in page.split('<main')[1]


def test_codes_are_generated_and_printed(editor, client, code_survey):
    sent = client.post(f"/admin/ankiety/{code_survey.pk}/kody/", {"count": "12", "batch": "Spotkanie w Podgórzu"})
    assert sent.status_code == 302
    printout = client.get(sent["Location"]).content.decode()
    codes = SurveyCode.objects.filter(survey=code_survey)
    assert codes.count() == 12 and all(code.code in printout for code in codes)
    assert client.post(f"/admin/ankiety/{code_survey.pk}/kody/", {"count": "0", "batch": "x"}).status_code == 400


def test_a_paper_response_is_typed_in_once(editor, client, code_survey):
    form = client.get(f"/admin/ankiety/{code_survey.pk}/papier/").content.decode()
    key = re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)
    refused = client.post(f"/admin/ankiety/{code_survey.pk}/papier/", {"idempotency_key": key, "q_uwagi": "x"})
    assert refused.status_code == 400 and Response.objects.count() == 0
    data = {"idempotency_key": key, "q_ocena": "4", "q_uwagi": "Więcej ławek", "paper_reference": "P-3"}
    assert client.post(f"/admin/ankiety/{code_survey.pk}/papier/", data).status_code == 302
    assert client.post(f"/admin/ankiety/{code_survey.pk}/papier/", data).status_code == 302  # a double click
    response = Response.objects.get()
    assert (response.source, response.entered_by, response.paper_reference) == ("paper", editor, "P-3")


def test_partners_get_nothing(site_tree, client, code_survey):
    client.force_login(UserFactory(groups=[PARTNER]))
    for url in (f"/admin/ankiety/{code_survey.pk}/podglad/", f"/admin/ankiety/{code_survey.pk}/kody/", f"/admin/ankiety/{code_survey.pk}/papier/"):
        assert client.get(url).status_code == 404
    assert client.get("/admin/ankiety/").status_code in (302, 403)


def _editor_post(questions: list[dict]) -> dict:
    data = {
        "title": "Ankieta o skwerze", "intro": "", "consultation": "", "status": "open", "mode": "open",
        "opens_at": "", "closes_at": "",
        "questions-TOTAL_FORMS": str(len(questions)), "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "1", "questions-MAX_NUM_FORMS": "1000",
    }
    for index, fields in enumerate(questions):
        row = {"id": "", "ORDER": str(index + 1), "DELETE": "", "page": "1", "help_text": "", "show_if_code": "", "show_if_value": "", "config": "{}"} | fields
        data |= {f"questions-{index}-{name}": value for name, value in row.items()}
    return data


def test_building_a_survey_in_the_editor_checks_codes_conditions_and_settings(editor, client):
    from surveys.models import Survey

    bad = client.post("/admin/ankiety/new/", _editor_post([
        {"code": "a", "kind": "single", "text": "Pierwsze?", "config": '{"choices": ["tak"]}'},
        {"code": "a", "kind": "text", "text": "Drugie?", "show_if_code": "zzz"},
    ]))
    assert bad.status_code == 200 and Survey.objects.count() == 0
    html = bad.content.decode()
    assert "Podaj „choices”" in html and "Inne pytanie ma już ten kod." in html and "Podaj kod pytania umieszczonego wcześniej" in html
    good = client.post("/admin/ankiety/new/", _editor_post([
        {"code": "dojazd", "kind": "single", "text": "Jak dojeżdżasz?", "config": '{"choices": ["tramwajem", "rowerem"]}', "required": "on"},
        {"code": "przystanek", "kind": "text", "text": "Czego brakuje?", "page": "2", "show_if_code": "dojazd", "show_if_value": "tramwajem"},
    ]))
    assert good.status_code == 302
    survey = Survey.objects.get()
    version = survey.versions.get()
    assert [q["code"] for q in version.questions] == ["dojazd", "przystanek"]
    assert version.questions[1]["show_if"] == {"code": "dojazd", "value": "tramwajem"}
