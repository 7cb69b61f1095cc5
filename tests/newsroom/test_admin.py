"""The press room's back-office: who may manage media lists and send releases, the send form, the delivery log and
the secret link."""

import pytest
from django.urls import reverse

from newsroom import services
from newsroom.models import Distribution, DistributionRecipient, MediaList, RecipientState
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
