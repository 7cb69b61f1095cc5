"""Settings: production passes Django's deployment checklist, and every value from the environment is understood."""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from dialog.settings.env import (
    database_setting,
    env_bool,
    env_int,
    env_list,
    env_str,
    mailers_setting,
    map_tiles_setting,
    tasks_setting,
)

SETTINGS_DIR = Path(settings.BASE_DIR) / "dialog" / "settings"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


def run_python(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python in a fresh process that sees only PATH and the given variables, so defaults are really the defaults."""
    return subprocess.run(  # noqa: S603 – this interpreter, arguments written in the tests
        [sys.executable, *args],
        cwd=settings.BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def load_settings(module: str, **env: str) -> dict:
    """The upper-case names of settings module `module` as loaded with exactly `env`, through JSON."""
    code = (
        "import importlib, json, sys; s = importlib.import_module(sys.argv[1]); "
        "print(json.dumps({name: getattr(s, name) for name in dir(s) if name.isupper()}, default=str))"
    )
    result = run_python("-c", code, module, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_settings_pass_the_deployment_checklist_without_warnings():
    result = run_python(
        "manage.py", "check", "--deploy", "--fail-level", "WARNING",
        DJANGO_SETTINGS_MODULE="dialog.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="dialog.example.org",
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output


@pytest.mark.parametrize("secret_key", [None, "", "dev-insecure-secret-key-change-me"])
def test_production_settings_refuse_to_start_without_a_real_secret_key(secret_key):
    env = {"ALLOWED_HOSTS": "dialog.example.org"} | ({} if secret_key is None else {"SECRET_KEY": secret_key})
    result = run_python("-c", "import dialog.settings.production", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured: Set SECRET_KEY" in result.stderr


def test_production_sends_mail_through_smtp_unless_told_otherwise():
    loaded = load_settings("dialog.settings.production", SECRET_KEY=secrets.token_urlsafe(50))
    assert loaded["MAILERS"]["default"]["BACKEND"] == SMTP
    assert (loaded["DEBUG"], loaded["SESSION_COOKIE_SECURE"], loaded["SECURE_HSTS_SECONDS"]) == (False, True, 31536000)
    assert loaded["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_every_variable_has_a_safe_default():
    loaded = load_settings("dialog.settings.base")
    base_dir = Path(settings.BASE_DIR)
    assert loaded["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["DATABASES"]["default"]["NAME"] == str(base_dir / "var" / "dialog.sqlite3")
    assert "django.contrib.postgres" not in loaded["INSTALLED_APPS"]
    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert loaded["MAILERS"]["default"]["BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert loaded["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert loaded["STORAGES"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert loaded["MEDIA_ROOT"] == str(base_dir / "var" / "media")
    assert loaded["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_deployment_values_come_from_the_environment():
    loaded = load_settings(
        "dialog.settings.base",
        DATABASE_URL="postgres://dialog:s3cret@db.internal:5433/dialog",
        DATABASE_CONN_MAX_AGE="120",
        TASKS_BACKEND="immediate",
        MEDIA_STORAGE="storages.backends.s3.S3Storage",
        MEDIA_ROOT="/srv/dialog/media",
        REDIS_URL="redis://cache.internal:6379/1",
        EMAIL_URL="smtp+tls://dialog:pass@mail.internal",
        ALLOWED_HOSTS="dialog.example.org, www.dialog.example.org",
        DEBUG="no",
    )
    database = loaded["DATABASES"]["default"]
    assert (database["ENGINE"], database["HOST"], database["PORT"], database["NAME"], database["CONN_MAX_AGE"]) == (
        "django.db.backends.postgresql", "db.internal", 5433, "dialog", 120,
    )
    assert "django.contrib.postgres" in loaded["INSTALLED_APPS"]
    assert loaded["TASKS"]["default"]["BACKEND"] == "django.tasks.backends.immediate.ImmediateBackend"
    assert loaded["STORAGES"]["default"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert loaded["MEDIA_ROOT"] == "/srv/dialog/media"
    assert loaded["CACHES"]["default"]["LOCATION"] == "redis://cache.internal:6379/1"
    assert loaded["MAILERS"]["default"]["OPTIONS"]["host"] == "mail.internal"
    assert loaded["ALLOWED_HOSTS"] == ["dialog.example.org", "www.dialog.example.org"]


def test_every_variable_read_in_settings_is_documented_in_base():
    """The table at the top of base.py (copied into the README) lists exactly the variables the settings read."""
    read = set()
    for module in SETTINGS_DIR.glob("*.py"):
        source = module.read_text()
        assert module.name == "env.py" or "os.environ" not in source, f"{module.name} bypasses the env readers"
        read |= set(re.findall(r'env_\w+\(\s*"([A-Z][A-Z0-9_]*)"', source))
    docstring = (SETTINGS_DIR / "base.py").read_text().split('"""')[1]
    documented = set(re.findall(r"^    ([A-Z][A-Z0-9_]+) ", docstring, flags=re.MULTILINE))
    assert read == documented


# Readers of single variables


@pytest.mark.parametrize("value, expected", [("1", True), ("true", True), (" Yes ", True), ("on", True),
                                             ("0", False), ("False", False), ("no", False), ("off", False)])
def test_env_bool_reads_yes_and_no(monkeypatch, value, expected):
    monkeypatch.setenv("DIALOG_TEST_FLAG", value)
    assert env_bool("DIALOG_TEST_FLAG", not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_or_empty_takes_the_default(monkeypatch, default):
    monkeypatch.delenv("DIALOG_TEST_FLAG", raising=False)
    assert env_bool("DIALOG_TEST_FLAG", default) is default
    monkeypatch.setenv("DIALOG_TEST_FLAG", "")
    assert env_bool("DIALOG_TEST_FLAG", default) is default


def test_env_bool_rejects_a_typo_instead_of_guessing(monkeypatch):
    monkeypatch.setenv("DIALOG_TEST_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="DIALOG_TEST_FLAG"):
        env_bool("DIALOG_TEST_FLAG", False)


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("DIALOG_TEST_LIST", " a.example.org ,b.example.org,, ")
    assert env_list("DIALOG_TEST_LIST", ["default"]) == ["a.example.org", "b.example.org"]
    monkeypatch.delenv("DIALOG_TEST_LIST")
    assert env_list("DIALOG_TEST_LIST", ["default"]) == ["default"]


def test_env_int_and_env_str(monkeypatch):
    monkeypatch.setenv("DIALOG_TEST_NUMBER", "42")
    assert env_int("DIALOG_TEST_NUMBER", 1) == 42
    monkeypatch.setenv("DIALOG_TEST_NUMBER", "forty-two")
    with pytest.raises(ImproperlyConfigured, match="DIALOG_TEST_NUMBER"):
        env_int("DIALOG_TEST_NUMBER", 1)
    monkeypatch.setenv("DIALOG_TEST_NUMBER", "")
    assert (env_int("DIALOG_TEST_NUMBER", 1), env_str("DIALOG_TEST_NUMBER", "x")) == (1, "x")


# EMAIL_URL, DATABASE_URL, TASKS_BACKEND


@pytest.mark.parametrize("url", ["console://", "locmem://", "dummy://"])
def test_mailers_for_local_backends_have_no_options(url):
    name = url.removesuffix("://")
    assert mailers_setting(url) == {"default": {"BACKEND": f"django.core.mail.backends.{name}.EmailBackend", "OPTIONS": {}}}


@pytest.mark.parametrize(
    "url, options",
    [
        ("smtp://mail.example.org", {"host": "mail.example.org", "port": 25, "username": "", "password": "",
                                     "use_tls": False, "use_ssl": False, "timeout": 30}),
        ("smtp://dialog:p%40ss%3Aword@mail.example.org:2525", {"host": "mail.example.org", "port": 2525,
                                                              "username": "dialog", "password": "p@ss:word",
                                                              "use_tls": False, "use_ssl": False, "timeout": 30}),
        ("smtp+tls://dialog%40example.org:secret@smtp.example.org", {"host": "smtp.example.org", "port": 587,
                                                                    "username": "dialog@example.org",
                                                                    "password": "secret", "use_tls": True,
                                                                    "use_ssl": False, "timeout": 30}),
        ("smtp+ssl://u:p@smtp.example.org:4650?timeout=5", {"host": "smtp.example.org", "port": 4650,
                                                           "username": "u", "password": "p", "use_tls": False,
                                                           "use_ssl": True, "timeout": 5}),
    ],
)
def test_mailers_for_smtp_urls(url, options):
    assert mailers_setting(url) == {"default": {"BACKEND": SMTP, "OPTIONS": options}}


def test_smtp_options_are_ones_django_accepts():
    with override_settings(MAILERS=mailers_setting("smtp+tls://dialog:secret@smtp.example.org:587?timeout=10")):
        backend = mail.mailers.default
    assert (backend.host, backend.port, backend.username, backend.use_tls, backend.timeout) == (
        "smtp.example.org", 587, "dialog", True, 10,
    )


@pytest.mark.parametrize("url", ["sendmail://localhost", "http://mail.example.org", "", "smtp://host:port",
                                 "smtp://host?timeout=soon"])
def test_mailers_refuse_what_they_cannot_understand(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        mailers_setting(url)


def test_sqlite_database_shares_the_file_between_web_server_and_worker():
    database = database_setting("sqlite:////srv/dialog/dialog.sqlite3", conn_max_age=60)
    assert (database["ENGINE"], database["NAME"], database["CONN_MAX_AGE"]) == (
        "django.db.backends.sqlite3", "/srv/dialog/dialog.sqlite3", 0,
    )
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgresql_database_keeps_connections():
    database = database_setting("postgres://dialog:pa%2Fss@db.internal:5432/dialog", conn_max_age=60)
    assert (database["ENGINE"], database["USER"], database["PASSWORD"], database["HOST"], database["NAME"]) == (
        "django.db.backends.postgresql", "dialog", "pa/ss", "db.internal", "dialog",
    )
    assert database["CONN_MAX_AGE"] == 60
    assert "init_command" not in database["OPTIONS"]
    assert database["OPTIONS"]["prepare_threshold"] == 0  # psycopg prepares a server-bound statement when first run


def test_postgresql_prepared_statements_can_be_turned_off_for_a_pooler():
    database = database_setting("postgres://dialog@db.internal/dialog", conn_max_age=60, prepared_statements=False)
    assert database["OPTIONS"]["prepare_threshold"] is None


def test_an_unknown_database_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_setting("mongodb://localhost/dialog", conn_max_age=60)


@pytest.mark.parametrize("name, backend", [("database", "django_tasks_db.DatabaseBackend"),
                                           ("immediate", "django.tasks.backends.immediate.ImmediateBackend")])
def test_tasks_backend_choice(name, backend):
    assert tasks_setting(name) == {"default": {"BACKEND": backend}}


def test_an_unknown_tasks_backend_is_refused():
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND"):
        tasks_setting("rq")


# DIALOG_MAP_TILES_URL (the optional map of a survey's place question)


def test_the_survey_map_defaults_to_openstreetmap_tiles_with_their_attribution():
    loaded = load_settings("dialog.settings.base")
    assert loaded["DIALOG_MAP_TILES_URL"] == "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "https://www.openstreetmap.org/copyright" in loaded["DIALOG_MAP_ATTRIBUTION"]
    assert load_settings("dialog.settings.base", DIALOG_MAP_TILES_URL="off")["DIALOG_MAP_TILES_URL"] == ""


def test_map_tiles_take_an_http_template_or_off():
    assert map_tiles_setting("https://tiles.example.org/{z}/{x}/{y}.png") == "https://tiles.example.org/{z}/{x}/{y}.png"
    assert map_tiles_setting(" OFF ") == ""
    for wrong in ("tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/tile.png", "javascript:{z}{x}{y}"):
        with pytest.raises(ImproperlyConfigured, match="DIALOG_MAP_TILES_URL"):
            map_tiles_setting(wrong)
