"""Fixtures shared by the whole suite."""

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: cached menus and branding must not outlive the test's database."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def site_tree(db):
    """A bootstrapped installation: districts, councils, page tree, roles and workflow."""
    call_command("bootstrap", verbosity=0)
    from portal.models import HomePage

    return HomePage.objects.get()


@pytest.fixture(scope="session")
def compiled_translations():
    """Fresh .mo files, loaded anew: tests that read translated text do not depend on `bin/test` having compiled them."""
    from django.conf import settings
    from django.test import override_settings

    call_command("compiletranslations", verbosity=0)
    with override_settings(LOCALE_PATHS=settings.LOCALE_PATHS):  # entering and leaving drops Django's loaded catalogues
        pass


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` are skipped on any other database."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL=postgres://…)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)
