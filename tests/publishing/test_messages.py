"""Messages: the two-step four-eyes workflow, deliveries written on publication, emergency publishing, the checks tab."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry, WorkflowContentType

from publishing import services
from publishing.models import ChannelVariant, Delivery, FourEyesApprovalTask, Message
from publishing.viewsets import MessageViewSet
from tests.backoffice.helpers import logged_in
from tests.publishing.helpers import draft_message

pytestmark = pytest.mark.django_db


def approve(message: Message, user) -> None:
    state = message.current_workflow_state.current_task_state
    task = state.task.specific
    if "approve" not in [name for name, _label, _modal in task.get_actions(message, user)]:
        raise PermissionDenied
    task.on_action(state, user, "approve")
    message.refresh_from_db()


def test_bootstrap_gives_messages_a_two_step_four_eyes_workflow(site_tree):
    assignment = WorkflowContentType.objects.get(content_type=ContentType.objects.get_for_model(Message))
    tasks = [task.specific for task in assignment.workflow.tasks.order_by("workflow_tasks__sort_order")]
    assert [type(task) for task in tasks] == [FourEyesApprovalTask, FourEyesApprovalTask]
    assert [sorted(group.name for group in task.groups.all()) for task in tasks] == [["Koordynator", "Redaktor"], ["Koordynator"]]


def test_review_then_approval_publishes_and_writes_one_delivery_per_variant(people, event):
    message = draft_message(event, people["autor"], ("mastodon", "Spotkanie 16 marca."), ("x", "Spotkanie 16 marca!"))
    workflow = message.get_workflow()
    workflow.start(message, people["autor"])
    message.refresh_from_db()

    with pytest.raises(PermissionDenied):
        approve(message, people["autor"])  # not a reviewer – and the one who submitted
    approve(message, people["redaktor"])
    assert not message.live and Delivery.objects.count() == 0
    with pytest.raises(PermissionDenied):
        approve(message, people["redaktor"])  # the second step is the Koordynator's
    approve(message, people["koordynator"])

    assert message.live
    deliveries = Delivery.objects.order_by("channel")
    assert [(d.channel, d.text, d.link) for d in deliveries] == [
        ("mastodon", "Spotkanie 16 marca.", event.full_url), ("x", "Spotkanie 16 marca!", event.full_url),
    ]
    assert ModelLogEntry.objects.filter(object_id=str(message.pk), action="wagtail.workflow.approve").count() == 2


def test_whoever_submitted_can_never_approve_even_with_the_right_role(people, event):
    message = draft_message(event, people["koordynator"])
    message.get_workflow().start(message, people["koordynator"])
    message.refresh_from_db()
    with pytest.raises(PermissionDenied):
        approve(message, people["koordynator"])  # review step: Koordynator is a reviewer, but submitted it
    approve(message, people["redaktor"])
    with pytest.raises(PermissionDenied):
        approve(message, people["koordynator"])  # approval step: still the submitter
    task = message.current_workflow_state.current_task_state.task.specific
    assert task.locked_for_user(message, people["koordynator"])  # and cannot change it while it is in review
    assert not task.locked_for_user(message, people["koordynator2"])
    approve(message, people["koordynator2"])
    assert message.live


def test_the_submitter_cannot_approve_through_the_admin_either(people, event):
    message = draft_message(event, people["redaktor"])
    message.get_workflow().start(message, people["redaktor"])
    message.refresh_from_db()
    state = message.current_workflow_state.current_task_state
    url = reverse("wagtailsnippets_publishing_message:workflow_action", args=[message.pk, "approve", state.pk])
    response = logged_in(people["redaktor"]).post(url, {"comment": ""})
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))  # Wagtail's "permission denied"
    message.refresh_from_db()
    assert message.current_workflow_state.current_task_state == state


def test_nobody_publishes_a_message_directly_from_the_editor(people, event):
    message = draft_message(event, people["koordynator"])
    policy = MessageViewSet().permission_policy
    assert not any(policy.user_has_permission(user, "publish") for user in people.values())
    html = logged_in(people["koordynator"]).get(reverse("wagtailsnippets_publishing_message:edit", args=[message.pk])).content.decode()
    assert 'name="action-publish"' not in html and 'name="action-submit"' in html


def test_publishing_a_corrected_revision_sends_only_new_variants(people, event):
    message = draft_message(event, people["autor"])
    services.publish_in_emergency(message=message, user=people["koordynator"], reason="Zmiana miejsca spotkania dziś.")
    assert Delivery.objects.count() == 1
    message = message.get_latest_revision_as_object()
    message.variants.add(ChannelVariant(channel="bluesky", text="Spotkanie 16 marca."))
    message.save_revision(user=people["koordynator"]).publish(user=people["koordynator"], skip_permission_checks=True)
    assert sorted(Delivery.objects.values_list("channel", flat=True)) == ["bluesky", "mastodon"]


def test_emergency_publication_is_marked_logged_and_confirmed_by_someone_else(people, event):
    message = draft_message(event, people["autor"])
    with pytest.raises(PermissionDenied):
        services.publish_in_emergency(message=message, user=people["redaktor"], reason="Pilne")
    with pytest.raises(ValidationError):
        services.publish_in_emergency(message=message, user=people["koordynator"], reason="  ")
    assert not Message.objects.get(pk=message.pk).live

    message = services.publish_in_emergency(message=message, user=people["koordynator"], reason="Odwołane spotkanie.")
    assert message.live and message.awaits_emergency_confirmation
    assert (message.emergency_published_by, message.emergency_reason) == (people["koordynator"], "Odwołane spotkanie.")
    assert Delivery.objects.filter(message=message).count() == 1
    assert ModelLogEntry.objects.filter(object_id=str(message.pk), action="publishing.emergency_publish").exists()

    with pytest.raises(PermissionDenied):
        services.confirm_emergency(message=message, user=people["koordynator"])  # not the same person
    with pytest.raises(PermissionDenied):
        services.confirm_emergency(message=message, user=people["redaktor"])  # nor one without the right
    message = services.confirm_emergency(message=message, user=people["koordynator2"])
    assert not message.awaits_emergency_confirmation and message.emergency_confirmed_by == people["koordynator2"]
    with pytest.raises(ValidationError):
        services.confirm_emergency(message=message, user=people["koordynator2"])


def test_the_emergency_record_survives_publishing_a_later_revision(people, event):
    message = services.publish_in_emergency(message=draft_message(event, people["autor"]), user=people["koordynator"], reason="Pilne.")
    later = message.get_latest_revision_as_object()
    later.text = "Poprawiony tekst."
    later.save_revision(user=people["redaktor"]).publish(user=people["redaktor"], skip_permission_checks=True)
    message.refresh_from_db()
    assert message.text == "Poprawiony tekst." and message.emergency_published_by == people["koordynator"]


def test_the_checks_tab_shows_channel_facts_and_language_findings(people, event):
    too_long = "Spotkanie 15 marca o 18:00. " + "Zapraszamy serdecznie wszystkich mieszkańców dzielnicy. " * 6
    message = draft_message(event, people["autor"], ("x", too_long))
    html = logged_in(people["redaktor"]).get(reverse("wagtailsnippets_publishing_message:edit", args=[message.pk])).content.decode()
    for code in ("text_too_long", "date_mismatch", "time_mismatch"):
        assert f'data-code="{code}"' in html, code


def test_emergency_publishing_through_the_back_office(people, event):
    message = draft_message(event, people["autor"])
    edit = reverse("wagtailsnippets_publishing_message:edit", args=[message.pk])
    url = reverse("publishing:emergency_publish", args=[message.pk])
    koordynator = logged_in(people["koordynator"])
    assert url in koordynator.get(edit).content.decode()  # the menu item
    assert url not in logged_in(people["redaktor"]).get(edit).content.decode()
    assert logged_in(people["redaktor"]).get(url).url == reverse("wagtailadmin_home")  # Wagtail's "permission denied"

    assert koordynator.get(url).status_code == 200
    response = koordynator.post(url, {"reason": "   "})
    assert response.status_code == 400 and not Message.objects.get(pk=message.pk).live
    response = koordynator.post(url, {"reason": "Spotkanie odwołane z powodu awarii."})
    assert response.status_code == 302 and response.url == edit
    assert Message.objects.get(pk=message.pk).live

    other = logged_in(people["koordynator2"])
    confirm = reverse("publishing:emergency_confirm", args=[message.pk])
    assert confirm not in koordynator.get(reverse("wagtailadmin_home")).content.decode()  # not for the one who published
    assert confirm in other.get(reverse("wagtailadmin_home")).content.decode()
    assert other.post(confirm).status_code == 302
    assert Message.objects.get(pk=message.pk).emergency_confirmed_by == people["koordynator2"]


def test_deleting_the_record_keeps_its_messages(people, event):
    message = services.publish_in_emergency(message=draft_message(event, people["autor"]), user=people["koordynator"], reason="Pilne.")
    event.delete()
    message.refresh_from_db()
    assert message.record is None and message.live and message.deliveries.count() == 1
