"""Writes of the directory."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from wagtail.log_actions import log

from core.models import District

from .models import Account, Membership, Organisation, OrganisationKind, Person


@transaction.atomic
def ensure_district_councils() -> int:
    """One council per district ("Rada Dzielnicy I Stare Miasto"), created once, linked to its district."""
    created = 0
    for district in District.objects.all():
        _, was_created = Organisation.objects.get_or_create(
            kind=OrganisationKind.DISTRICT_COUNCIL,
            district=district,
            defaults={"name": f"Rada Dzielnicy {district.roman} {district.name}", "city": "Kraków"},
        )
        created += was_created
    return created


@transaction.atomic
def ensure_organisation(*, name: str, kind: str, user: AbstractBaseUser | None = None, **fields: Any) -> tuple[Organisation, bool]:
    """Create an organisation once, keyed by name and kind; an existing one is left untouched so imports can re-run."""
    organisation = Organisation.objects.filter(name=name, kind=kind).first()
    if organisation is not None:
        return organisation, False
    organisation = Organisation(name=name, kind=kind, **fields)
    organisation.full_clean()
    organisation.save()
    log(instance=organisation, action="wagtail.create", user=user)
    return organisation, True


@transaction.atomic
def ensure_person(
    *,
    first_name: str,
    last_name: str,
    email: str,
    legal_basis: str,
    memberships: list[tuple[Organisation, str, bool]],
    user: AbstractBaseUser | None = None,
    **fields: Any,
) -> tuple[Person, bool]:
    """Create a contact person with roles (organisation, role, primary contact?) once, keyed by e-mail.

    A person is never stored without a legal basis for keeping their data (GDPR art. 6).
    """
    person = Person.objects.filter(email=email).first()
    if person is not None:
        return person, False
    person = Person(first_name=first_name, last_name=last_name, email=email, legal_basis=legal_basis, **fields)
    person.memberships = [
        Membership(organisation=organisation, role=role, is_primary_contact=primary) for organisation, role, primary in memberships
    ]
    person.full_clean()
    person.save()
    log(instance=person, action="wagtail.create", user=user)
    return person, True


@transaction.atomic
def link_account(*, user: AbstractBaseUser, organisation: Organisation) -> tuple[Account, bool]:
    """Let a user act for an organisation (a partner account); a user acts for at most one."""
    return Account.objects.get_or_create(user=user, defaults={"organisation": organisation})
