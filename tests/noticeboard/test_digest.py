"""The daily digest: what goes in which section, who gets one, and that nobody gets two a day."""

import datetime as dt

import pytest
from django.core import mail
from django.test import override_settings

from campaigns.models import ActionStatus
from core import periodic
from noticeboard import selectors, services
from noticeboard.digest import build_digest
from noticeboard.models import DigestDelivery, DigestOutcome
from noticeboard.tasks import send_digest
from tests.factories import ActionFactory, CampaignFactory, UserFactory

from .conftest import DAY, WARSAW, at

pytestmark = pytest.mark.django_db


def titles(actions) -> list[str]:
    return [action.title for action in actions]


@pytest.fixture
def plan(people, campaign):
    """Actions around DAY (12 March 2030) for the Redaktor, someone else, and the owner's approval."""
    me, other = people["redaktor"], people["autor"]
    other_campaign = CampaignFactory(title="Kampania cudza", owner_person=other, publish=False)
    return {
        "today_morning": ActionFactory(campaign=campaign, title="Dziś rano", starts_at=at(12, 0), responsible=me),
        "today_evening": ActionFactory(campaign=campaign, title="Dziś wieczorem", starts_at=at(12, 23), responsible=me),
        "lasting_ends_today": ActionFactory(
            campaign=campaign, title="Plakaty do dziś", starts_at=at(1), ends_at=at(12, 18), responsible=me
        ),
        "yesterday": ActionFactory(campaign=campaign, title="Wczoraj", starts_at=at(11, 23, ), responsible=me),
        "lasting_ended": ActionFactory(campaign=campaign, title="Plakaty do wczoraj", starts_at=at(1), ends_at=at(11), responsible=me),
        "yesterday_done": ActionFactory(
            campaign=campaign, title="Wczoraj zrobione", starts_at=at(11), responsible=me, status=ActionStatus.DONE
        ),
        "tomorrow": ActionFactory(campaign=campaign, title="Jutro", starts_at=at(13, 0), responsible=me),
        "lasting_ends_later": ActionFactory(
            campaign=campaign, title="Plakaty do jutra", starts_at=at(1), ends_at=at(13), responsible=me
        ),
        "someone_elses_today": ActionFactory(campaign=campaign, title="Cudze dziś", starts_at=at(12), responsible=other),
        "awaiting_in_owned": ActionFactory(
            campaign=campaign, title="Do akceptacji właścicielki", starts_at=at(20), responsible=other,
            status=ActionStatus.AWAITING_APPROVAL,
        ),
        "awaiting_elsewhere": ActionFactory(
            campaign=other_campaign, title="Do akceptacji gdzie indziej", starts_at=at(20), responsible=other,
            status=ActionStatus.AWAITING_APPROVAL,
        ),
    }


def test_sections_of_a_responsible_person(plan, people):
    found = selectors.digest_actions(people["redaktor"], DAY)
    assert titles(found.due_today) == ["Plakaty do dziś", "Dziś rano", "Dziś wieczorem"]
    assert titles(found.overdue) == ["Plakaty do wczoraj", "Wczoraj"]
    assert found.awaiting_approval == []
    assert found.counts == {"due_today": 3, "overdue": 2, "awaiting_approval": 0}


def test_owner_sees_what_awaits_approval_in_her_campaigns_only(plan, people):
    found = selectors.digest_actions(people["owner"], DAY)
    assert (found.due_today, found.overdue) == ([], [])
    assert titles(found.awaiting_approval) == ["Do akceptacji właścicielki"]


def test_a_coordinator_sees_everything_awaiting_approval(plan, people):
    assert titles(selectors.digest_actions(people["koordynator"], DAY).awaiting_approval) == [
        "Do akceptacji właścicielki", "Do akceptacji gdzie indziej",
    ]


def test_someone_elses_actions_are_not_in_my_digest(plan, people):
    digest = build_digest(user=people["redaktor"], day=DAY)
    listed = [row.title for section in digest.sections for row in section.rows]
    assert "Cudze dziś" not in listed
    assert "Do akceptacji gdzie indziej" not in listed


def test_digest_email_is_polish_multipart_with_admin_links(compiled_translations, plan, people):
    with override_settings(WAGTAILADMIN_BASE_URL="https://dialog.example.org"):
        message = build_digest(user=people["redaktor"], day=DAY).email()
    assert message.to == ["redaktor@example.org"]
    assert message.subject == "Dialog: Twoje podsumowanie na 12 marca 2030"
    assert "ZALEGŁE (2)" in message.body
    assert "NA DZIŚ (3)" in message.body
    assert "Dziś rano — Kampania o zieleni\n  12 marca 2030, 00:00 · do zrobienia" in message.body
    link = f"https://dialog.example.org/admin/snippets/campaigns/action/edit/{plan['yesterday'].pk}/"
    assert link in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'<a href="{link}">Wczoraj</a>' in html
    assert '<th scope="col"' in html and 'lang="pl"' in html
    assert "https://dialog.example.org/admin/powiadomienia/" in html


