"""Compile every .po file of the project into .mo with Babel, so no system gettext is needed."""

from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings
from django.core.management.base import BaseCommand


def project_catalogues(base: Path) -> list[Path]:
    """The project's own catalogues: LOCALE_PATHS-style `locale/` at the root and one per app."""
    return sorted([*base.glob("locale/*/LC_MESSAGES/*.po"), *base.glob("*/locale/*/LC_MESSAGES/*.po")])


class Command(BaseCommand):
    help = "Compile the project's translation catalogues (.po → .mo) when they changed."

    def handle(self, *args, **options):
        compiled = 0
        for po_path in project_catalogues(Path(settings.BASE_DIR)):
            mo_path = po_path.with_suffix(".mo")
            if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                continue
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=po_path.parent.parent.name)
            with mo_path.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            compiled += 1
        if compiled and options["verbosity"]:
            self.stdout.write(f"Skompilowano tłumaczenia: {compiled}")
