"""Demo content of the newsroom: two news items, three press releases (one under a future embargo), a media list with
two outlets and a journalist, and a press contact. Idempotent: every item is found by its key or name.

Called by `manage.py seed_demo` (demo/services.py).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from directory.models import LegalBasis, Membership, Organisation, OrganisationKind, Person

from . import services
from .models import MediaList, NewsIndexPage, PressContact, PressReleasePage

NEWS = [
    ("demo-news-1", "Ruszają konsultacje zieleni w Nowej Hucie",
     "Do końca miesiąca mieszkańcy mogą zgłaszać pomysły na nowe skwery i łąki kwietne.",
     ["Spotkania odbędą się w domach kultury. Można też wypełnić ankietę w internecie."]),
    ("demo-news-2", "Podsumowanie spaceru badawczego po Podgórzu",
     "Dziękujemy 40 osobom, które wzięły udział w spacerze. Publikujemy wnioski.",
     ["Najczęściej mówiliście o bezpiecznych przejściach dla pieszych i o ławkach."]),
]
RELEASES = [
    ("demo-release-1", "Miasto zaprasza na debatę o budżecie obywatelskim",
     "Debata odbędzie się w Centrum Kongresowym ICE. Wstęp wolny.", None),
    ("demo-release-2", "Wyniki konsultacji w sprawie parku rzecznego Drwinka",
     "Mieszkańcy złożyli 312 uwag. Raport z konsultacji jest dostępny do pobrania.", None),
    ("demo-release-3", "Nowy program małych grantów dla rad dzielnic",
     "Prezydent przedstawi program na konferencji prasowej. Do tego czasu obowiązuje embargo.", timedelta(days=3)),
]


@transaction.atomic
def seed_demo_newsroom() -> int:
    """Create what is missing; returns how many items were created."""
    if not NewsIndexPage.objects.exists():
        return 0  # no page tree yet: `bootstrap` creates the index pages first
    created = 0
    for key, title, lead, rest in NEWS:
        if not services.NewsPage.objects.filter(delivery_key=key).exists():
            services.create_news_item(title=title, lead=lead, body_paragraphs=rest, day=timezone.localdate(),
                                      delivery_key=key)
            created += 1
    for key, title, lead, embargo in RELEASES:
        if not PressReleasePage.objects.filter(delivery_key=key).exists():
            release = services.create_release_draft(title=title, lead=lead, body_paragraphs=[], delivery_key=key)
            services.publish_release(release=release, user=None,
                                     embargo_until=timezone.now().replace(second=0, microsecond=0) + embargo if embargo else None)
            created += 1
    gazeta, _ = Organisation.objects.get_or_create(
        name="Gazeta Krakowska (demo)", defaults={"kind": OrganisationKind.MEDIA, "email": "redakcja@gazeta.example.org"})
    radio, _ = Organisation.objects.get_or_create(
        name="Radio Kraków (demo)", defaults={"kind": OrganisationKind.MEDIA, "email": "newsroom@radio.example.org"})
    journalist, made = Person.objects.get_or_create(
        email="anna.reporterka@gazeta.example.org",
        defaults={"first_name": "Anna", "last_name": "Reporterka", "legal_basis": LegalBasis.PUBLIC_SOURCE})
    if made:
        Membership.objects.create(person=journalist, organisation=gazeta, role="dziennikarka działu miejskiego")
    media_list, made = MediaList.objects.get_or_create(
        name="Media lokalne", defaults={"description": "Redakcje krakowskie: prasa, radio, portale."})
    if made:
        media_list.organisations.set([gazeta, radio])
        created += 1
    officer, made = Person.objects.get_or_create(
        email="rzecznik@dialog.example.org",
        defaults={"first_name": "Marta", "last_name": "Rzeczniczka", "phone": "12 616 00 00",
                  "legal_basis": LegalBasis.PUBLIC_TASK})
    unit = Organisation.objects.filter(kind=OrganisationKind.CITY_UNIT).order_by("pk").first()
    if made and unit is not None:  # every person in the directory belongs somewhere
        Membership.objects.create(person=officer, organisation=unit, role="rzeczniczka prasowa")
    PressContact.objects.get_or_create(person=officer, defaults={"role": "rzeczniczka prasowa Wydziału Dialogu"})
    return created
