"""Test runs: fast hashing, in-memory mail, tasks run on the spot."""

from .base import *  # noqa: F403
from .env import tasks_setting

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = tasks_setting("immediate")
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = BASE_DIR / "var" / "test-media"  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
