"""The press room's back-office: who may manage media lists and send releases, the send form, the delivery log and
the secret link."""

import re
import uuid

import pytest
from django.urls import reverse

from newsroom import sending, services
from newsroom.models import (
    Distribution,
    DistributionRecipient,
    DistributionStatus,
    MediaList,
    PressReleasePage,
    RecipientState,
)
from tests.backoffice.helpers import logged_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]


@pytest.mark.parametrize("role", ["Redaktor", "Koordynator", "Administrator"])
def test_the_press_office_sees_a_lists_recipients_with_do_not_contact_marked(site_tree, media, role):
    client = logged_in(UserFactory(username=role.lower(), groups=[role]))
    page = client.get(reverse("newsroom_media_list:inspect", args=[media.pk])).content.decode()
    assert "anna@gazeta.example.org" in page
    assert page.count("pominięto: nie kontaktować") == 3


@pytest.mark.parametrize("role", ["Autor", "Partner"])
def test_others_cannot_see_or_change_media_lists_or_send(site_tree, media, role, release):
    client = logged_in(UserFactory(username=role.lower(), groups=[role]))
    for url in (reverse("newsroom_media_list:index"), reverse("newsroom_media_list:inspect", args=[media.pk]),
                reverse("newsroom_distribution:add"), reverse("newsroom_admin_secret_link", args=[release.pk])):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "anna@gazeta.example.org" not in response.content.decode()
    assert client.post(reverse("newsroom_distribution:add"), {"release": release.pk, "media_lists": [media.pk]}).status_code in (302, 403)
    assert not Distribution.objects.exists()


def test_sending_from_the_admin_form_and_reading_the_log(site_tree, media, release, mailoutbox, django_capture_on_commit_callbacks):
    client = logged_in(UserFactory(username="redaktor", groups=["Redaktor"]))
    add = reverse("newsroom_distribution:add")
    draft = client.post(add, {"release": release.pk, "media_lists": [media.pk]})
    assert draft.status_code == 200 and "Do mediów można wysłać tylko opublikowany komunikat" in draft.content.decode()
    services.publish_release(release=release, user=None)
    assert client.post(add, {"release": release.pk}).status_code == 200  # no list chosen: the form says so
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(add, {"release": release.pk, "media_lists": [media.pk]})
    assert response.status_code == 302
    distribution = Distribution.objects.get()
    assert sorted(address for message in mailoutbox for address in message.to) == [
        "anna@gazeta.example.org", "jan.wolny@example.org", "redakcja@gazeta.example.org"]
    log = client.get(reverse("newsroom_distribution:inspect", args=[distribution.pk])).content.decode()
    assert log.count("pominięto: nie kontaktować") == 3 and log.count("wysłano") >= 3
    assert DistributionRecipient.objects.filter(state=RecipientState.SENT).count() == 3
    # The log is a record: it cannot be edited or deleted.
    assert client.get(reverse("newsroom_distribution:edit", args=[distribution.pk])).status_code in (302, 403)
    assert client.post(reverse("newsroom_distribution:delete", args=[distribution.pk])).status_code in (302, 403)
    assert Distribution.objects.exists()


def test_a_media_list_is_created_in_the_admin(site_tree, media):
    client = logged_in(UserFactory(username="koordynator", groups=["Koordynator"]))
    outlet = media.organisations.first()
    response = client.post(reverse("newsroom_media_list:add"), {"name": "Radio", "description": "", "organisations": [outlet.pk]})
    assert response.status_code == 302
    assert list(MediaList.objects.get(name="Radio").organisations.all()) == [outlet]


def test_the_secret_link_is_shown_and_replaced(site_tree, release):
    client = logged_in(UserFactory(username="redaktor", groups=["Redaktor"]))
    url = reverse("newsroom_admin_secret_link", args=[release.pk])
    assert f"/prasa/embargo/{release.embargo_token}/" in client.get(url).content.decode()
    old = release.embargo_token
    assert client.post(url).status_code == 302
    release.refresh_from_db()
    assert release.embargo_token != old
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[release.pk])).content.decode()
    assert url in edit  # the editor's header links to it


def test_submitting_the_send_form_twice_sends_once_and_a_second_form_waits_for_the_first(
        site_tree, media, release, mailoutbox):
    """A double click (or the browser's "resend") posts the same form twice: one distribution. Another form for the
    same release and list while the first is still being sent is refused with a Polish message."""
    client = logged_in(UserFactory(username="redaktor", groups=["Redaktor"]))
    services.publish_release(release=release, user=None)
    add = reverse("newsroom_distribution:add")
    form = client.get(add, {"release": release.pk}).content.decode()
    key = re.search(r'name="idempotency_key" value="([0-9a-f-]{36})"', form).group(1)
    data = {"release": release.pk, "media_lists": [media.pk], "idempotency_key": key}
    first = client.post(add, data)  # not committed in this test: the distribution stays "being sent"
    second = client.post(add, data, follow=True)
    assert first.status_code == 302
    assert "Ten formularz został już wysłany; komunikat wychodzi tylko raz." in second.content.decode()
    distribution = Distribution.objects.get()
    assert distribution.recipients.count() == 6

    other_form = client.post(add, {**data, "idempotency_key": str(uuid.uuid4())})
    assert other_form.status_code == 200
    assert "Ten komunikat jest już wysyłany do: Media lokalne." in other_form.content.decode()
    assert Distribution.objects.count() == 1
    # Once it has finished, the press officer may send the release to the list again (e.g. a correction).
    Distribution.objects.update(status=DistributionStatus.SENT)
    assert client.post(add, {**data, "idempotency_key": str(uuid.uuid4())}).status_code == 302
    assert Distribution.objects.count() == 2


def test_a_stopped_distribution_shows_the_press_officer_why(site_tree, media, release, mailoutbox):
    client = logged_in(UserFactory(username="redaktor", groups=["Redaktor"]))
    release = services.publish_release(release=release, user=None)
    distribution = services.distribute(release=release, media_lists=[media], user=None)
    PressReleasePage.objects.get(pk=release.pk).unpublish()
    sending.send_batch(distribution.pk)
    listing = client.get(reverse("newsroom_distribution:index")).content.decode()
    assert "zatrzymana" in listing
    log = client.get(reverse("newsroom_distribution:inspect", args=[distribution.pk])).content.decode()
    assert "Komunikat wycofano: nie jest już ani opublikowany" in log
    assert log.count("nie wysłano: wysyłkę zatrzymano") == 3
