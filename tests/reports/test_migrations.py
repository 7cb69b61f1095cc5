"""Migration 0004: the results page's rows of published decisions are filled from the snapshots stored before."""

import importlib

import pytest
from django.apps import apps

from consultations import services as consultation_services
from reports.models import PublishedDecision, PublishedDecisionCategory, PublishedReport

pytestmark = pytest.mark.django_db

migration = importlib.import_module("reports.migrations.0004_published_decisions")


def rows() -> list[tuple]:
    decisions = PublishedDecision.objects.order_by("publication", "position").values_list(
        "publication", "position", "number", "received_on", "source", "author_type", "organisation", "document",
        "paragraph", "text", "decision", "justification", "duplicates",
    )
    categories = PublishedDecisionCategory.objects.order_by("decision__publication", "decision__position", "pk").values_list(
        "decision__publication", "decision__position", "category_id", "name",
    )
    return [*decisions, *categories]


def test_the_backfill_copies_each_snapshots_decisions_once(consultation, remarks, coordinator, publish):
    taken, refused, *_rest = remarks
    for name, coded in (("Zieleń", [taken, refused]), ("Ławki", [taken])):
        category = consultation_services.ensure_category(consultation=consultation, name=name, user=None)
        consultation_services.assign_category(remarks=coded, category=category, user=None)
    publication, _created = publish(consultation, coordinator)
    written = rows()  # as publishing writes them
    assert len(written) == 2 + 3 and written[0][2] == taken.pk and written[0][12] == 1  # two decisions, three categories
    before_snapshots = PublishedReport.objects.create(
        report=publication.report, number=2, revision=99, pdf="x.pdf", pdf_size=1, docx="x.docx", docx_size=1, snapshot={},
    )
    PublishedDecision.objects.all().delete()

    migration.fill_decisions(apps, None)
    assert rows() == written
    assert not before_snapshots.decisions.exists()  # nothing to copy: the page reads its live data
    migration.fill_decisions(apps, None)  # a version with rows is skipped
    assert rows() == written
