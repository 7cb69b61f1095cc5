from django.core.management.base import BaseCommand

from catalog import listing


class Command(BaseCommand):
    help = "Write the public listings' entries anew from the records (after importing records without signals)."

    def handle(self, *args, **options):
        count = listing.rebuild()
        self.stdout.write(f"Listing entries written for {count} live records.")
