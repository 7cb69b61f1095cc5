"""Public pages (panel, sign-up form: open, closed, errors, duplicate) and the staff pages (Koordynator only)."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from panels import services
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
def test_coordinator_fills_quotas_draws_and_downloads_the_report(client, panel):
    client.force_login(UserFactory(username="koordynatorka", groups=["Koordynator"]))
    assert client.post(reverse("panels_admin:fill_quotas", args=[panel.pk])).status_code == 302
    for i in range(50):
        services.sign_up(panel=panel, full_name=f"Osoba {i}", email=f"o{i}@example.org", answers=answers_for(panel, i), consent=True)
    response = client.post(reverse("panels_admin:run_selection", args=[panel.pk]), {"seed": ""}, follow=True)
    panel.refresh_from_db()
    assert panel.published_seed is not None
    assert f"ziarnem {panel.published_seed}" in response.text
    pdf = client.get(reverse("panels_admin:report_pdf", args=[panel.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    response = client.post(reverse("panels_admin:run_selection", args=[panel.pk]), {"seed": "-5"}, follow=True)
    assert response.status_code == 200


def test_an_impossible_quota_is_a_message_not_a_500(client, panel):
    client.force_login(UserFactory(username="koordynatorka", groups=["Koordynator"]))
    services.sign_up(panel=panel, full_name="Ewa", email="ewa@example.org", answers=answers_for(panel, 0), consent=True)
    response = client.post(reverse("panels_admin:run_selection", args=[panel.pk]), {"seed": "5"}, follow=True)
    assert response.status_code == 200
    assert "Zgłosiło się 1 kandydatów, a panel ma liczyć 20 osób" in response.text
