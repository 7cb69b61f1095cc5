"""Writes of shared reference data."""

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify


@transaction.atomic
def load_districts(*, path: Path | str) -> int:
    """Create or update districts from a CSV (number, roman, name, area_km2, population, population_date, source).

    Another city loads its own file; re-running with the same file changes nothing.
    """
    from .models import District

    count = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            District.objects.update_or_create(
                number=int(row["number"]),
                defaults={
                    "roman": row["roman"].strip(),
                    "name": row["name"].strip(),
                    "slug": slugify(row["name"].replace("ł", "l").replace("Ł", "L")),
                    "area_km2": Decimal(row["area_km2"]) if row.get("area_km2") else None,
                    "population": int(row["population"]) if row.get("population") else None,
                    "population_date": date.fromisoformat(row["population_date"]) if row.get("population_date") else None,
                    "source": (row.get("source") or "").strip(),
                },
            )
            count += 1
    return count


@transaction.atomic
def load_channels(*, path: Path | str) -> int:
    """Create channels from a CSV (slug, name, daily_post_limit); existing ones keep what staff changed."""
    from .models import Channel

    count = 0
    with open(path, encoding="utf-8", newline="") as handle:
        for order, row in enumerate(csv.DictReader(handle)):
            limit = (row.get("daily_post_limit") or "").strip()
            Channel.objects.get_or_create(
                slug=row["slug"].strip(),
                defaults={"name": row["name"].strip(), "daily_post_limit": int(limit) if limit else None, "sort_order": order},
            )
            count += 1
    return count
