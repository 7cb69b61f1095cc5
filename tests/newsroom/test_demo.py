"""The newsroom's demo content: created once, found again on every later run."""

import pytest

from newsroom.demo import seed_demo_newsroom
from newsroom.models import MediaList, NewsPage, PressContact, PressReleasePage
from newsroom.selectors import public_releases

pytestmark = pytest.mark.django_db


def test_the_demo_content_is_created_once(site_tree):
    assert seed_demo_newsroom() == 6
    assert seed_demo_newsroom() == 0
    assert NewsPage.objects.live().count() == 2
    assert PressReleasePage.objects.count() == 3
    assert public_releases().count() == 2  # the third waits for its embargo
    embargoed = PressReleasePage.objects.get(live=False)
    assert embargoed.scheduled_revision is not None and embargoed.go_live_at is not None
    assert MediaList.objects.get().organisations.count() == 2
    assert PressContact.objects.count() == 1
