"""`core.sessions`: Django's database sessions read and updated with plain SQL behave as Django's store does."""

from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import IntegrityError, OperationalError
from django.utils import timezone

from core import sessions
from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_the_project_uses_it():
    assert settings.SESSION_ENGINE == "core.sessions"


def test_a_session_is_created_read_and_updated():
    session = SessionStore()
    session["attempt"] = "ąę-1"
    session.save()  # created by Django's own code
    key = session.session_key
    again = SessionStore(key)
    assert again["attempt"] == "ąę-1"
    again["attempt"] = "2"
    again.set_expiry(600)
    again.save()
    assert SessionStore(key)["attempt"] == "2"
    stored = Session.objects.get(session_key=key)
    assert timezone.now() + timedelta(seconds=590) < stored.expire_date <= timezone.now() + timedelta(seconds=600)


def test_an_expired_session_reads_as_none():
    session = SessionStore()
    session["attempt"] = "1"
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    expired = SessionStore(session.session_key)
    assert expired.load() == {} and expired.session_key is None


def test_updating_a_session_deleted_meanwhile_is_refused():
    session = SessionStore()
    session["attempt"] = "1"
    session.save()
    Session.objects.filter(session_key=session.session_key).delete()
    session["attempt"] = "2"
    with pytest.raises(UpdateError):  # the session middleware answers such a request with SessionInterrupted
        session.save()
    assert not Session.objects.exists()


def failing_update(monkeypatch, error):
    """The session's UPDATE fails with `error`, as a lock timeout or a lost connection would."""

    class Cursor:
        def execute(self, sql, params):
            raise error

    @contextmanager
    def cursor(connection):
        yield Cursor()

    monkeypatch.setattr(sessions, "prepared_cursor", cursor)


@pytest.fixture
def saved_session():
    session = SessionStore()
    session["attempt"] = "1"
    session.save()
    session["attempt"] = "2"
    return session


def test_a_database_error_while_updating_is_refused_as_in_django(saved_session, monkeypatch):
    failing_update(monkeypatch, OperationalError("canceling statement due to lock timeout"))
    with pytest.raises(UpdateError):  # not a 500: the session middleware answers with SessionInterrupted
        saved_session.save()


def test_an_integrity_error_while_updating_passes_as_in_django(saved_session, monkeypatch):
    failing_update(monkeypatch, IntegrityError("violates a constraint"))
    with pytest.raises(IntegrityError):
        saved_session.save()


def test_a_refused_request_gets_a_polish_page(rf):
    """A session deleted or not saved mid-request (`UpdateError`) is answered 400 by Django's handler, with our page."""
    from django.contrib.sessions.exceptions import SessionInterrupted
    from django.views.defaults import bad_request

    response = bad_request(rf.post("/ankiety/1-ankieta/"), SessionInterrupted())
    page = response.content.decode()
    assert response.status_code == 400 and '<html lang="pl">' in page
    assert "Nie udało się wykonać tej operacji" in page and "mogły one już zostać zapisane" in page
