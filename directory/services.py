"""Writes of the directory."""

from django.db import transaction

from core.models import District

from .models import Organisation, OrganisationKind


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
