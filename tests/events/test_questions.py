"""The organiser's own questions: asked on the public form, checked by the service, stored with the wording as
answered, shown to staff and in the participants' XLSX; and the optional district of residence."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from events import services
from events.models import QuestionKind, Registration, RegistrationAnswer, RegistrationQuestion
from tests.factories import DistrictFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID = {"full_name": "Jan Kowalski", "email": "jan@example.org"}


@pytest.fixture
def questions(registration_settings):
    return {
        "diet": RegistrationQuestion.objects.create(
            registration_settings=registration_settings, sort_order=0, kind=QuestionKind.CHOICE, required=True,
            text="Jaki posiłek?", choices="Wegetariański\nZwykły\n", help_text="Podajemy obiad.",
        ),
        "photos": RegistrationQuestion.objects.create(
            registration_settings=registration_settings, sort_order=1, kind=QuestionKind.YES_NO, required=True,
            text="Czy zgadzasz się na zdjęcia?",
        ),
        "topic": RegistrationQuestion.objects.create(
            registration_settings=registration_settings, sort_order=2, kind=QuestionKind.TEXT, text="O czym chcesz mówić?",
        ),
    }


def field(question) -> str:
    return f"question_{question.pk}"


def answers_of(email: str) -> dict[str, str]:
    return dict(RegistrationAnswer.objects.filter(registration__email=email).values_list("question_text", "answer"))


def test_the_form_asks_the_questions_with_fieldsets_and_labels(client, event, questions, compiled_translations):
    html = client.get(event.url).content.decode()
    diet, photos, topic = questions["diet"], questions["photos"], questions["topic"]
    assert "<legend>Jaki posiłek?</legend>" in html
    assert f'<label for="id_{field(diet)}_0">Wegetariański</label>' in html
    assert "<legend>Czy zgadzasz się na zdjęcia?</legend>" in html and f'value="yes" id="id_{field(photos)}_0"' in html
    assert f'<label for="id_{field(topic)}">O czym chcesz mówić? (opcjonalnie)</label>' in html
    assert f'id="id_{field(diet)}_helptext">Podajemy obiad.' in html
    assert html.index("Jaki posiłek?") < html.index("Czy zgadzasz się") < html.index("O czym chcesz")  # the order set


def test_answers_are_stored_with_the_wording_as_asked(client, event, questions):
    district = DistrictFactory(name="Podgórze")
    response = client.post(reverse("events:register", args=[event.pk]), {
        **VALID, field(questions["diet"]): "Zwykły", field(questions["photos"]): "no",
        field(questions["topic"]): "  Zieleń przy szkole ", "district": district.pk,
    })
    assert response.status_code == 302
    assert answers_of("jan@example.org") == {
        "Jaki posiłek?": "Zwykły", "Czy zgadzasz się na zdjęcia?": "nie", "O czym chcesz mówić?": "Zieleń przy szkole",
    }
    assert Registration.objects.get().district == district

    # The organiser edits and deletes questions afterwards: what was answered stays as it was.
    questions["diet"].text, questions["diet"].choices = "Jaki napój?", "Kawa\nHerbata"
    questions["diet"].save()
    questions["photos"].delete()
    assert answers_of("jan@example.org")["Jaki posiłek?"] == "Zwykły"
    assert answers_of("jan@example.org")["Czy zgadzasz się na zdjęcia?"] == "nie"


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"photos": "yes"}, "Odpowiedz na pytanie „Jaki posiłek?”."),
        ({"diet": "Zwykły"}, "Odpowiedz na pytanie „Czy zgadzasz się na zdjęcia?”."),
        ({"diet": "Kawior", "photos": "yes"}, "Wybierz odpowiedź z listy na pytanie „Jaki posiłek?”."),
        ({"diet": "Zwykły", "photos": "może"}, "Wybierz odpowiedź z listy na pytanie „Czy zgadzasz się na zdjęcia?”."),
        ({"diet": "Zwykły", "photos": "yes", "topic": "x" * 1001}, "jest za długa"),
    ],
)
def test_missing_or_tampered_answers_are_refused_in_polish_and_kept(client, event, questions, answers, message, compiled_translations):
    data = {**VALID, **{field(questions[key]): value for key, value in answers.items()}}
    response = client.post(reverse("events:register", args=[event.pk]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and message in html
    assert Registration.objects.count() == 0 and RegistrationAnswer.objects.count() == 0
    if "diet" in answers and answers["diet"] == "Zwykły":
        assert f'value="Zwykły" id="id_{field(questions["diet"])}_1" checked' in html  # the answer is kept


def test_the_error_summary_links_to_the_first_radio_button(client, event, questions, compiled_translations):
    html = client.post(reverse("events:register", args=[event.pk]), VALID).content.decode()
    assert f'href="#id_{field(questions["diet"])}_0"' in html
    assert f'aria-describedby="id_{field(questions["diet"])}_helptext id_{field(questions["diet"])}_error"' in html


def test_the_service_refuses_answers_to_questions_of_another_form(event, questions):
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.register(event_id=event.pk, full_name="Jan", email="jan@example.org", answers={999_999: "tak"})
    assert refusal.value.code == "unknown_question"
    with pytest.raises(services.RegistrationRefused) as refusal:
        services.register(event_id=event.pk, full_name="Jan", email="jan@example.org", district_id=999_999)
    assert refusal.value.code == "unknown_district"
    assert Registration.objects.count() == 0


def test_a_question_of_choice_needs_two_choices(registration_settings, compiled_translations):
    from django.core.exceptions import ValidationError

    question = RegistrationQuestion(registration_settings=registration_settings, text="Który?", kind=QuestionKind.CHOICE, choices="Jeden\nJeden")
    with pytest.raises(ValidationError) as error:
        question.full_clean()
    assert "co najmniej dwie" in str(error.value)


def test_district_is_optional_and_unknown_one_is_refused(client, event, compiled_translations):
    DistrictFactory(name="Nowa Huta")
    html = client.get(event.url).content.decode()
    assert '<option value="" selected>Wolę nie podawać</option>' in html and "Nowa Huta" in html
    response = client.post(reverse("events:register", args=[event.pk]), {**VALID, "district": "999999"})
    assert response.status_code == 400 and "Wybierz swoją dzielnicę z listy." in response.content.decode()
    assert client.post(reverse("events:register", args=[event.pk]), VALID).status_code == 302
    assert Registration.objects.get().district is None


def test_staff_see_the_answers_on_the_list_and_in_the_xlsx(client, event, questions, sign_up, compiled_translations):
    sign_up(event, "a@example.org", answers={questions["diet"].pk: "Wegetariański", questions["photos"].pk: "yes"})
    questions["diet"].text = "Jaki obiad?"  # edited after the answer: the old wording gets its own column
    questions["diet"].save()
    sign_up(event, "b@example.org", answers={questions["diet"].pk: "Zwykły", questions["photos"].pk: "no"})
    client.force_login(UserFactory(username="redaktor", groups=["Redaktor"]))
    html = client.get(reverse("events_admin:registrations", args=[event.pk])).content.decode()
    assert "<dt>Jaki posiłek?</dt><dd>Wegetariański</dd>" in html and "<dt>Jaki obiad?</dt><dd>Zwykły</dd>" in html

    response = client.get(reverse("events_admin:participants_xlsx", args=[event.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Uczestnicy"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[-5:] == ("Dzielnica zamieszkania", "Jaki obiad?", "Czy zgadzasz się na zdjęcia?", "O czym chcesz mówić?", "Jaki posiłek?")
    assert rows[1][-4:] == (None, "tak", None, "Wegetariański")
    assert rows[2][-4:] == ("Zwykły", "nie", None, None)


def test_staff_list_query_count_does_not_grow(client, event, questions, sign_up, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(UserFactory(username="redaktor", groups=["Redaktor"]))
    url = reverse("events_admin:registrations", args=[event.pk])
    sign_up(event, "a@example.org", answers={questions["diet"].pk: "Zwykły", questions["photos"].pk: "yes"}, district_id=DistrictFactory().pk)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        sign_up(event, f"o{n}@example.org", answers={questions["diet"].pk: "Zwykły", questions["photos"].pk: "yes"}, district_id=DistrictFactory().pk)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_staff_add_questions_with_the_registration_settings(client, registration_settings, compiled_translations):
    client.force_login(UserFactory(username="koordynator", groups=["Koordynator"]))
    url = reverse("events_registration_settings:edit", args=[registration_settings.pk])
    html = client.get(url).content.decode()
    assert "Pytania w formularzu zapisów" in html and 'name="questions-TOTAL_FORMS"' in html
    data = {
        "event": registration_settings.event_id, "enabled": "on", "capacity": "30", "mode": "open", "waiting_list": "on",
        "offer_hours": "24", "step_free_access": "unknown", "induction_loop": "unknown", "accessible_toilet": "unknown",
        "parking": "unknown",
        "questions-TOTAL_FORMS": "2", "questions-INITIAL_FORMS": "0", "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000",
        "questions-0-text": "Jaki posiłek?", "questions-0-kind": "choice", "questions-0-choices": "Wege\nZwykły",
        "questions-0-required": "on", "questions-0-ORDER": "1",
        "questions-1-text": "Który?", "questions-1-kind": "choice", "questions-1-choices": "Tylko jedna", "questions-1-ORDER": "2",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and "Podaj co najmniej dwie różne odpowiedzi" in response.content.decode()
    assert not RegistrationQuestion.objects.exists()
    data["questions-1-kind"] = "yes_no"
    response = client.post(url, data)
    assert response.status_code == 302
    saved = list(RegistrationQuestion.objects.order_by("sort_order").values_list("text", "kind", "choices", "required"))
    assert saved == [("Jaki posiłek?", "choice", "Wege\nZwykły", True), ("Który?", "yes_no", "", False)]


@pytest.mark.parametrize("ending", ["cancel", "reject"])
def test_cancelling_or_rejecting_forgets_the_answers_and_the_district(event, questions, registration_settings, ending):
    """Data minimisation: someone who will not attend keeps only their status row (the event's counts)."""
    from events.models import RegistrationMode, RegistrationStatus

    if ending == "reject":
        registration_settings.mode = RegistrationMode.APPROVAL
        registration_settings.save(update_fields=["mode"])
    district = DistrictFactory(name="Nowa Huta")
    answers = {questions["diet"].pk: "Zwykły", questions["photos"].pk: "yes", questions["topic"].pk: "Ścieżki rowerowe"}
    leaving = services.register(event_id=event.pk, full_name="Jan", email="jan@example.org", district_id=district.pk, answers=answers).registration
    staying = services.register(event_id=event.pk, full_name="Ewa", email="ewa@example.org", district_id=district.pk, answers=answers).registration
    if ending == "cancel":
        services.cancel(token=leaving.token)
    else:
        assert leaving.status == RegistrationStatus.PENDING
        services.reject(registration=leaving)
    leaving.refresh_from_db()
    assert leaving.status in (RegistrationStatus.CANCELLED, RegistrationStatus.REJECTED)
    assert leaving.district is None and not RegistrationAnswer.objects.filter(registration=leaving).exists()
    staying.refresh_from_db()
    assert staying.district == district and RegistrationAnswer.objects.filter(registration=staying).count() == 3
    from events import selectors

    rows = selectors.event_attendance_by_home_district(event)
    assert [row.district for row in rows] == ["Nowa Huta"]  # no "not given" row for the person who left
