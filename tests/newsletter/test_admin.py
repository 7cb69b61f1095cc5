"""The newsletter's back-office: editors read subscribers and editions; nobody edits consent; authors see no addresses."""

import pytest
from django.urls import reverse

from newsletter import services
from tests.backoffice.helpers import logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_an_editor_reads_subscribers_and_editions_but_cannot_change_them(site_tree, active_subscriber, compiled_translations):
    active_subscriber("anna@example.org")
    services.create_edition(subject="Łąki kwietne", text="Tekst.", idempotency_key="k")
    client = logged_in(UserFactory(username="redaktor", groups=["Redaktor"]))
    subscribers = client.get(reverse("newsletter_subscriber:index"))
    assert subscribers.status_code == 200
    assert "anna@example.org" in subscribers.content.decode()
    assert reverse("newsletter_subscriber:add") not in subscribers.content.decode()
    editions = client.get(reverse("newsletter_edition:index")).content.decode()
    assert "Łąki kwietne" in editions
    assert client.get(reverse("newsletter_subscriber:add")).status_code in (302, 403)
    assert client.post(reverse("newsletter_subscriber:add"), {"status": "active"}).status_code in (302, 403)


def test_an_author_sees_no_addresses(site_tree, active_subscriber):
    active_subscriber("anna@example.org")
    client = logged_in(UserFactory(username="autor", groups=["Autor"]))
    response = client.get(reverse("newsletter_subscriber:index"))
    assert response.status_code in (302, 403)
    assert "anna@example.org" not in response.content.decode()
