"""Test runs: fast hashing, in-memory mail, tasks run on the spot."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .env import tasks_setting

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = tasks_setting("immediate")
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
# Wagtail's editor autosaves in the background every 500 ms; in browser tests such a request can still be
# in flight when the test ends and the live server's database is flushed, which makes teardown flaky.
WAGTAIL_AUTOSAVE_INTERVAL = 0
# Browser tests never fetch map tiles from the internet; a test that wants the survey map serves its own tiles.
DIALOG_MAP_TILES_URL = ""
# Browser tests wait for the live server to finish its requests before the database is flushed.
MIDDLEWARE = ["tests.live_requests.InFlightRequestsMiddleware", *MIDDLEWARE]  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A test database in a file, not in memory. For an in-memory database Django's live server shares one sqlite3
    # connection between the test and every request thread; Chromium's parallel requests (a beacon, a poll, an
    # image) then met a connection in use by another thread, and CI lost a login session or a page now and then.
    # A file gives each thread its own connection, as the web server and the task worker have in production.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"dialog-test-{os.getpid()}.sqlite3"),
    }
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;"  # noqa: F405
