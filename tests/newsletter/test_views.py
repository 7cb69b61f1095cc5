"""The public newsletter pages: the sign-up form's errors, the personal pages, the web version and the bounce hook."""

import json

import pytest
from django.test import override_settings

from newsletter import services
from newsletter.models import ConsentEvent, Subscriber, SubscriberStatus

pytestmark = pytest.mark.django_db


def test_the_form_refuses_bad_input_in_polish_and_saves_nothing(client, site_tree, compiled_translations):
    response = client.post("/newsletter/", {"email": "nie-adres", "topics": ["999999"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Wpisz adres e-mail w postaci nazwa@przyklad.pl." in page
    assert "Aby się zapisać, zaznacz, że zgadzasz się na otrzymywanie newslettera." in page
    assert 'href="#id_email"' in page and 'href="#id_consent"' in page
    assert 'value="nie-adres"' in page  # what was typed stays
    assert not Subscriber.objects.exists()


def test_the_sign_up_page_says_the_same_whether_the_address_is_known_or_not(client, site_tree, active_subscriber, compiled_translations):
    active_subscriber("anna@example.org")
    known = client.post("/newsletter/", {"email": "anna@example.org", "consent": "on"}, follow=True)
    unknown = client.post("/newsletter/", {"email": "nowa@example.org", "consent": "on"}, follow=True)
    assert known.redirect_chain == unknown.redirect_chain == [("/newsletter/sprawdz-poczte/", 302)]
    assert "Sprawdź pocztę" in known.content.decode()


def test_personal_pages_need_the_right_token_and_are_not_cached(client, site_tree, active_subscriber, compiled_translations):
    subscriber = active_subscriber("anna@example.org")
    assert client.get("/newsletter/wypisz/zly-token/").status_code == 404
    response = client.get(f"/newsletter/wypisz/{subscriber.token}/")
    assert response.status_code == 200 and "Tak, wypisz mnie" in response.content.decode()
    assert "no-cache" in response["Cache-Control"] and response["Referrer-Policy"] == "strict-origin"
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.ACTIVE  # GET only asks


def test_changing_topics_and_districts_is_saved_and_logged(client, site_tree, active_subscriber, topics, districts, compiled_translations):
    subscriber = active_subscriber("anna@example.org", topics=[topics["transport"]])
    url = f"/newsletter/ustawienia/{subscriber.token}/"
    response = client.post(url, {"topics": [topics["zielen"].pk], "districts": [districts["nowa-huta"].pk]}, follow=True)
    assert "Wybór tematów i dzielnic został zapisany." in response.content.decode()
    assert list(subscriber.topics.all()) == [topics["zielen"]]
    assert list(subscriber.districts.all()) == [districts["nowa-huta"]]
    assert ConsentEvent.objects.filter(subscriber=subscriber, action="changed").count() == 1
    assert client.post(url, {"topics": ["nie-liczba"]}).status_code == 400
    services.unsubscribe(subscriber=subscriber)
    assert client.get(url).status_code == 410


def test_a_stale_confirmation_link_says_so(client, site_tree, compiled_translations):
    from datetime import timedelta

    from django.utils import timezone

    subscriber = services.subscribe(email="anna@example.org", topics=[], districts=[], now=timezone.now() - timedelta(days=9)).subscriber
    response = client.post(f"/newsletter/potwierdz/{subscriber.token}/")
    assert response.status_code == 410
    assert "Ten link potwierdzający jest już nieważny." in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.PENDING


def test_the_web_version_of_an_edition(client, site_tree, compiled_translations):
    edition = services.create_edition(subject="Łąki kwietne", text="Akapit pierwszy.\n\nAkapit drugi.", idempotency_key="k")
    page = client.get(f"/newsletter/wydanie/{edition.pk}/").content.decode()
    assert "<h1>Łąki kwietne</h1>" in page and "<p>Akapit drugi.</p>" in page
    assert client.get("/newsletter/wydanie/999999/").status_code == 404


@override_settings(DIALOG_NEWSLETTER_BOUNCE_TOKEN="sekretny-token-odbic")
def test_the_bounce_hook_needs_its_token_and_a_well_formed_report(client, active_subscriber):
    subscriber = active_subscriber("anna@example.org")
    post = lambda body, token="sekretny-token-odbic": client.post(  # noqa: E731
        "/newsletter/odbicia/", body, content_type="application/json", headers={"Authorization": f"Bearer {token}"})
    assert post(json.dumps({"email": "anna@example.org"}), token="zly").status_code == 401
    assert post("{nie json").status_code == 400
    assert post(json.dumps({"email": 5})).status_code == 400
    response = post(json.dumps({"email": "anna@example.org", "permanent": True}))
    assert response.status_code == 200 and response.json() == {"bounced": True}
    subscriber.refresh_from_db()
    assert subscriber.status == SubscriberStatus.BOUNCED


def test_the_bounce_hook_is_off_without_a_token(client):
    assert client.post("/newsletter/odbicia/", "{}", content_type="application/json").status_code == 404


@override_settings(DIALOG_ANTIBOT_LIMIT=2)
def test_one_client_may_sign_up_only_so_often(client, site_tree, compiled_translations):
    for number in range(2):
        assert client.post("/newsletter/", {"email": f"osoba{number}@example.org", "consent": "on"}).status_code == 302
    response = client.post("/newsletter/", {"email": "trzecia@example.org", "consent": "on"})
    assert response.status_code == 429
    assert "Zbyt wiele formularzy wysłano z Twojej sieci w krótkim czasie." in response.content.decode()
    assert Subscriber.objects.count() == 2
