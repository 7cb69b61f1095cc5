"""Fill a bootstrapped installation with Polish demo content; `--scale N` adds N generated records.

Safe to run again: existing content is recognised by slug, name, e-mail or username and skipped.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from catalog.models import EventIndexPage
from core.roles import ROLES
from demo import content
from demo.services import login_table, seed_content
from demo.volume import create_volume_records

LABELS = {
    "topics": "tematy",
    "organisations": "organizacje",
    "people": "osoby",
    "users": "konta",
    "projectpage": "projekty",
    "consultationpage": "konsultacje",
    "campaignpage": "kampanie",
    "eventpage": "wydarzenia",
    "offerpage": "oferta",
    "actions": "działania w planach kampanii",
    "registrations": "zapisy na wydarzenia",
    "messages": "komunikaty",
    "surveys": "ankiety",
    "documents": "dokumenty do komentowania",
    "panels": "panele obywatelskie",
}


@contextmanager
def quiet_logger(name: str, quiet: bool) -> Iterator[None]:
    """Wagtail logs a line per created and published page; the summary below is enough at normal verbosity."""
    logger = logging.getLogger(name)
    previous = logger.level
    if quiet:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(previous)


class Command(BaseCommand):
    help = "Load Polish demo content (after `bootstrap`); --scale N adds N generated records for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument(
            "--today", type=date.fromisoformat, default=None,
            help="Anchor day YYYY-MM-DD that demo dates count from (default: today); the same day gives the same data.",
        )
        parser.add_argument("--scale", type=int, default=0, help="Also make sure N generated records exist (rekord-00001…).")
        parser.add_argument(
            "--password", default=None,
            help=f"Password of the demo accounts (default: {content.DEMO_PASSWORD}; required when DEBUG is off).",
        )

    def handle(self, *args, today: date | None, scale: int, password: str | None, **options):
        if not EventIndexPage.objects.exists() or Group.objects.filter(name__in=ROLES).count() < len(ROLES):
            raise CommandError("Brak stron portalu lub ról. Najpierw uruchom: manage.py bootstrap")
        if scale < 0:
            raise CommandError("--scale nie może być ujemne.")
        if password is None and not settings.DEBUG:
            # A publicly documented password must never end up on a real server by accident.
            raise CommandError("DEBUG jest wyłączony: podaj hasło kont demonstracyjnych opcją --password.")
        password = password or content.DEMO_PASSWORD
        anchor = today or timezone.localdate()
        with quiet_logger("wagtail", quiet=options["verbosity"] < 2):
            result = seed_content(anchor=anchor, password=password)
        self.stdout.write(f"Dane demonstracyjne na dzień {anchor.isoformat()}:")
        for key, label in LABELS.items():
            self.stdout.write(f"  {label}: nowe {result.created[key]}, istniejące {result.skipped[key]}")
        if scale:
            created = create_volume_records(count=scale, anchor=anchor)
            self.stdout.write(f"  rekordy generowane: nowe {created}, istniejące {scale - created}")
        shown = password if password == content.DEMO_PASSWORD else "(podane w --password)"  # only the public one
        self.stdout.write("\nKonta demonstracyjne (panel: /admin/):\n" + login_table(content.USERS, shown))