def test_long_sections_say_how_many_more(monkeypatch, compiled_translations, people, campaign):
    monkeypatch.setattr(selectors, "DIGEST_SECTION_LIMIT", 2)
    for hour in (8, 9, 10):
        ActionFactory(campaign=campaign, starts_at=at(12, hour), responsible=people["redaktor"])
    digest = build_digest(user=people["redaktor"], day=DAY)
    section = next(section for section in digest.sections if section.key == "due_today")
    assert (len(section.rows), section.count, section.more) == (2, 3, 1)
    assert "… i jeszcze 1 działanie" in digest.email().body


def test_recipients_are_staff_with_an_address_who_did_not_opt_out(people):
    UserFactory(username="bez-adresu", email="", groups=["Redaktor"])
    UserFactory(username="nieaktywny", is_active=False, groups=["Redaktor"])
    services.set_preferences(user=people["autor"], daily_digest=False)
    assert sorted(selectors.digest_recipients().values_list("username", flat=True)) == [
        "koordynator", "redaktor", "wlascicielka",
    ]


def test_send_daily_digest_sends_once_and_nobody_gets_an_empty_one(plan, people):
    assert services.send_daily_digest(user=people["redaktor"], day=DAY) == DigestOutcome.SENT
    assert services.send_daily_digest(user=people["redaktor"], day=DAY) is None
    idle = UserFactory(username="bez-zadan", groups=["Redaktor"])
    assert services.send_daily_digest(user=idle, day=DAY) == DigestOutcome.EMPTY
    assert [message.to for message in mail.outbox] == [["redaktor@example.org"]]
    assert DigestDelivery.objects.filter(day=DAY).count() == 2
    # The next day is a new digest.
    assert services.send_daily_digest(user=people["redaktor"], day=DAY + dt.timedelta(days=1)) == DigestOutcome.SENT


def test_a_row_already_written_by_another_worker_stops_the_sending(plan, people):
    """The unique constraint, not a check in Python, decides: an existing row makes the insert fail."""
    DigestDelivery.objects.create(user=people["redaktor"], day=DAY, outcome=DigestOutcome.SENT)
    assert services.send_daily_digest(user=people["redaktor"], day=DAY) is None
    assert mail.outbox == []


def test_a_failed_sending_leaves_no_row_so_it_is_tried_again(monkeypatch, plan, people):
    from django.core.mail import EmailMultiAlternatives

    def broken(self, *args, **kwargs):
        raise ConnectionRefusedError("no SMTP")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with pytest.raises(ConnectionRefusedError):
        services.send_daily_digest(user=people["redaktor"], day=DAY)
    assert not DigestDelivery.objects.exists()
    monkeypatch.undo()
    assert services.send_daily_digest(user=people["redaktor"], day=DAY) == DigestOutcome.SENT


def test_opted_out_person_gets_nothing_even_from_an_enqueued_task(plan, people):
    services.set_preferences(user=people["redaktor"], daily_digest=False)
    assert send_digest.enqueue(people["redaktor"].pk, DAY.isoformat()).return_value == "already dealt with"
    assert mail.outbox == []


def test_the_task_takes_ids_and_runs_twice_harmlessly(plan, people):
    first = send_digest.enqueue(people["redaktor"].pk, DAY.isoformat())
    second = send_digest.enqueue(people["redaktor"].pk, DAY.isoformat())
    assert (first.return_value, second.return_value) == ("sent", "already dealt with")
    assert len(mail.outbox) == 1
    assert first.args == [people["redaktor"].pk, "2030-03-12"]


def test_digests_go_out_only_from_the_configured_hour(django_capture_on_commit_callbacks, settings, plan, people):
    settings.DIALOG_DIGEST_HOUR = 7
    UserFactory(username="bez-zadan", groups=["Redaktor"])
    before = dt.datetime(2030, 3, 12, 6, 59, tzinfo=WARSAW)
    assert services.enqueue_due_digests(now=before) == []
    after = dt.datetime(2030, 3, 12, 7, 0, tzinfo=WARSAW)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enqueued = services.enqueue_due_digests(now=after)
    assert len(callbacks) == len(enqueued) == 5
    assert sorted(message.to[0] for message in mail.outbox) == [
        "autor@example.org", "koordynator@example.org", "redaktor@example.org", "wlascicielka@example.org",
    ]  # "bez-zadan" had nothing to do: no e-mail
    # Later ticks the same day find everybody dealt with, so they enqueue nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.enqueue_due_digests(now=after + dt.timedelta(minutes=5)) == []
    assert len(mail.outbox) == 4


def test_the_periodic_job_is_registered_and_enqueues_for_now(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "enqueue_due_digests", lambda *, now: calls.append(now))
    job = next(job for job in periodic.JOBS if job.name == "daily_digests")
    assert job.every <= dt.timedelta(minutes=10)
    job.run()
    assert len(calls) == 1 and calls[0].tzinfo is not None
