"""Public pages of registration: the section on the event page, the form (400 on errors, PRG), token pages."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from events.models import Registration, RegistrationMode, RegistrationStatus
from tests.factories import EventFactory, UserFactory

from .factories import RegistrationSettingsFactory

pytestmark = pytest.mark.django_db

VALID = {"full_name": "Jan Kowalski", "email": "jan@example.org"}


def register_url(event):
    return reverse("events:register", args=[event.pk])


def test_event_page_shows_the_form_and_venue_access(client, registration_settings, compiled_translations):
    registration_settings.step_free_access = "yes"
    registration_settings.induction_loop = "no"
    registration_settings.public_transport = "Tramwaj 8, przystanek Korona"
    registration_settings.save()
    html = client.get(registration_settings.event.url).content.decode()
    assert 'id="registration-title"' in html
    assert f'action="{register_url(registration_settings.event)}"' in html
    assert "Tramwaj 8, przystanek Korona" in html
    assert "toaleta" not in html.lower()  # not checked by the organiser: not shown
    assert 'name="needs"' in html and 'name="needs_consent"' in html


def test_online_link_is_hidden_while_registration_is_on(client, site_tree):
    event = EventFactory(is_online=True, online_url="https://spotkanie.example.org/tajny-pokoj")
    assert "tajny-pokoj" in client.get(event.url).content.decode()
    RegistrationSettingsFactory(event=event)
    html = client.get(event.url).content.decode()
    assert "tajny-pokoj" not in html  # neither the link nor the JSON-LD
    for path in (f"/api/v1/records/{event.pk}", "/api/v1/events", "/api/v1/records"):
        assert "tajny-pokoj" not in client.get(path).content.decode(), path


def test_event_page_query_count_does_not_grow_with_registrations(client, registration_settings, django_assert_max_num_queries):
    from .factories import RegistrationFactory

    client.get(registration_settings.event.url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(registration_settings.event.url)
    RegistrationFactory.create_batch(30, event=registration_settings.event, status=RegistrationStatus.WAITING)
    with django_assert_max_num_queries(len(few)):
        client.get(registration_settings.event.url)
    assert len(few) <= 15


def test_post_redirects_and_the_result_page_says_confirmed(client, event, django_capture_on_commit_callbacks, compiled_translations):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(register_url(event), VALID)
    assert response.status_code == 302 and response["Location"] == reverse("events:done")
    registration = Registration.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    assert "Twoje miejsce jest potwierdzone" in html
    assert reverse("events:cancel", args=[registration.token]) in html
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    assert len(mail.outbox) == 1


def test_double_submit_creates_one_registration(client, event):
    client.post(register_url(event), VALID)
    response = client.post(register_url(event), VALID)
    assert response.status_code == 302
    assert Registration.objects.count() == 1
    assert "potwierdzone" in client.get(response["Location"]).content.decode()


def test_someone_else_repeating_an_address_does_not_get_the_personal_link(client, event):
    from django.test import Client

    client.post(register_url(event), VALID)
    other = Client()
    response = other.post(register_url(event), VALID)
    html = other.get(response["Location"]).content.decode()
    assert "już zapisany" in html
    assert Registration.objects.get().token not in html


@pytest.mark.parametrize(
    "data, field, message",
    [
        ({"full_name": "Jan", "email": "nie-adres"}, "email", "Podaj poprawny adres e-mail"),
        ({"full_name": "", "email": "jan@example.org"}, "full_name", "Podaj swoje imię"),
        ({**VALID, "needs": ["pjm"]}, "needs_consent", "zaznacz zgodę"),
        ({**VALID, "needs": ["teleport"], "needs_consent": "on"}, "needs", "Wybierz potrzeby z listy"),
    ],
)
def test_bad_input_comes_back_with_the_error_summary(client, event, data, field, message, compiled_translations):
    response = client.post(register_url(event), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert 'class="error-summary"' in html and message in html
    assert f'href="#id_{field}' in html
    assert Registration.objects.count() == 0


def test_wrong_invitation_code(client, registration_settings, compiled_translations):
    registration_settings.mode, registration_settings.invitation_code = RegistrationMode.INVITATION, "ZIELEN"
    registration_settings.save()
    response = client.post(register_url(registration_settings.event), {**VALID, "invitation_code": "zly"})
    assert response.status_code == 400
    assert "Kod zaproszenia jest błędny" in response.content.decode()
    assert Registration.objects.count() == 0


def test_closed_registration_is_said_in_polish_and_not_saved(client, registration_settings, compiled_translations):
    registration_settings.closes_at = timezone.now() - dt.timedelta(minutes=1)
    registration_settings.save()
    assert "Zapisy na to wydarzenie są zamknięte." in client.get(registration_settings.event.url).content.decode()
    response = client.post(register_url(registration_settings.event), VALID)
    assert response.status_code == 400
    assert "Zapisy na to wydarzenie są zamknięte." in response.content.decode()
    assert Registration.objects.count() == 0


def test_full_event_offers_the_waiting_list(client, registration_settings, compiled_translations):
    from .factories import RegistrationFactory

    RegistrationFactory.create_batch(2, event=registration_settings.event)
    html = client.get(registration_settings.event.url).content.decode()
    assert "Możesz zapisać się na listę rezerwową" in html
    response = client.post(register_url(registration_settings.event), VALID)
    assert "liście rezerwowej" in client.get(response["Location"]).content.decode()


def test_cancel_page_asks_then_cancels(client, event, sign_up, compiled_translations):
    registration = sign_up(event, "a@example.org").registration
    url = reverse("events:cancel", args=[registration.token])
    response = client.get(url)
    assert response.status_code == 200 and "<form" in response.content.decode()
    assert response["Referrer-Policy"] == "strict-origin"
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED  # a GET changes nothing
    response = client.post(url)
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CANCELLED
    assert "anulowany" in client.get(url).content.decode()


def test_accepting_an_offer_through_the_page(client, event, sign_up, compiled_translations):
    first = sign_up(event, "a@example.org").registration
    sign_up(event, "b@example.org")
    waiting = sign_up(event, "c@example.org").registration
    client.post(reverse("events:cancel", args=[first.token]))
    url = reverse("events:accept_offer", args=[waiting.token])
    assert "<form" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == RegistrationStatus.CONFIRMED


def test_accepting_without_an_offer_is_400_not_500(client, event, sign_up):
    waiting = [sign_up(event, f"{n}@example.org").registration for n in range(3)][-1]
    assert client.post(reverse("events:accept_offer", args=[waiting.token])).status_code == 400


@pytest.mark.parametrize("name", ["events:cancel", "events:accept_offer"])
def test_unknown_token_is_a_polish_404(client, site_tree, name, compiled_translations):
    response = client.get(reverse(name, args=["nie-ma-takiego-tokenu"]))
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


def test_event_without_registration_has_no_form(client, site_tree):
    event = EventFactory()
    assert 'id="registration-title"' not in client.get(event.url).content.decode()
    assert client.post(reverse("events:register", args=[event.pk]), VALID).status_code == 404


def test_staff_see_the_needs_summary_partners_do_not(client, registration_settings, sign_up):
    sign_up(registration_settings.event, "a@example.org", needs=["pjm"], needs_consent=True)
    url = reverse("events_admin:registrations", args=[registration_settings.event_id])
    client.force_login(UserFactory(username="partnerka", groups=["Partner"]))
    assert client.get(url).status_code == 404
    assert client.get(reverse("events_registration_settings:index")).status_code in (302, 403)
    client.force_login(UserFactory(username="redaktorka", groups=["Redaktor"]))
    response = client.get(url)
    assert response.status_code == 200
    assert "a@example.org" in response.content.decode()
    assert [count for label, count in response.context["needs"] if count] == [1]
    assert client.get(reverse("events_registration_settings:index")).status_code == 200


def test_the_result_page_needs_this_browsers_signed_cookie(client, event):
    from django.test import Client

    client.post(register_url(event), VALID)
    registration = Registration.objects.get()
    assert registration.token in client.get(reverse("events:done")).content.decode()
    forger = Client()
    forger.cookies["events_result"] = f"{registration.pk}:0"  # unsigned: ignored
    assert forger.get(reverse("events:done")).status_code == 404
    assert "sessionid" not in client.cookies  # registering writes no session (one write less per POST)


def test_post_to_a_private_unpublished_or_disabled_event_is_a_404_and_saves_nothing(client, registration_settings):
    from wagtail.models import PageViewRestriction

    event = registration_settings.event
    restriction = PageViewRestriction.objects.create(page=event.get_parent(), restriction_type="login")
    assert client.post(register_url(event), VALID).status_code == 404  # a section above it is closed
    restriction.delete()
    registration_settings.enabled = False
    registration_settings.save()
    assert client.post(register_url(event), VALID).status_code == 404
    registration_settings.enabled = True
    registration_settings.save()
    event.unpublish()
    assert client.post(register_url(event), VALID).status_code == 404
    assert not Registration.objects.exists()


def test_the_form_post_costs_few_queries(client, registration_settings, django_assert_num_queries,
                                        django_capture_on_commit_callbacks):
    """The busiest request: the form's settings, then (inside the test's transaction a savepoint stands for BEGIN and
    COMMIT) the lock, the state and the INSERT; after the commit one more, the e-mail task. Seven on a server."""
    client.post(register_url(registration_settings.event), {**VALID, "email": "pierwsza@example.org"})
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(6):
        response = client.post(register_url(registration_settings.event), VALID)
    assert response.status_code == 302
    assert len(callbacks) == 1  # the e-mail task, enqueued after commit
    assert Registration.objects.filter(email="jan@example.org", status=RegistrationStatus.CONFIRMED).exists()


def test_a_refused_post_shows_the_form_again_with_the_polish_message(client, registration_settings, compiled_translations):
    registration_settings.mode = RegistrationMode.INVITATION
    registration_settings.invitation_code = "PARK2026"
    registration_settings.save()
    response = client.post(register_url(registration_settings.event), {**VALID, "invitation_code": "zły"})
    assert response.status_code == 400
    assert "Kod zaproszenia jest błędny. Sprawdź go i wpisz jeszcze raz." in response.content.decode()
    assert response.context["event"].pk == registration_settings.event_id
    assert not Registration.objects.exists()


@pytest.mark.parametrize(("prefix", "language"), [("", "pl"), ("/en", "en"), ("/uk", "uk")])
def test_the_registration_remembers_the_language_of_the_page(client, registration_settings, prefix, language):
    from django.utils import translation

    with translation.override("pl"):  # Polish has no prefix (a request before may have left another language active)
        path = register_url(registration_settings.event)
    assert client.post(prefix + path, VALID).status_code == 302
    assert Registration.objects.get().language == language
