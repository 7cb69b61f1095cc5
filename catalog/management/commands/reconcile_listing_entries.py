from django.core.management.base import BaseCommand

from catalog import listing


class Command(BaseCommand):
    help = "Repair the public listings' entries that differ from their records (after changes made past the ORM's save)."

    def handle(self, *args, **options):
        repaired = listing.reconcile()
        self.stdout.write(f"Listing entries repaired: {repaired}.")
