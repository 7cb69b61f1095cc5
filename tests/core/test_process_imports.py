"""What every web process carries: the libraries that only some staff actions need are loaded when first used.

WeasyPrint, python-docx, openpyxl, XlsxWriter and scikit-learn took ≈ 80 MB of each server process from its start
(the export, report and analysis modules were imported by the admin views at URL loading), while only a worker that
prints, exports or groups remarks needs them; NumPy and SciPy another ≈ 55 MB (the panels' services imported the
solver), needed only by a worker that draws a panel or groups remarks. A new top-level import of one of them would
bring that back.
"""

import os
import subprocess
import sys

from django.conf import settings

LOADED_ON_USE = ("weasyprint", "docx", "openpyxl", "xlsxwriter", "sklearn", "numpy", "scipy")

STARTED_PROCESS = f"""
import sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # the admin's URLs, with every app's wagtail_hooks and views
import dialog.wsgi
print(" ".join(name for name in {LOADED_ON_USE!r} if name in sys.modules))
"""


def test_a_started_server_process_has_not_loaded_the_libraries_of_exports_reports_analysis_and_panel_draws():
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "dialog.settings.test"}
    started = subprocess.run(  # noqa: S603 – this interpreter and a fixed script
        [sys.executable, "-c", STARTED_PROCESS], env=environment, cwd=settings.BASE_DIR, capture_output=True, text=True, check=True,
    )
    assert started.stdout.split() == []
