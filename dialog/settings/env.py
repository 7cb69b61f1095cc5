"""Reading configuration from the environment.

Every reader takes the safe default the variable falls back to; an unset or empty variable gets it.
A value that is present but cannot be understood stops the start with ImproperlyConfigured instead of
silently becoming something else.
"""

import json
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def _raw(name: str) -> str | None:
    """The variable's value; empty counts as unset, as in env files that list `NAME=` without a value."""
    return os.environ.get(name) or None


def env_str(name: str, default: str) -> str:
    return _raw(name) or default


def env_path(name: str, default: Path) -> Path:
    return Path(_raw(name) or default)


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value (use one of {sorted(TRUE_WORDS | FALSE_WORDS)})")
    return word in TRUE_WORDS


def env_int(name: str, default: int) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """A comma-separated list; blanks around and between commas are ignored."""
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_json_object(name: str) -> dict:
    """A JSON object (e.g. credentials of the social networks); the message never repeats the value, which may hold secrets."""
    value = _raw(name)
    if value is None:
        return {}
    try:
        parsed = json.loads(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not valid JSON") from None
    if not isinstance(parsed, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object")
    return parsed


def database_setting(url: str, *, conn_max_age: int, prepared_statements: bool = True) -> dict[str, object]:
    """One DATABASES entry from DATABASE_URL.

    SQLite gets WAL, a busy timeout and IMMEDIATE transactions so the web server and the task worker
    can share the file; it keeps no persistent connections. On PostgreSQL, `prepared_statements` lets
    `core.prepared` keep its statements prepared on each connection (psycopg's `prepare_threshold`;
    Django's own queries are never prepared).
    """
    try:
        database = dj_database_url.parse(url, conn_max_age=conn_max_age)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be used: {error}") from None
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
        database["CONN_MAX_AGE"] = 0
    elif database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {})["prepare_threshold"] = 0 if prepared_statements else None
    return database


EMAIL_BACKENDS = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
    "dummy": "django.core.mail.backends.dummy.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+tls": "django.core.mail.backends.smtp.EmailBackend",
    "smtp+ssl": "django.core.mail.backends.smtp.EmailBackend",
}
# Without a port in the URL: plain SMTP, STARTTLS submission, implicit TLS.
SMTP_DEFAULT_PORTS = {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}


def mailers_setting(url: str) -> dict[str, dict[str, object]]:
    """Translate EMAIL_URL (console://, locmem://, dummy://, smtp://user:pass@host:port, smtp+tls://, smtp+ssl://) to MAILERS.

    User name and password are percent-decoded, so "%40" in the URL stands for "@"; `?timeout=` sets
    the SMTP timeout in seconds (30 by default).
    """
    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme not in EMAIL_BACKENDS:
        raise ImproperlyConfigured(f"EMAIL_URL scheme {scheme!r} is not one of {sorted(EMAIL_BACKENDS)}")
    options: dict[str, object] = {}
    if scheme in SMTP_DEFAULT_PORTS:
        timeout = parse_qs(parsed.query).get("timeout", ["30"])[0]
        try:
            options = {
                "host": parsed.hostname or "localhost",
                "port": parsed.port or SMTP_DEFAULT_PORTS[scheme],
                "username": unquote(parsed.username or ""),
                "password": unquote(parsed.password or ""),
                "use_tls": scheme == "smtp+tls",
                "use_ssl": scheme == "smtp+ssl",
                "timeout": int(timeout),
            }
        except ValueError as error:
            raise ImproperlyConfigured(f"EMAIL_URL cannot be used: {error}") from None
    return {"default": {"BACKEND": EMAIL_BACKENDS[scheme], "OPTIONS": options}}


TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}


def tasks_setting(name: str) -> dict[str, dict[str, object]]:
    """TASKS from TASKS_BACKEND: "database" (stored, run by `manage.py db_worker`) or "immediate" (run in the request)."""
    if name not in TASK_BACKENDS:
        raise ImproperlyConfigured(f"TASKS_BACKEND {name!r} is not one of {sorted(TASK_BACKENDS)}")
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


def map_tiles_setting(url: str) -> str:
    """DIALOG_MAP_TILES_URL: an http(s) tile address with {z}, {x} and {y} (Leaflet's template), or "off" → "" (no map)."""
    if url.strip().lower() == "off":
        return ""
    if not (url.startswith(("https://", "http://")) and all(part in url for part in ("{z}", "{x}", "{y}"))):
        raise ImproperlyConfigured(f"DIALOG_MAP_TILES_URL={url!r} is not an http(s) address with {{z}}, {{x}} and {{y}}, nor off")
    return url
