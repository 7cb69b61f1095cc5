"""A PostgreSQL text search configuration for Polish text.

PostgreSQL ships no Polish stemmer, so `dialog_pl` is `simple` with `unaccent` in front: residents
who type "lodz" or "zrodlo" find "Łódź" and "źródło", case-insensitively. Wagtail's search backend
uses it through SEARCH_CONFIG. Polish stems (and "ł" → "l" on SQLite, whose FTS5 keeps it) come from
the records' stemmed search fields, see catalog/stemming.py.
"""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'dialog_pl') THEN
    CREATE TEXT SEARCH CONFIGURATION dialog_pl (COPY = simple);
    ALTER TEXT SEARCH CONFIGURATION dialog_pl
      ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part WITH unaccent, simple;
  END IF;
END $$;
"""
DROP = "DROP TEXT SEARCH CONFIGURATION IF EXISTS dialog_pl;"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
