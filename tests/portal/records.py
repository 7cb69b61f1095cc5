"""Records of every type with everything their pages show, for the portal's view and browser tests."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from catalog.models import CatalogAttachment, CatalogLink
from core.models import District, Topic
from tests.factories import (
    CampaignFactory,
    ConsultationFactory,
    EventFactory,
    OfferFactory,
    OrganisationFactory,
    ProjectFactory,
)

WARSAW_EVENING = dt.datetime(2026, 3, 16, 18, 0, tzinfo=ZoneInfo("Europe/Warsaw"))


def attach_document(record, title: str = "Ogłoszenie o konsultacjach") -> CatalogAttachment:
    document = Document.objects.create(title=title, file=ContentFile(b"%PDF-1.4 test", name="ogloszenie.pdf"))
    return CatalogAttachment.objects.create(page=record, document=document, sort_order=0)


def link_records(record, target, note: str = "") -> CatalogLink:
    return CatalogLink.objects.create(page=record, target=target, note=note, sort_order=0)


def create_full_records(*, district: District, topic: Topic) -> dict:
    """One record of each type, linked the way the unit links them, with a unit, partner and attachment."""
    start = WARSAW_EVENING
    unit = OrganisationFactory(name="Wydział ds. Dialogu Obywatelskiego", website="https://www.krakow.pl/dialog")
    partner = OrganisationFactory(name="Fundacja Zielone Miasto", website="https://zielone.example.org")
    project = ProjectFactory(
        title="Klimat dla Krakowa", lead="Program działań dla klimatu.", website="https://klimat.example.org",
        responsible_unit=unit, districts=[district], topics=[topic],
    )
    consultation = ConsultationFactory(
        title="Zielone podwórka", lead="Pytamy, jak zazielenić podwórka.", body="<p>Opis <b>konsultacji</b>.</p>",
        starts_at=start, ends_at=start + dt.timedelta(days=21), project=project, responsible_unit=unit,
        districts=[district], topics=[topic], partners=[partner],
    )
    event = EventFactory(
        title="Spacer badawczy po Starym Mieście", lead="Idziemy razem obejrzeć podwórka.",
        starts_at=start, ends_at=start + dt.timedelta(hours=2), consultation=consultation, responsible_unit=unit,
        venue_name="Centrum Obywatelskie", venue_address="ul. Przykładowa 1, Kraków", districts=[district],
    )
    campaign = CampaignFactory(title="Kampania o zieleni", lead="Mówimy o zieleni.", consultation=consultation, project=project)
    offer = OfferFactory(
        title="Szkolenie z moderacji", lead="Uczymy prowadzić spotkania.", audience="rady dzielnic",
        how_to_use="Zapisz się mailowo.", website="https://szkolenia.example.org",
    )
    attach_document(consultation)
    link_records(consultation, offer, note="pomaga przygotować spotkania")
    return {"project": project, "consultation": consultation, "event": event, "campaign": campaign, "offer": offer}
