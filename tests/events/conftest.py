"""An event with registration on, and a shortcut to register through the service with e-mails sent."""

import pytest

from events import services

from .factories import RegistrationSettingsFactory


@pytest.fixture
def registration_settings(site_tree):
    return RegistrationSettingsFactory(capacity=2, event__title="Spacer badawczy po Podgórzu")


@pytest.fixture
def event(registration_settings):
    return registration_settings.event


@pytest.fixture
def sign_up(django_capture_on_commit_callbacks):
    """Register through the service and run what it enqueued after commit (the e-mails)."""

    def sign_up(event, email, **kwargs):
        kwargs.setdefault("full_name", "Jan Kowalski")
        with django_capture_on_commit_callbacks(execute=True):
            return services.register(event_id=event.pk, email=email, **kwargs)

    return sign_up
