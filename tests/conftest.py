"""Fixtures shared by the whole suite."""

import pytest
from django.core.management import call_command


@pytest.fixture
def site_tree(db):
    """A bootstrapped installation: districts, councils, page tree, roles and workflow."""
    call_command("bootstrap", verbosity=0)
    from portal.models import HomePage

    return HomePage.objects.get()
