"""Factories of registration: settings for an event and registrations written straight to the table."""

import factory

from events.models import Registration, RegistrationSettings, RegistrationStatus
from tests.factories import EventFactory


class RegistrationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationSettings

    event = factory.SubFactory(EventFactory)
    capacity = 2


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    full_name = "Anna Nowak"
    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    status = RegistrationStatus.CONFIRMED
