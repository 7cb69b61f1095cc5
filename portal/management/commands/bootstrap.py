"""Prepare a fresh installation: districts, councils, channels, campaign templates, page tree, roles. Safe to run again."""

from django.conf import settings
from django.core.management.base import BaseCommand

from campaigns.services import load_campaign_templates
from catalog.models import EventIndexPage
from core.roles import KOORDYNATOR, REDAKTOR, ensure_roles
from core.services import load_channels, load_districts
from directory.services import ensure_district_councils
from newsroom.services import ensure_newsroom_pages
from portal.services import ensure_site_tree
from publishing.services import ensure_message_workflow


class Command(BaseCommand):
    help = "Load districts and councils, create the portal pages, staff roles and the approval workflows."

    def add_arguments(self, parser):
        parser.add_argument("--districts", default=settings.DIALOG_DISTRICTS_FILE, help="CSV file with the city's districts")
        parser.add_argument("--channels", default=settings.DIALOG_CHANNELS_FILE, help="CSV file with the unit's channels")

    def handle(self, *args, districts, channels, **options):
        count = load_districts(path=districts)
        load_channels(path=channels)
        load_campaign_templates(folder=settings.DIALOG_CAMPAIGN_TEMPLATES_DIR)
        councils = ensure_district_councils()
        home = ensure_site_tree()
        ensure_newsroom_pages(home=home)
        groups = ensure_roles(root_page=home, partner_page=EventIndexPage.objects.get())
        ensure_message_workflow(reviewers=[groups[REDAKTOR], groups[KOORDYNATOR]], approvers=[groups[KOORDYNATOR]])
        self.stdout.write(f"Dzielnice: {count}, nowe rady dzielnic: {councils}, strona główna: {home.url_path}")
