"""Move the files of versions published before their names were secret (raporty/<consultation id>/raport-<slug>-…,
guessable from the public page) to secret names; they stay downloadable through the results page's address.

Not atomic: each row is switched to its copy before the old file is deleted, so an interrupted run leaves at worst
an unused copy, never a row without its file. Running it again skips rows already moved.
"""

import logging
import re
import secrets

from django.db import migrations

GUESSABLE = re.compile(r"^raporty/\d+/")
logger = logging.getLogger(__name__)


def move_files(apps, schema_editor):
    PublishedReport = apps.get_model("reports", "PublishedReport")
    storage = PublishedReport._meta.get_field("pdf").storage
    for publication in PublishedReport.objects.order_by("pk").iterator():
        old_names = []
        for kind in ("pdf", "docx"):
            old = getattr(publication, kind).name
            if not old or not GUESSABLE.match(old):
                continue
            if not storage.exists(old):
                logger.warning("Report file %s of publication %s is missing; left as it is", old, publication.pk)
                continue
            with storage.open(old, "rb") as content:
                new = storage.save(f"raporty/{secrets.token_urlsafe(32)}/raport.{kind}", content)
            setattr(publication, kind, new)
            old_names.append(old)
        if old_names:
            publication.save(update_fields=["pdf", "docx"])
            for old in old_names:
                storage.delete(old)


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("reports", "0002_publishedreport_snapshot"),
    ]

    operations = [
        migrations.RunPython(move_files, migrations.RunPython.noop),
    ]
