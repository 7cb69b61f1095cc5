"""Periodic jobs: the clock that drives time-based work (scheduled publishing now; digests, reminders later).

Django's task framework runs tasks but has no clock, so `manage.py run_scheduler` ticks and runs the
jobs that are due. A job must be idempotent and cheap (or enqueue a task): a tick may repeat after
a restart, and two schedulers running at once must not do harm.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    run: Callable[[], None]


def _publish_scheduled() -> None:
    """Wagtail publishes pages whose go-live time has passed and unpublishes expired ones."""
    call_command("publish_scheduled", verbosity=0)


def _enqueue_daily_digests() -> None:
    """From DIALOG_DIGEST_HOUR on, each staff member's e-mail digest once a day (noticeboard; exactly once by a unique row)."""
    from noticeboard.services import enqueue_due_digests

    enqueue_due_digests(now=timezone.now())


def _expire_registration_offers() -> None:
    """Places offered from a waiting list and not confirmed in time pass to the next person (events)."""
    from events.services import expire_offers

    expire_offers(now=timezone.now())


def _send_event_reminders() -> None:
    """Reminders DIALOG_EVENT_REMINDERS hours before events; each once per registration (a unique row)."""
    from events.services import send_due_reminders

    send_due_reminders(now=timezone.now())


def _purge_accessibility_needs() -> None:
    """Accessibility needs (RODO art. 9) are deleted DIALOG_ACCESSIBILITY_NEEDS_RETENTION_DAYS after the event (events)."""
    from events.services import purge_needs

    purge_needs(now=timezone.now())


def _publish_deliveries() -> None:
    """Deliveries of approved messages whose time has come, one task each (publishing; exactly once by a claim)."""
    from publishing.publisher import publish_due

    publish_due(now=timezone.now())


def _resume_newsletters() -> None:
    """Newsletter editions whose sending stalled (a lost task, a dead worker) are taken up again (newsletter)."""
    from newsletter.sending import stalled_editions
    from newsletter.services import purge_unconfirmed
    from newsletter.tasks import send_edition

    for edition_id in stalled_editions(now=timezone.now()):
        send_edition.enqueue(edition_id)
    purge_unconfirmed(now=timezone.now())


def _advance_consultation_statuses() -> None:
    """Announced consultations open at their start and close at their end (consultations; a new published revision each)."""
    from consultations.services import advance_statuses

    advance_statuses(now=timezone.now())


def _resume_distributions() -> None:
    """Press-release distributions whose sending stalled are taken up again (newsroom)."""
    from newsroom.sending import stalled_distributions
    from newsroom.tasks import send_distribution

    for distribution_id in stalled_distributions(now=timezone.now()):
        send_distribution.enqueue(distribution_id)


def _refresh_post_metrics() -> None:
    """Reach and reactions of posts published in the last DIALOG_METRICS_DAYS, read from their networks (publishing)."""
    from publishing.metrics import due_for_refresh
    from publishing.tasks import refresh_metrics

    for delivery_id in due_for_refresh(now=timezone.now()):
        refresh_metrics.enqueue(delivery_id)


def _purge_channel_images() -> None:
    """Images stored for Instagram and Threads to fetch, older than DIALOG_CHANNEL_IMAGE_DAYS (publishing)."""
    from publishing.channels.graph import purge_public_images

    purge_public_images(now=timezone.now())


def _purge_abandoned_survey_uploads() -> None:
    """Files attached on a survey page of a response that was never sent, older than a day (surveys)."""
    from surveys.services import purge_abandoned_uploads

    purge_abandoned_uploads(now=timezone.now())


def _sync_survey_answers() -> None:
    """Open answers of surveys of open and closed consultations join their remarks (consultations; idempotent)."""
    from consultations.tasks import enqueue_survey_syncs

    enqueue_survey_syncs()


def _purge_unconfirmed_survey_responses() -> None:
    """Verified-e-mail survey responses never confirmed within DIALOG_SURVEY_CONFIRMATION_DAYS are deleted (surveys)."""
    from surveys.tasks import purge_unconfirmed_responses

    purge_unconfirmed_responses.enqueue()


def _report_reminders() -> None:
    """Report-due reminders once per stage, and council/reminder e-mails still unsent after 10 minutes retried (reports)."""
    from reports.services import retry_unsent, send_due_reminders

    now = timezone.now()
    send_due_reminders(now=now)
    retry_unsent(now=now)


def _reconcile_listing_entries() -> None:
    """The listings' entries repaired where a record changed past the signals that keep them (catalog)."""
    from catalog.listing import reconcile

    reconcile()


def _erase_panel_candidates_contact_data() -> None:
    """Candidates' contact data is erased DIALOG_PANEL_RETENTION_MONTHS after their panel finished (panels; RODO)."""
    from panels.services import erase_contact_data

    erase_contact_data(now=timezone.now())


JOBS: list[PeriodicJob] = [
    PeriodicJob("publish_scheduled", timedelta(minutes=1), _publish_scheduled),
    PeriodicJob("daily_digests", timedelta(minutes=5), _enqueue_daily_digests),
    PeriodicJob("expire_registration_offers", timedelta(minutes=5), _expire_registration_offers),
    PeriodicJob("event_reminders", timedelta(minutes=5), _send_event_reminders),
    PeriodicJob("purge_accessibility_needs", timedelta(hours=6), _purge_accessibility_needs),
    PeriodicJob("publish_deliveries", timedelta(minutes=1), _publish_deliveries),
    PeriodicJob("resume_newsletters", timedelta(minutes=5), _resume_newsletters),
    PeriodicJob("resume_distributions", timedelta(minutes=5), _resume_distributions),
    PeriodicJob("refresh_post_metrics", timedelta(days=1), _refresh_post_metrics),
    PeriodicJob("channel_images", timedelta(hours=6), _purge_channel_images),
    PeriodicJob("erase_panel_contact_data", timedelta(hours=6), _erase_panel_candidates_contact_data),
    PeriodicJob("advance_consultation_statuses", timedelta(minutes=5), _advance_consultation_statuses),
    PeriodicJob("survey_uploads", timedelta(hours=6), _purge_abandoned_survey_uploads),
    PeriodicJob("sync_survey_answers", timedelta(hours=1), _sync_survey_answers),
    PeriodicJob("survey_unconfirmed_responses", timedelta(hours=6), _purge_unconfirmed_survey_responses),
    PeriodicJob("report_reminders", timedelta(hours=1), _report_reminders),
    PeriodicJob("listing_entries", timedelta(hours=1), _reconcile_listing_entries),
]


def due_jobs(*, now: datetime, last_run: dict[str, datetime]) -> list[PeriodicJob]:
    return [job for job in JOBS if job.name not in last_run or now - last_run[job.name] >= job.every]


def tick(*, now: datetime, last_run: dict[str, datetime]) -> list[str]:
    """Run every due job once; return their names. A failing job is logged and retried next tick."""
    ran = []
    for job in due_jobs(now=now, last_run=last_run):
        try:
            job.run()
        except Exception:
            logger.exception("Periodic job %s failed", job.name)
            continue
        last_run[job.name] = now
        ran.append(job.name)
    return ran
