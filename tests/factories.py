"""Factories for every model. Page factories insert records into the bootstrapped tree (fixture `site_tree`)."""

import datetime as dt
from itertools import count

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from campaigns import models as campaigns
from catalog import models as catalog
from catalog.services import create_record
from core.models import Channel, District, Topic
from directory.models import LegalBasis, Membership, Organisation, OrganisationKind, Person

_seq = count(1)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Anna"
    last_name = "Nowak"
    password = factory.django.Password("haslo-testowe-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            from django.contrib.auth.models import Group

            self.groups.add(*(Group.objects.get(name=name) for name in extracted))


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District
        django_get_or_create = ("number",)

    number = factory.Sequence(lambda n: 100 + n)
    roman = factory.LazyAttribute(lambda o: str(o.number))
    name = factory.Sequence(lambda n: f"Dzielnica testowa {n}")
    slug = factory.Sequence(lambda n: f"dzielnica-testowa-{n}")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Temat {n}")
    slug = factory.Sequence(lambda n: f"temat-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Stowarzyszenie Przykładowe {n}")
    kind = OrganisationKind.NGO
    city = "Kraków"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Kowalski{n}")
    email = factory.Sequence(lambda n: f"jan{n}@example.org")
    legal_basis = LegalBasis.PUBLIC_TASK


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = "rzecznik prasowy"


class RecordFactory(factory.Factory):
    """Builds the field values and creates the page through `catalog.services.create_record`."""

    class Meta:
        model = catalog.CatalogPage
        abstract = True

    title = factory.Sequence(lambda n: f"Rekord testowy {n}")
    lead = "Krótki opis rekordu w prostym języku."
    publish = True
    user = None
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=21))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return create_record(model=model_class, **kwargs)

    @classmethod
    def _build(cls, model_class, *args, **kwargs):
        kwargs.pop("publish", None)
        kwargs.pop("user", None)
        for key in ("districts", "topics", "partners"):
            kwargs.pop(key, None)
        return model_class(**kwargs)


class ProjectFactory(RecordFactory):
    class Meta:
        model = catalog.ProjectPage

    title = factory.Sequence(lambda n: f"Projekt {n}")
    status = "running"


class ConsultationFactory(RecordFactory):
    class Meta:
        model = catalog.ConsultationPage

    title = factory.Sequence(lambda n: f"Konsultacje {n}")
    status = "open"


class CampaignFactory(RecordFactory):
    class Meta:
        model = catalog.CampaignPage

    title = factory.Sequence(lambda n: f"Kampania {n}")
    status = "planned"


class EventFactory(RecordFactory):
    class Meta:
        model = catalog.EventPage

    title = factory.Sequence(lambda n: f"Wydarzenie {n}")
    status = "announced"
    event_type = catalog.EventType.WORKSHOP
    venue_name = "Centrum Obywatelskie"
    venue_address = "ul. Przykładowa 1, Kraków"
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))


class OfferFactory(RecordFactory):
    class Meta:
        model = catalog.OfferPage

    title = factory.Sequence(lambda n: f"Oferta {n}")
    status = "available"
    kind = catalog.OfferKind.TRAINING


class ChannelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Channel
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kanał {n}")
    slug = factory.Sequence(lambda n: f"kanal-{n}")


class ActionFactory(factory.django.DjangoModelFactory):
    """An action of a campaign; pass `campaign=` (a CampaignFactory record) in tests with `site_tree`."""

    class Meta:
        model = campaigns.Action
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    title = factory.Sequence(lambda n: f"Działanie {n}")
    kind = campaigns.ActionKind.SOCIAL_POST
    channel = factory.SubFactory(ChannelFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    status = campaigns.ActionStatus.TODO

    @factory.post_generation
    def depends_on(self, create, extracted, **kwargs):
        if create and extracted:
            self.depends_on.set(extracted)


class CampaignTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = campaigns.CampaignTemplate

    name = factory.Sequence(lambda n: f"Szablon {n}")
    description = "Standardowa kampania informacyjna konsultacji."


class TemplateActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = campaigns.TemplateAction

    template = factory.SubFactory(CampaignTemplateFactory)
    title = factory.Sequence(lambda n: f"Krok {n}")
    kind = campaigns.ActionKind.SOCIAL_POST
    anchor = campaigns.TemplateAnchor.START
    offset_days = 0
