"""Local development: embedded SQLite, console mail, debug pages."""

from .base import *  # noqa: F403

DEBUG = True
ALLOWED_HOSTS = ["*"]
