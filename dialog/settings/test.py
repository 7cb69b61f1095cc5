"""Test runs: fast hashing, in-memory mail, tasks run on the spot."""

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
# Browser tests wait for the live server to finish its requests before the database is flushed.
MIDDLEWARE = ["tests.live_requests.InFlightRequestsMiddleware", *MIDDLEWARE]  # noqa: F405
