"""Embargo: before it, a release is seen only through its secret link, marked "EMBARGO do …"; at the embargo time
Wagtail's scheduled publishing (the scheduler's `publish_scheduled` job) makes it public. The clock is fixed."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from lxml import html

from core import periodic
from newsroom import services
from newsroom.models import PressReleasePage

from .conftest import EMBARGO

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("compiled_translations")]

BEFORE = EMBARGO - dt.timedelta(days=1)


def at(moment):
    return mock.patch("django.utils.timezone.now", return_value=moment)


@pytest.fixture
def embargoed(release):
    with at(BEFORE):
        return services.publish_release(release=release, user=None, embargo_until=EMBARGO)


def test_before_the_embargo_the_release_is_not_public_but_its_secret_link_works(embargoed, client):
    assert not embargoed.live and embargoed.go_live_at == EMBARGO
    with at(BEFORE):
        assert client.get(embargoed.url).status_code == 404
        listing = client.get("/dla-mediow/").content.decode()
        assert embargoed.title not in listing
        assert embargoed.title not in client.get("/prasa/rss/").content.decode()
        response = client.get(f"/prasa/embargo/{embargoed.embargo_token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "EMBARGO do" in page and "3 grudnia 2026, 10:00" in page
    assert embargoed.title in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_a_wrong_token_is_a_polish_404(embargoed, client):
    response = client.get("/prasa/embargo/nie-ma-takiego/")
    assert response.status_code == 404
    assert "Ten link nie działa" in response.content.decode()


def test_a_draft_is_not_shown_through_the_secret_link(release, client):
    assert client.get(f"/prasa/embargo/{release.embargo_token}/").status_code == 404


def test_a_rotated_link_replaces_the_old_one(embargoed, client):
    old = embargoed.embargo_token
    new = services.rotate_embargo_token(release=embargoed, user=None)
    assert new != old
    with at(BEFORE):
        assert client.get(f"/prasa/embargo/{old}/").status_code == 404
        assert client.get(f"/prasa/embargo/{new}/").status_code == 200


def test_the_scheduler_publishes_the_release_exactly_at_the_embargo(embargoed, client):
    job = next(job for job in periodic.JOBS if job.run is periodic._publish_scheduled)  # the scheduler runs it
    for moment in (EMBARGO - dt.timedelta(seconds=1), EMBARGO):  # Wagtail publishes strictly after: never early
        with at(moment):
            job.run()
        assert not PressReleasePage.objects.get(pk=embargoed.pk).live
    after = EMBARGO + dt.timedelta(seconds=1)
    with at(after):
        call_command("publish_scheduled", verbosity=0)
    release = PressReleasePage.objects.get(pk=embargoed.pk)
    assert release.live and release.first_published_at == after
    response = Client().get(release.url)
    assert response.status_code == 200 and "EMBARGO do" not in response.content.decode()
    # The secret link now leads to the public page.
    assert Client().get(f"/prasa/embargo/{release.embargo_token}/").url == release.url
    assert release.title in Client().get("/prasa/rss/").content.decode()


def test_restoring_an_older_revision_keeps_the_current_secret_link(embargoed):
    new = services.rotate_embargo_token(release=embargoed, user=None)
    old_revision = PressReleasePage.objects.get(pk=embargoed.pk).revisions.order_by("created_at").first()
    assert old_revision.as_object().embargo_token == new


@pytest.mark.parametrize(("prefix", "expected"), [
    ("", "EMBARGO do 3 grudnia 2026, 10:00"),
    ("/uk", "ЕМБАРГО до 3 грудня 2026, 10:00"),
    ("/en", "EMBARGO until 3 December 2026, 10:00"),
])
def test_the_embargo_date_is_written_in_the_pages_language(embargoed, client, prefix, expected):
    with at(BEFORE):
        response = client.get(f"{prefix}/prasa/embargo/{embargoed.embargo_token}/")
    assert response.status_code == 200
    note = html.fromstring(response.content).xpath("//*[@id='embargo-title']")[0].text_content()
    assert note == expected
