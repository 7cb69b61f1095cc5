"""The deliveries page and dashboard panel: what people do about posts waiting by hand or failed."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from publishing import publisher, services
from publishing.models import Delivery, DeliveryStatus
from tests.backoffice.helpers import logged_in
from tests.factories import UserFactory
from tests.publishing.helpers import draft_message

pytestmark = pytest.mark.django_db
PAGE = "/admin/komunikaty/wysylki/"


@pytest.fixture
def manual_delivery(people, event):
    message = draft_message(event, people["autor"], ("facebook", "Spotkanie o parku 16 marca o 17:30."))
    services.publish_in_emergency(message=message, user=people["koordynator"], reason="Pilne.")
    delivery = Delivery.objects.get()
    publisher.deliver(delivery.pk)  # no credentials for facebook: a person posts it
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.MANUAL
    return delivery


def action_url(delivery, action):
    return reverse("publishing:delivery_action", args=[delivery.pk, action])


def test_the_page_gives_the_package_and_marks_a_post_published(people, manual_delivery, event):
    assert reverse("publishing:deliveries") == PAGE
    client = logged_in(people["redaktor"])
    html = client.get(PAGE).content.decode()
    assert f'id="delivery-{manual_delivery.pk}" data-status="manual"' in html
    assert f"Spotkanie o parku 16 marca o 17:30.\n\n{event.full_url}" in html  # text with its link, ready to copy

    response = client.post(action_url(manual_delivery, "opublikowano"), {"url": "nie-adres"})
    assert response.status_code == 302
    manual_delivery.refresh_from_db()
    assert manual_delivery.status == DeliveryStatus.MANUAL
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]

    client.post(action_url(manual_delivery, "opublikowano"), {"url": "https://www.facebook.com/krakow/posts/123"})
    manual_delivery.refresh_from_db()
    assert (manual_delivery.status, manual_delivery.external_url, manual_delivery.published_by) == (
        DeliveryStatus.PUBLISHED, "https://www.facebook.com/krakow/posts/123", people["redaktor"],
    )


def test_retry_and_cancel_from_the_page(people, manual_delivery):
    client = logged_in(people["redaktor"])
    client.post(action_url(manual_delivery, "ponow"))
    manual_delivery.refresh_from_db()
    assert manual_delivery.status == DeliveryStatus.PENDING
    client.post(action_url(manual_delivery, "anuluj"))
    manual_delivery.refresh_from_db()
    assert manual_delivery.status == DeliveryStatus.CANCELLED
    assert client.post(action_url(manual_delivery, "cos-innego")).status_code == 404


def test_failures_are_on_the_dashboard_with_the_networks_words(people, manual_delivery):
    Delivery.objects.filter(pk=manual_delivery.pk).update(status=DeliveryStatus.FAILED, last_error="Kanał facebook odrzucił wpis: (#200) Permissions error")
    html = logged_in(people["redaktor"]).get(reverse("wagtailadmin_home")).content.decode()
    assert "(#200) Permissions error" in html and f"#delivery-{manual_delivery.pk}" in html


def test_partners_do_not_see_deliveries(site_tree, manual_delivery):
    partner = logged_in(UserFactory(groups=["Partner"]))
    assert partner.get(PAGE).status_code in (302, 403)
    partner.post(action_url(manual_delivery, "anuluj"))
    manual_delivery.refresh_from_db()
    assert manual_delivery.status == DeliveryStatus.MANUAL
