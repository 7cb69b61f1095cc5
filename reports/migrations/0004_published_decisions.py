"""The results page's read model of published decisions (`PublishedDecision`, `PublishedDecisionCategory`), filled
from the snapshot of every version published so far: the page then pages and filters decisions in SQL.

The backfill copies each entry of snapshot["decisions"] as `reports.services` does for a new version; the snapshot
itself is left as it is. A version that has rows already is skipped, so running the function again adds nothing.
Reversing removes the tables (the rows are a copy; the snapshots keep the record).
"""

import datetime

import django.db.models.deletion
from django.db import migrations, models

BATCH = 500


def fill_decisions(apps, schema_editor):
    PublishedReport = apps.get_model("reports", "PublishedReport")
    PublishedDecision = apps.get_model("reports", "PublishedDecision")
    PublishedDecisionCategory = apps.get_model("reports", "PublishedDecisionCategory")
    publications = (
        PublishedReport.objects.filter(snapshot__has_key="decisions", decisions__isnull=True)
        .only("pk", "snapshot").order_by("pk")
    )
    for publication in publications.iterator(chunk_size=20):
        lines = publication.snapshot["decisions"]
        rows = PublishedDecision.objects.bulk_create([
            PublishedDecision(
                publication=publication, position=position, number=line["number"],
                received_on=datetime.date.fromisoformat(line["received_on"]), source=line["source"],
                author_type=line["author_type"], organisation=line["organisation"], document=line["document"],
                paragraph=line["paragraph"], text=line["text"], decision=line["decision"],
                justification=line["justification"], duplicates=line["duplicates"],
            )
            for position, line in enumerate(lines)
        ], batch_size=BATCH)
        PublishedDecisionCategory.objects.bulk_create([
            PublishedDecisionCategory(decision=row, category_id=category_id, name=name)
            for row, line in zip(rows, lines, strict=True) for category_id, name in line["categories"]
        ], batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("reports", "0003_secret_report_file_names"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedDecision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(verbose_name="position")),
                ("number", models.PositiveIntegerField(verbose_name="remark number")),
                ("received_on", models.DateField(verbose_name="received on")),
                ("source", models.CharField(max_length=20, verbose_name="source")),
                ("author_type", models.CharField(max_length=20, verbose_name="author type")),
                ("organisation", models.CharField(blank=True, max_length=255, verbose_name="organisation")),
                ("document", models.CharField(blank=True, max_length=255, verbose_name="document")),
                ("paragraph", models.PositiveIntegerField(blank=True, null=True, verbose_name="paragraph")),
                ("text", models.TextField(verbose_name="text")),
                ("decision", models.CharField(max_length=20, verbose_name="decision")),
                ("justification", models.TextField(blank=True, verbose_name="justification")),
                ("duplicates", models.PositiveIntegerField(default=0, verbose_name="similar remarks")),
                ("publication", models.ForeignKey(
                    db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="decisions",
                    to="reports.publishedreport", verbose_name="published report",
                )),
            ],
            options={
                "verbose_name": "published decision",
                "verbose_name_plural": "published decisions",
            },
        ),
        migrations.CreateModel(
            name="PublishedDecisionCategory",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("category_id", models.PositiveIntegerField(verbose_name="category id")),
                ("name", models.CharField(max_length=120, verbose_name="name")),
                ("decision", models.ForeignKey(
                    db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name="categories",
                    to="reports.publisheddecision", verbose_name="published decision",
                )),
            ],
            options={
                "verbose_name": "category of a published decision",
                "verbose_name_plural": "categories of published decisions",
            },
        ),
        migrations.AddIndex(
            model_name="publisheddecision",
            index=models.Index(fields=["publication", "decision", "position"], name="published_decision_by_decision"),
        ),
        migrations.AddConstraint(
            model_name="publisheddecision",
            constraint=models.UniqueConstraint(fields=("publication", "position"), name="one_published_decision_per_position"),
        ),
        migrations.AddConstraint(
            model_name="publisheddecisioncategory",
            constraint=models.UniqueConstraint(fields=("decision", "category_id"), name="one_published_category_per_decision"),
        ),
        migrations.RunPython(fill_decisions, migrations.RunPython.noop),
    ]
