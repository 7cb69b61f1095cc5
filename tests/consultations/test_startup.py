"""Loading the consultations' admin raises no warning about `wagtail.documents.permissions` (imported at module level
it gave a RuntimeWarning and a RemovedInWagtail90Warning at every start; the views use Wagtail's policy registry)."""

import subprocess
import sys
from pathlib import Path

PROGRAM = """
import warnings
warnings.simplefilter("always")
with warnings.catch_warnings(record=True) as caught:
    import django
    django.setup()
    import consultations.admin_views, consultations.wagtail_hooks  # noqa: E401, F401
print("\\n".join(f"{w.category.__name__}: {w.message}" for w in caught if "documents" in str(w.message)))
"""


def test_the_admin_views_load_without_the_documents_permissions_warning():
    result = subprocess.run(  # noqa: S603 – this interpreter, a program written in the test
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, timeout=300, check=True,
        cwd=Path(__file__).resolve().parents[2], env={"DJANGO_SETTINGS_MODULE": "dialog.settings.test", "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "", result.stdout
