"""Notifications for the planner: who is told what, in Polish, and who is not told."""

import pytest

from campaigns.models import ActionStatus
from noticeboard import selectors, services
from noticeboard.models import Notification, NotificationKind
from tests.factories import ActionFactory

from .conftest import at

pytestmark = pytest.mark.django_db


def test_notify_creates_an_unread_notification(people):
    notification = services.notify(
        recipient=people["redaktor"], kind=NotificationKind.OTHER, message="Wiadomość próbna", url="/admin/"
    )
    assert notification.read_at is None
    assert list(selectors.inbox(people["redaktor"])) == [notification]
    assert selectors.unread_count(people["redaktor"]) == 1
    assert selectors.unread_count(people["autor"]) == 0


def test_assigning_an_action_tells_the_new_person_in_polish(compiled_translations, people, campaign):
    action = ActionFactory(campaign=campaign, title="Post o drzewach", starts_at=at(14, 9), responsible=people["redaktor"])
    notification = services.action_assigned(action=action, by=people["koordynator"])
    assert notification.recipient == people["redaktor"]
    assert notification.kind == NotificationKind.ACTION_ASSIGNED
    assert notification.message == (
        "Ewa Zielińska przydziela Ci działanie „Post o drzewach” w kampanii „Kampania o zieleni” (14 marca 2030, 09:00)."
    )
    assert notification.url == f"/admin/snippets/campaigns/action/edit/{action.pk}/"


def test_taking_an_action_oneself_tells_nobody(people, campaign):
    action = ActionFactory(campaign=campaign, responsible=people["redaktor"])
    assert services.action_assigned(action=action, by=people["redaktor"]) is None
    assert services.action_assigned(action=ActionFactory(campaign=campaign, responsible=None), by=people["redaktor"]) is None
    assert not Notification.objects.exists()


def test_status_change_tells_the_responsible_person_and_the_owner_but_not_the_one_who_changed_it(
    compiled_translations, people, campaign
):
    action = ActionFactory(campaign=campaign, title="Artykuł", responsible=people["redaktor"], status=ActionStatus.AWAITING_APPROVAL)
    sent = services.action_status_changed(action=action, old_status=ActionStatus.IN_PROGRESS, by=people["koordynator"])
    assert sorted(n.recipient.username for n in sent) == ["redaktor", "wlascicielka"]
    assert sent[0].message == (
        "Ewa Zielińska zmienia status działania „Artykuł” w kampanii „Kampania o zieleni” z „w toku” na „czeka na zatwierdzenie”."
    )
    Notification.objects.all().delete()
    by_owner = services.action_status_changed(action=action, old_status=ActionStatus.IN_PROGRESS, by=people["owner"])
    assert [n.recipient for n in by_owner] == [people["redaktor"]]


def test_status_change_is_told_once_to_a_person_who_is_both_responsible_and_owner(people, campaign):
    action = ActionFactory(campaign=campaign, responsible=people["owner"], status=ActionStatus.DONE)
    sent = services.action_status_changed(action=action, old_status=ActionStatus.READY, by=None)
    assert [n.recipient for n in sent] == [people["owner"]]
    assert services.action_status_changed(action=action, old_status=ActionStatus.DONE, by=None) == []


def test_mark_read_and_mark_all_read(people):
    first, second = (services.notify(recipient=people["autor"], kind="other", message=text, url="") for text in ("a", "b"))
    services.notify(recipient=people["redaktor"], kind="other", message="c", url="")
    services.mark_read(notification=first)
    read_at = Notification.objects.get(pk=first.pk).read_at
    assert read_at is not None
    services.mark_read(notification=first)
    assert Notification.objects.get(pk=first.pk).read_at == read_at  # the first reading time stays
    assert services.mark_all_read(user=people["autor"]) == 1
    assert selectors.unread_count(people["autor"]) == 0
    assert selectors.unread_count(people["redaktor"]) == 1
