"""A panel recruiting now, with the standard criteria (districts from the bootstrapped data) and quotas."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from panels import services
from panels.models import CitizenPanel, PanelStatus


@pytest.fixture(autouse=True)
def polish():
    """Each test starts in Polish: the test client's requests leave their language active in the thread."""
    with translation.override("pl"):
        yield


@pytest.fixture
def panel(site_tree):
    now = timezone.now()
    panel = CitizenPanel.objects.create(
        title="Panel o transporcie", slug="panel-o-transporcie", recruitment_opens_at=now - timedelta(days=1),
        recruitment_closes_at=now + timedelta(days=10), panel_size=20, reserve_size=5, status=PanelStatus.RECRUITMENT,
    )
    services.add_standard_criteria(panel=panel)
    return panel


def answers_for(panel, i: int) -> dict[str, str]:
    """Deterministic answers that spread candidates over every option."""
    return {c.key: [o.value for o in c.options.all()][i % c.options.count()] for c in panel.criteria.all()}
