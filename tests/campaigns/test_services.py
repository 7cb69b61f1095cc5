"""Writes of campaign plans: actions with an audit trail, and a campaign made from a template."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from campaigns.models import Action, ActionKind, ActionStatus, CampaignTemplate, TemplateAnchor
from campaigns.services import create_action, create_campaign_from_template, update_action
from core.models import Channel
from tests.factories import ActionFactory, CampaignFactory, ConsultationFactory, TemplateActionFactory, UserFactory

pytestmark = pytest.mark.django_db
WARSAW = ZoneInfo("Europe/Warsaw")


def at(day: int, hour: int = 10, month: int = 3) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, tzinfo=WARSAW)


def test_create_action_logs_who_created_it(site_tree):
    user = UserFactory()
    action = create_action(campaign=CampaignFactory(), user=user, title="Post startowy", starts_at=at(1), kind=ActionKind.SOCIAL_POST)
    entry = ModelLogEntry.objects.for_instance(action).get(action="wagtail.create")
    assert entry.user == user


def test_invalid_action_is_not_saved(site_tree):
    with pytest.raises(ValidationError) as error:
        create_action(campaign=CampaignFactory(), user=None, title="", starts_at=at(5), ends_at=at(4))
    assert set(error.value.message_dict) == {"title", "ends_at"}
    assert not Action.objects.exists()


def test_update_action_logs_the_changed_fields_only(site_tree):
    redaktor = UserFactory(username="redaktor")
    action = ActionFactory(campaign=CampaignFactory(), starts_at=at(1))
    update_action(action=action, user=redaktor, responsible=redaktor, status=ActionStatus.IN_PROGRESS, title=action.title)
    entry = ModelLogEntry.objects.for_instance(action).get(action="wagtail.edit")
    assert entry.user == redaktor
    assert set(entry.data["changes"]) == {"responsible", "status"}
    assert entry.data["changes"]["status"] == {"from": "todo", "to": "in_progress"}


def test_update_without_changes_writes_no_log(site_tree):
    action = ActionFactory(campaign=CampaignFactory())
    update_action(action=action, user=None, title=action.title)
    assert not ModelLogEntry.objects.for_instance(action).filter(action="wagtail.edit").exists()


def test_standard_template_is_loaded_by_bootstrap_with_its_channels(site_tree):
    template = CampaignTemplate.objects.get(name="Standardowa kampania informacyjna konsultacji")
    first = template.actions.order_by("sort_order").first()
    assert (first.offset_days, first.channel.slug) == (-14, "facebook")
    assert template.actions.filter(reports_results=True).count() == 1


def test_campaign_from_template_places_actions_around_the_consultation(site_tree):
    consultation = ConsultationFactory(starts_at=at(1, 0), ends_at=at(31, 23))
    template = TemplateActionFactory(title="Zapowiedź", anchor=TemplateAnchor.START, offset_days=-14, at_time=dt.time(9, 30)).template
    TemplateActionFactory(template=template, title="Spotkanie", anchor=TemplateAnchor.MIDDLE, at_time=dt.time(17, 0))
    TemplateActionFactory(template=template, title="Raport", anchor=TemplateAnchor.END, offset_days=30, reports_results=True)
    owner = UserFactory()

    campaign = create_campaign_from_template(template=template, title="Kampania konsultacji", user=owner, consultation=consultation, responsible=owner)

    actions = {action.title: action for action in campaign.actions.all()}
    assert actions["Zapowiedź"].starts_at == dt.datetime(2027, 2, 15, 9, 30, tzinfo=WARSAW)
    assert actions["Spotkanie"].starts_at == dt.datetime(2027, 3, 16, 17, 0, tzinfo=WARSAW)
    assert actions["Raport"].starts_at == dt.datetime(2027, 4, 30, 10, 0, tzinfo=WARSAW) and actions["Raport"].reports_results
    assert {action.responsible for action in actions.values()} == {owner}
    assert not campaign.live and campaign.consultation == consultation
    assert (campaign.starts_at, campaign.ends_at) == (actions["Zapowiedź"].starts_at, actions["Raport"].starts_at)


def test_campaign_from_template_needs_an_anchor_period(site_tree):
    template = TemplateActionFactory().template
    with pytest.raises(ValueError):
        create_campaign_from_template(template=template, title="Bez dat", user=None, consultation=ConsultationFactory(starts_at=None, ends_at=None))


def test_channel_of_a_template_action_is_optional(site_tree):
    template = TemplateActionFactory(channel=None).template
    campaign = create_campaign_from_template(template=template, title="Kampania", user=None, start=dt.date(2027, 1, 1), end=dt.date(2027, 1, 31))
    assert campaign.actions.get().channel is None
    assert Channel.objects.filter(slug="facebook").exists()  # bootstrap loaded the channel list


def test_reassigning_an_action_tells_the_new_person_and_a_status_change_the_owner(site_tree):
    from noticeboard.models import Notification

    koordynator, redaktor = UserFactory(username="koordynator"), UserFactory(username="redaktor")
    action = ActionFactory(campaign=CampaignFactory(owner_person=koordynator), title="Post startowy")
    update_action(action=action, user=koordynator, responsible=redaktor)
    [assigned] = Notification.objects.filter(recipient=redaktor)
    assert "Post startowy" in assigned.message
    update_action(action=action, user=redaktor, status=ActionStatus.DONE)
    assert Notification.objects.filter(recipient=koordynator).count() == 1
    assert Notification.objects.filter(recipient=redaktor).count() == 1  # not told of their own change


def test_a_plan_from_a_template_tells_the_responsible_person_once(site_tree):
    from noticeboard.models import Notification

    template = TemplateActionFactory().template
    TemplateActionFactory(template=template)
    koordynator, redaktor = UserFactory(username="koordynator"), UserFactory(username="redaktor")
    create_campaign_from_template(template=template, title="Kampania", user=koordynator, start=dt.date(2027, 1, 1),
                                  end=dt.date(2027, 1, 31), responsible=redaktor)
    [notice] = Notification.objects.filter(recipient=redaktor)
    assert notice.message == "Odpowiadasz za 2 działania nowej kampanii „Kampania”."
