"""The selection report as a tagged PDF (PDF/UA-1, WeasyPrint): the seed, the algorithm, quotas against the result,
the LEXIMIN probabilities against simple random sampling within quotas, and every candidate's probabilities under
a pseudonymous number (no names)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from . import quotas, selectors
from .models import CitizenPanel, SelectionRun


def report_html(panel: CitizenPanel, run: SelectionRun) -> str:
    with translation.override("pl"):
        return render_to_string("panels/report.html", {
            "panel": panel, "run": run, "rows": selectors.result_rows(run),
            "algorithm_version": run.algorithm_version, "near_zero": quotas.NEAR_ZERO,
            "srs_runs": run.srs_runs,
            "leximin_near_zero": run.rows.filter(leximin_probability__lt=quotas.NEAR_ZERO).count(), "fix_tolerance": quotas.FIX_TOLERANCE,
            "max_levels": settings.DIALOG_PANEL_LEXIMIN_MAX_LEVELS, "max_columns": settings.DIALOG_PANEL_LEXIMIN_MAX_COLUMNS,
        })


def report_pdf(panel: CitizenPanel, run: SelectionRun) -> bytes:
    """PDF/UA-1: tagged, document language pl, the title in the metadata (from the HTML's <title> and lang)."""
    from weasyprint import HTML  # on use, not at start: tests/core/test_process_imports.py

    return HTML(string=report_html(panel, run)).write_pdf(pdf_variant="pdf/ua-1")


def report_filename(panel: CitizenPanel, run: SelectionRun) -> str:
    return f"losowanie-{panel.slug}-{run.run_at:%Y-%m-%d}.pdf"
