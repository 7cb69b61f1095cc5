"""Sign-up rules, quotas from the population data, a draw stored with its report, and binding recommendations."""

import re
import shutil
import subprocess
import zlib
from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from core.models import District
from panels import demo, report, selectors, services
from panels.models import Candidate, CriterionOption, PanelStatus, ResultRole, SelectionRun

from .conftest import answers_for

pytestmark = pytest.mark.django_db


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with every compressed stream inflated (WeasyPrint packs the catalog into object streams)."""
    parts = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)endstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream))
        except zlib.error:
            continue
    return b"\n".join(parts)


def test_sign_up_stores_consent_and_numbers_candidates(panel):
    first = services.sign_up(panel=panel, full_name="Anna Nowak", email="anna@example.org", answers=answers_for(panel, 0), consent=True)
    second = services.sign_up(panel=panel, full_name="Jan Kowalski", email="jan@example.org", answers=answers_for(panel, 1), consent=True)
    assert (first.number, second.number) == (1, 2)
    assert first.consent and first.consent_at is not None and first.consent_clause_version


def test_a_second_sign_up_with_the_same_email_is_refused_kindly(panel):
    services.sign_up(panel=panel, full_name="Anna Nowak", email="anna@example.org", answers=answers_for(panel, 0), consent=True)
    with pytest.raises(services.SignUpRefused) as refusal:
        services.sign_up(panel=panel, full_name="Anna N.", email="ANNA@example.org", answers=answers_for(panel, 1), consent=True)
    assert refusal.value.code == "duplicate"
    assert Candidate.objects.count() == 1


def test_the_database_refuses_a_duplicate_email_whatever_its_case(panel):
    services.sign_up(panel=panel, full_name="Anna Nowak", email="anna@example.org", answers=answers_for(panel, 0), consent=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Candidate.objects.create(panel=panel, number=2, full_name="X", email="Anna@Example.org", consent=True)


def test_sign_up_outside_the_window_or_without_consent_or_with_a_foreign_answer(panel):
    with pytest.raises(services.SignUpRefused) as refusal:
        services.sign_up(panel=panel, full_name="A", email="a@example.org", answers=answers_for(panel, 0), consent=False)
    assert refusal.value.code == "consent"
    bad = {**answers_for(panel, 0), "district": "atlantyda"}
    with pytest.raises(services.SignUpRefused):
        services.sign_up(panel=panel, full_name="A", email="a@example.org", answers=bad, consent=True)
    panel.recruitment_closes_at = timezone.now() - timedelta(minutes=1)
    panel.recruitment_opens_at = timezone.now() - timedelta(days=3)
    panel.save()
    with pytest.raises(services.SignUpRefused) as refusal:
        services.sign_up(panel=panel, full_name="A", email="a@example.org", answers=answers_for(panel, 0), consent=True)
    assert refusal.value.code == "closed_after"
    assert not Candidate.objects.exists()


def test_quotas_from_population_use_the_district_data(panel):
    services.fill_quotas_from_population(panel=panel)
    options = CriterionOption.objects.filter(criterion__panel=panel, criterion__key="district").select_related("district")
    total = sum(d.population for d in District.objects.all())
    stare_miasto = options.get(district__number=1)
    assert float(stare_miasto.population_share) == pytest.approx(stare_miasto.district.population / total, abs=1e-6)
    expected = stare_miasto.district.population / total * panel.panel_size
    assert stare_miasto.min_seats <= expected <= stare_miasto.max_seats
    assert stare_miasto.max_seats - stare_miasto.min_seats <= 1
    # Answers without a share get no quota (0 … panel size).
    age = CriterionOption.objects.filter(criterion__panel=panel, criterion__key="age").first()
    assert (age.min_seats, age.max_seats) == (0, panel.panel_size)


def _sign_up_many(panel, n):
    for i in range(n):
        services.sign_up(panel=panel, full_name=f"Osoba {i}", email=f"o{i}@example.org", answers=answers_for(panel, i), consent=True)


@override_settings(DIALOG_PANEL_SRS_RUNS=50, DIALOG_PANEL_LEXIMIN_MAX_COLUMNS=40)
def test_a_draw_is_stored_reproducibly_with_every_candidates_probability(panel):
    services.fill_quotas_from_population(panel=panel)
    _sign_up_many(panel, 72)
    first = services.run_selection(panel=panel, seed=1234)
    again = services.run_selection(panel=panel, seed=1234)
    assert first.result.selected == again.result.selected
    assert SelectionRun.objects.filter(panel=panel).count() == 2
    run = selectors.current_run(panel)
    assert run == again.run
    assert run.rows.filter(role=ResultRole.SELECTED).count() == panel.panel_size
    assert run.rows.filter(role=ResultRole.RESERVE).count() == panel.reserve_size
    assert run.rows.count() == 72
    assert all(q["met"] for q in run.quotas)
    assert run.leximin_min == min(run.rows.values_list("leximin_probability", flat=True)) > 0
    panel.refresh_from_db()
    assert panel.published_seed == 1234


def test_an_impossible_quota_is_refused_with_its_name(panel):
    services.fill_quotas_from_population(panel=panel)
    _sign_up_many(panel, 30)
    CriterionOption.objects.filter(criterion__panel=panel, value="kobieta").update(min_seats=19, max_seats=20)
    with pytest.raises(services.SelectionRefused) as refusal:
        services.run_selection(panel=panel, seed=1)
    assert "Płeć: kobieta" in refusal.value.message or "Płeć" in refusal.value.message
    assert not SelectionRun.objects.exists()


@override_settings(DIALOG_PANEL_BINDING_THRESHOLD=0.8)
def test_recommendations_at_80_percent_are_binding(panel):
    binding = services.record_recommendation(panel=panel, text="Więcej drzew", votes_for=16, votes_against=3, votes_abstain=1)
    short = services.record_recommendation(panel=panel, text="Mniej aut", votes_for=15, votes_against=4, votes_abstain=1)
    outside = services.record_recommendation(panel=panel, text="Zmiana ustawy", votes_for=20, votes_against=0, votes_abstain=0,
                                             within_city_powers=False)
    assert (binding.number, short.number) == (1, 2)
    assert binding.support == pytest.approx(0.8) and binding.is_binding
    assert not short.is_binding
    assert not outside.is_binding
    with override_settings(DIALOG_PANEL_BINDING_THRESHOLD=0.85):
        assert not binding.is_binding


@override_settings(DIALOG_PANEL_SRS_RUNS=50, DIALOG_PANEL_LEXIMIN_MAX_COLUMNS=40)
def test_the_report_is_a_tagged_polish_pdf_without_names(site_tree):
    panel = demo.seed_demo_panel(candidates=120)
    assert demo.seed_demo_panel() == panel  # idempotent
    run = selectors.current_run(panel)
    html = report.report_html(panel, run)
    assert str(run.seed) in html and "LEXIMIN" in html and "Najmniejsza szansa" in html
    assert "Kwoty a wynik losowania" in html
    assert not any(c.full_name in html or c.email in html for c in panel.candidates.all())
    pdf = report.report_pdf(panel, run)
    assert pdf.startswith(b"%PDF-1.7")
    objects = pdf_objects(pdf)
    assert b"/StructTreeRoot" in objects and b"/MarkInfo" in objects
    assert re.search(rb"/Lang\s*\(pl\)", objects)
    assert b"pdfuaid" in objects  # PDF/UA identification in the XMP metadata
    assert b"Raport z losowania panelu obywatelskiego" in objects  # the title, in the metadata
    if pdftotext := shutil.which("pdftotext"):  # poppler-utils, where installed: the text a reader gets out of the PDF
        text = subprocess.run([pdftotext, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()  # noqa: S603
        assert str(run.seed) in text and "Najmniejsza szansa" in text
        assert "Raport z losowania panelu obywatelskiego" in text


def test_contact_data_is_erased_the_retention_period_after_the_panel_finished(panel):
    for i in range(3):
        services.sign_up(panel=panel, full_name=f"Osoba {i}", email=f"osoba{i}@example.org", phone="600 100 200",
                         answers=answers_for(panel, i), consent=True)
    panel.status = PanelStatus.FINISHED
    panel.save()
    assert panel.finished_at is not None
    with override_settings(DIALOG_PANEL_RETENTION_MONTHS=6):
        assert services.erase_contact_data(now=panel.finished_at + timedelta(days=170)) == 0
        assert services.erase_contact_data(now=panel.finished_at + timedelta(days=190)) == 3
        assert services.erase_contact_data(now=panel.finished_at + timedelta(days=200)) == 0  # nothing left to erase
    kept = list(Candidate.objects.filter(panel=panel).order_by("number").values_list("number", "full_name", "email", "phone"))
    assert kept == [(n, "", f"{n}@usunieto.invalid", "") for n, *_ in kept]
    assert all(candidate.answers for candidate in Candidate.objects.filter(panel=panel))  # the draw stays checkable
