"""Prepare a fresh installation: districts, district councils, page tree, roles. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand

from catalog.models import EventIndexPage
from core.roles import ensure_roles
from core.services import load_districts
from directory.services import ensure_district_councils
from portal.services import ensure_site_tree


class Command(BaseCommand):
    help = "Load districts and councils, create the portal pages, staff roles and the approval workflow."

    def add_arguments(self, parser):
        parser.add_argument("--districts", default=settings.DIALOG_DISTRICTS_FILE, help="CSV file with the city's districts")

    def handle(self, *args, districts, **options):
        count = load_districts(path=districts)
        councils = ensure_district_councils()
        home = ensure_site_tree()
        ensure_roles(root_page=home, partner_page=EventIndexPage.objects.get())
        self.stdout.write(f"Dzielnice: {count}, nowe rady dzielnic: {councils}, strona główna: {home.url_path}")
