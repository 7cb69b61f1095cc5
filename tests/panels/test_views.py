"""Public pages (panel, sign-up form: open, closed, errors, duplicate) and the staff pages (Koordynator only)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from panels import services, tasks
from panels.models import Candidate, PanelStatus
from tests.factories import EventFactory, UserFactory

from .conftest import answers_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


def form_data(panel, i=0, **overrides):
    data = {f"criterion_{k}": v for k, v in answers_for(panel, i).items()}
    data.update(full_name="Anna Nowak", email=f"anna{i}@example.org", phone="", consent="on")
    data.update(overrides)
    return data


def test_sign_up_then_thank_you(client, panel):
    url = reverse("panels:sign_up", args=[panel.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "Administratorem Twoich danych jest" in page.text and "iod@um.krakow.pl" in page.text
    response = client.post(url, form_data(panel))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert Candidate.objects.get().answers == answers_for(panel, 0)


def test_bad_input_is_a_polish_error_summary_and_nothing_is_saved(client, panel):
    url = reverse("panels:sign_up", args=[panel.slug])
    response = client.post(url, form_data(panel, email="nie-email", consent="", criterion_district="atlantyda"))
    assert response.status_code == 400
    assert "There is a problem" not in response.text
    assert 'href="#id_email"' in response.text and 'href="#id_criterion_district_0"' in response.text
    assert "Zaznacz zgodę na przetwarzanie danych" in response.text
    assert not Candidate.objects.exists()


def test_a_duplicate_is_refused_kindly(client, panel):
    url = reverse("panels:sign_up", args=[panel.slug])
    client.post(url, form_data(panel))
    response = client.post(url, form_data(panel, i=1, email="ANNA0@example.org"))
    assert response.status_code == 400
    assert "Twoje pierwsze zgłoszenie jest ważne" in response.text
    assert Candidate.objects.count() == 1


@pytest.mark.parametrize(("opens", "closes", "message"), [
    (1, 5, "Rekrutacja jeszcze się nie rozpoczęła."),
    (-5, -1, "Rekrutacja jest zamknięta"),
])
def test_the_form_is_closed_outside_the_window(client, panel, opens, closes, message):
    now = timezone.now()
    panel.recruitment_opens_at, panel.recruitment_closes_at = now + timedelta(days=opens), now + timedelta(days=closes)
    panel.save()
    url = reverse("panels:sign_up", args=[panel.slug])
    assert message in client.get(url).text
    response = client.post(url, form_data(panel))
    assert response.status_code == 400
    assert not Candidate.objects.exists()


def test_a_draft_panel_is_not_public(client, panel):
    panel.status = PanelStatus.DRAFT
    panel.save()
    assert client.get(reverse("panels:detail", args=[panel.slug])).status_code == 404
    assert client.get(reverse("panels:sign_up", args=[panel.slug])).status_code == 404


def test_ukrainian_form(client, panel):
    response = client.get("/uk" + reverse("panels:sign_up", args=[panel.slug]))
    assert "Записатися на жеребкування" in response.text


@override_settings(DIALOG_PANEL_SRS_RUNS=30, DIALOG_PANEL_LEXIMIN_MAX_COLUMNS=30)
def test_panel_page_shows_seed_result_meetings_and_binding_recommendations(client, panel, django_assert_max_num_queries):
    services.fill_quotas_from_population(panel=panel)
    for i in range(60):
        services.sign_up(panel=panel, full_name=f"Osoba {i}", email=f"o{i}@example.org", answers=answers_for(panel, i), consent=True)
    services.run_selection(panel=panel, seed=777)
    services.record_recommendation(panel=panel, text="Buspasy na Alejach", votes_for=18, votes_against=2, votes_abstain=0)
    services.record_recommendation(panel=panel, text="Tramwaj do Mistrzejowic", votes_for=10, votes_against=10, votes_abstain=0)
    meeting = EventFactory(title="Pierwsze posiedzenie panelu")
    panel.meetings.add(meeting)
    with django_assert_max_num_queries(15):
        response = client.get(reverse("panels:detail", args=[panel.slug]))
    text = response.text
    assert "777" in text and "Pierwsze posiedzenie panelu" in text
    assert "Wiążąca" in text and text.count("Wiążąca") == 1
    assert "Osoba 1" not in text  # names are never public


def test_staff_pages_are_for_coordinators_only(client, panel):
    url = reverse("panels_admin:manage", args=[panel.pk])
    client.force_login(UserFactory(username="redaktorka", groups=["Redaktor"]))
    assert client.get(url).status_code == 404
    assert client.get(reverse("citizen_panels:index")).status_code in (302, 403)
    client.force_login(UserFactory(username="partnerka", groups=["Partner"]))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(username="koordynatorka", groups=["Koordynator"]))
    services.sign_up(panel=panel, full_name="Ewa Kandydatka", email="ewa@example.org", answers=answers_for(panel, 0), consent=True)
    page = client.get(url)
    assert page.status_code == 200 and "Ewa Kandydatka" in page.text
    assert client.get(reverse("citizen_panels:index")).status_code == 200


@override_settings(DIALOG_PANEL_SRS_RUNS=30, DIALOG_PANEL_LEXIMIN_MAX_COLUMNS=30)
def test_coordinator_fills_quotas_draws_and_downloads_the_report(client, panel, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(username="koordynatorka", groups=["Koordynator"]))
    assert client.post(reverse("panels_admin:fill_quotas", args=[panel.pk])).status_code == 302
    for i in range(50):
        services.sign_up(panel=panel, full_name=f"Osoba {i}", email=f"o{i}@example.org", answers=answers_for(panel, i), consent=True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:  # the task runs after commit
        response = client.post(reverse("panels_admin:run_selection", args=[panel.pk]), {"seed": ""})
    assert response.status_code == 302 and len(callbacks) == 1
    panel.refresh_from_db()
    assert panel.published_seed is not None and panel.draw_started_at is None and panel.draw_error == ""
    page = client.get(reverse("panels_admin:manage", args=[panel.pk])).text
    assert f"ziarno {panel.published_seed}" in page and "disabled" not in page.split('id="draw"')[1].split("</form>")[0]
    pdf = client.get(reverse("panels_admin:report_pdf", args=[panel.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    response = client.post(reverse("panels_admin:run_selection", args=[panel.pk]), {"seed": "-5"}, follow=True)
    assert response.status_code == 200


def test_the_draw_runs_in_the_background_and_the_page_shows_it(client, panel):
    """The POST only queues the draw: while it runs the page says so, the button is disabled and a second POST
    queues nothing; when the task is done the page shows the result."""
    client.force_login(UserFactory(username="koordynatorka", groups=["Koordynator"]))
    services.fill_quotas_from_population(panel=panel)
    for i in range(50):
        services.sign_up(panel=panel, full_name=f"Osoba {i}", email=f"o{i}@example.org", answers=answers_for(panel, i), consent=True)
    response = client.post(reverse("panels_admin:run_selection", args=[panel.pk]), {"seed": "2026"}, follow=True)
    assert "Losowanie z ziarnem 2026 się rozpoczęło" in response.text
    draw = response.text.split('id="draw"')[1].split("</form>")[0]
    assert 'role="status"' in draw and "Losowanie z ziarnem 2026 trwa od" in draw
    assert '<button type="submit" class="button" disabled>' in draw
    response = client.post(reverse("panels_admin:run_selection", args=[panel.pk]), {"seed": "7"}, follow=True)
    assert "Losowanie tego panelu już trwa" in response.text
    panel.refresh_from_db()
    assert panel.draw_seed == 2026 and panel.published_seed is None
    with override_settings(DIALOG_PANEL_SRS_RUNS=30):
        assert tasks.run_requested_selection.call(panel.pk) == "drawn"
    panel.refresh_from_db()
    assert panel.published_seed == 2026 and panel.draw_started_at is None
    assert tasks.run_requested_selection.call(panel.pk) == "nothing queued"  # a repeated task draws nothing twice
    draw = client.get(reverse("panels_admin:manage", args=[panel.pk])).text.split('id="draw"')[1]
    assert "ziarno 2026" in draw and "disabled" not in draw.split("</form>")[0]


def test_an_impossible_quota_is_a_message_not_a_500(client, panel, django_capture_on_commit_callbacks):
    client.force_login(UserFactory(username="koordynatorka", groups=["Koordynator"]))
    services.sign_up(panel=panel, full_name="Ewa", email="ewa@example.org", answers=answers_for(panel, 0), consent=True)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("panels_admin:run_selection", args=[panel.pk]), {"seed": "5"})
    response = client.get(reverse("panels_admin:manage", args=[panel.pk]))
    assert response.status_code == 200
    assert 'role="alert"' in response.text and "Zgłosiło się 1 kandydatów, a panel ma liczyć 20 osób" in response.text
    panel.refresh_from_db()
    assert panel.draw_started_at is None and panel.published_seed is None


@override_settings(DIALOG_PANEL_SRS_RUNS=30)
def test_coordinator_downloads_every_candidates_chances_as_xlsx(client, panel):
    from io import BytesIO

    from openpyxl import load_workbook

    url = reverse("panels_admin:probabilities_xlsx", args=[panel.pk])
    client.force_login(UserFactory(username="koordynatorka", groups=["Koordynator"]))
    assert client.get(url).status_code == 404  # no draw yet
    services.fill_quotas_from_population(panel=panel)
    for i in range(50):
        services.sign_up(panel=panel, full_name=f"Osoba {i}", email=f"o{i}@example.org", answers=answers_for(panel, i), consent=True)
    outcome = services.run_selection(panel=panel, seed=77)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    sheet = load_workbook(BytesIO(b"".join(response.streaming_content)), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:5] == ("Numer", "Imię i nazwisko", "E-mail", "Wynik", "Kolejność w losowaniu")
    assert len(rows) == 51
    by_number = {row[0]: row for row in rows[1:]}
    district = [c.key for c in panel.criteria.all()].index("district") + 5
    for number, chance in outcome.result.leximin_probability.items():
        assert by_number[number][-2] == pytest.approx(chance)
        assert by_number[number][-1] == pytest.approx(outcome.result.srs_probability[number])
    assert sum(row[-2] for row in rows[1:]) == pytest.approx(panel.panel_size, abs=1e-4)
    assert {row[3] for row in rows[1:]} == {"wylosowany", "lista rezerwowa", "niewylosowany"}
    district_labels = {o.label for o in panel.criteria.get(key="district").options.all()}
    assert {row[district] for row in rows[1:]} <= district_labels  # the answer as its label, not its stored value
    client.force_login(UserFactory(username="redaktorka", groups=["Redaktor"]))
    assert client.get(url).status_code == 404
