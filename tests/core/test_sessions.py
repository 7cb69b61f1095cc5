"""`core.sessions`: Django's database sessions read and updated with plain SQL behave as Django's store does."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.utils import timezone

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
