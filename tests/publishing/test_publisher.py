"""The publisher (outbox): each delivery reaches its channel once, failures are retried or shown to a person.

Networks are the local fakes of `tests/publishing/channels/` (they answer as the networks document); the
PostgreSQL tests race real workers on real transactions and count what reached the network.
"""

import datetime as dt
import io
import logging
import threading
import uuid

import pytest
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db import connection
from django.utils import timezone, translation
from PIL import Image as PILImage
from wagtail import log_actions
from wagtail.images import get_image_model
from wagtail.models import ModelLogEntry

from core import periodic
from publishing import publisher
from publishing.channels import Published
from publishing.models import Delivery, DeliveryStatus, Message
from publishing.tasks import deliver_one
from tests.factories import EventFactory, UserFactory

from .channels.fake_bluesky import CREATE_RECORD, HANDLE
from .channels.fake_http import Answer
from .helpers import png

STATUSES = "/api/v1/statuses"
TEXT = "Zapraszamy na spacer badawczy po Nowej Hucie."
NOW = dt.datetime(2026, 5, 12, 10, 0, tzinfo=dt.UTC)


# --- Fixtures ---------------------------------------------------------------------------------------------------


@pytest.fixture
def channels(settings, fake_mastodon, fake_bluesky):
    """Mastodon and Bluesky set up against the fakes; every other channel is published by hand."""
    settings.DIALOG_CHANNEL_CREDENTIALS = {
        "mastodon": {"base_url": fake_mastodon.base_url, "access_token": fake_mastodon.access_token,
                     "media_poll_interval": "0"},
        "bluesky": {"service": fake_bluesky.base_url, "identifier": HANDLE, "app_password": fake_bluesky.app_password},
    }
    return settings.DIALOG_CHANNEL_CREDENTIALS


@pytest.fixture
def message(site_tree):
    return Message.objects.create(title="Spacer badawczy", record=EventFactory(), text=TEXT)


def make_delivery(message, **fields) -> Delivery:
    values = {"message": message, "variant_key": uuid.uuid4(), "channel": "mastodon", "text": TEXT,
              "link": "https://dialog.example/wydarzenia/spacer", "due_at": NOW}
    return Delivery.objects.create(**values | fields)


def media_image(width: int = 1200, height: int = 800):
    return get_image_model().objects.create(
        title="Plakat spaceru", file=ImageFile(io.BytesIO(png(width, height)), name="plakat-spaceru.png"))


def refreshed(delivery: Delivery) -> Delivery:
    delivery.refresh_from_db()
    return delivery


# --- Publishing -----------------------------------------------------------------------------------------------


def test_publishes_once_with_the_networks_id_and_address(channels, message, fake_mastodon):
    image = media_image()
    delivery = make_delivery(message, images=[{"image_id": image.pk, "alt_text": "Plakat: spacer 12 maja"}])

    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.PUBLISHED

    (sent,) = fake_mastodon.requests_to(STATUSES)
    assert sent.form["status"] == [f"{TEXT}\n\nhttps://dialog.example/wydarzenia/spacer"]
    assert sent.headers["idempotency-key"] == delivery.idempotency_key
    (upload,) = fake_mastodon.requests_to("/api/v2/media")
    assert upload.form["description"] == ["Plakat: spacer 12 maja"]
    assert upload.files["file"].content_type == "image/jpeg"
    assert PILImage.open(io.BytesIO(upload.files["file"].data)).format == "JPEG"
    (status,) = fake_mastodon.statuses.values()
    delivery = refreshed(delivery)
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert delivery.external_id == status["id"]
    assert delivery.external_url == status["url"]
    assert delivery.published_at == NOW
    assert delivery.attempts == 1
    assert delivery.last_error == ""
    assert delivery.claimed_until is None


def test_delivering_the_same_delivery_again_posts_nothing(channels, message, fake_mastodon):
    delivery = make_delivery(message)

    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.PUBLISHED
    assert publisher.deliver(delivery.pk, now=NOW + dt.timedelta(minutes=1)) is None
    assert deliver_one.enqueue(delivery.pk).return_value == "not due or already taken"

    assert len(fake_mastodon.requests_to(STATUSES)) == 1
    assert refreshed(delivery).attempts == 1


def test_a_delivery_before_its_time_is_not_sent(channels, message, fake_mastodon):
    delivery = make_delivery(message, due_at=NOW + dt.timedelta(hours=2))

    assert publisher.deliver(delivery.pk, now=NOW) is None

    assert fake_mastodon.requests == []
    assert refreshed(delivery).status == DeliveryStatus.PENDING


def test_the_task_delivers(channels, message, fake_mastodon):
    delivery = make_delivery(message, due_at=timezone.now() - dt.timedelta(minutes=1))

    assert deliver_one.enqueue(delivery.pk).return_value == DeliveryStatus.PUBLISHED
    assert len(fake_mastodon.statuses) == 1


# --- Transient failures ----------------------------------------------------------------------------------------


def test_an_unavailable_network_is_retried_with_backoff_then_published(channels, message, fake_mastodon):
    delivery = make_delivery(message)
    fake_mastodon.unavailable()

    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.RETRYING

    delivery = refreshed(delivery)
    assert delivery.next_attempt_at == NOW + dt.timedelta(minutes=1)
    assert "Service Unavailable" in delivery.last_error
    assert fake_mastodon.statuses == {}
    assert publisher.deliver(delivery.pk, now=NOW + dt.timedelta(seconds=59)) is None
    assert publisher.due_delivery_ids(now=NOW + dt.timedelta(seconds=59)) == []
    assert publisher.due_delivery_ids(now=NOW + dt.timedelta(minutes=1)) == [delivery.pk]

    assert publisher.deliver(delivery.pk, now=NOW + dt.timedelta(minutes=1)) == DeliveryStatus.PUBLISHED
    delivery = refreshed(delivery)
    assert delivery.attempts == 2
    assert delivery.last_error == ""
    assert delivery.next_attempt_at is None
    assert len(fake_mastodon.statuses) == 1


def test_backoff_steps_are_the_settings_then_the_delivery_fails(channels, settings, message, fake_mastodon):
    settings.DIALOG_PUBLISH_BACKOFF_MINUTES = [1, 5]
    delivery = make_delivery(message)
    fake_mastodon.fail_next(STATUSES, Answer(503, "<h1>503 Service Unavailable</h1>"), times=3)

    publisher.deliver(delivery.pk, now=NOW)
    assert refreshed(delivery).next_attempt_at == NOW + dt.timedelta(minutes=1)
    publisher.deliver(delivery.pk, now=NOW + dt.timedelta(minutes=1))
    assert refreshed(delivery).next_attempt_at == NOW + dt.timedelta(minutes=6)
    with translation.override("en"):
        assert publisher.deliver(delivery.pk, now=NOW + dt.timedelta(minutes=6)) == DeliveryStatus.FAILED

    delivery = refreshed(delivery)
    assert delivery.attempts == 3
    assert "still not available after the last retry" in delivery.last_error
    assert "Service Unavailable" in delivery.last_error
    assert publisher.due_delivery_ids(now=NOW + dt.timedelta(days=1)) == []


def test_default_backoff_is_1_5_15_60_240_minutes(settings):
    del settings.DIALOG_PUBLISH_BACKOFF_MINUTES
    steps = [publisher.backoff(attempt) for attempt in range(1, 7)]
    assert steps == [dt.timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 240)] + [None]


def test_the_networks_retry_after_is_respected(channels, message, fake_mastodon):
    delivery = make_delivery(message, due_at=timezone.now())
    fake_mastodon.rate_limited(reset_in=600)
    now = timezone.now()

    assert publisher.deliver(delivery.pk, now=now) == DeliveryStatus.RETRYING

    wait = refreshed(delivery).next_attempt_at - now
    assert dt.timedelta(minutes=9) < wait <= dt.timedelta(minutes=11)  # the network's 10 minutes, not our 1


def test_a_short_retry_after_does_not_shorten_the_backoff(channels, message, fake_mastodon):
    delivery = make_delivery(message, due_at=timezone.now())
    fake_mastodon.rate_limited(reset_in=5)
    now = timezone.now()

    publisher.deliver(delivery.pk, now=now)

    assert refreshed(delivery).next_attempt_at == now + dt.timedelta(minutes=1)


def test_a_lost_answer_on_a_network_without_idempotency_goes_to_a_person(channels, message, fake_bluesky):
    delivery = make_delivery(message, channel="bluesky")
    fake_bluesky.fail_next(CREATE_RECORD, Answer(502, {"error": "UpstreamFailure", "message": "Upstream Failure"}))

    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.MANUAL

    delivery = refreshed(delivery)
    assert "UpstreamFailure" in delivery.last_error
    assert delivery.next_attempt_at is None
    assert publisher.due_delivery_ids(now=NOW + dt.timedelta(days=1)) == []
    assert len(fake_bluesky.requests_to(CREATE_RECORD)) == 1


# --- Permanent failures ----------------------------------------------------------------------------------------


def test_a_revoked_token_fails_with_the_networks_words_and_no_token(channels, message, fake_mastodon, caplog):
    channels["mastodon"]["access_token"] = "revoked-token-8c1e0"
    delivery = make_delivery(message)
    caplog.set_level(logging.DEBUG, logger="publishing")

    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.FAILED

    delivery = refreshed(delivery)
    assert "The access token is invalid" in delivery.last_error
    assert "revoked-token-8c1e0" not in delivery.last_error
    logged = [record.getMessage() for record in caplog.records if record.name.startswith("publishing")]
    assert logged
    assert not [line for line in logged if "revoked-token-8c1e0" in line or "Nowej Hucie" in line]
    assert publisher.due_delivery_ids(now=NOW + dt.timedelta(days=1)) == []


def test_rejected_content_fails_with_the_networks_words(channels, message, fake_mastodon):
    delivery = make_delivery(message, text="ą" * 501, link="")

    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.FAILED

    assert "Validation failed: Text character limit of 500 exceeded" in refreshed(delivery).last_error
    assert fake_mastodon.statuses == {}


def test_a_deleted_image_fails_with_a_clear_message_before_any_request(channels, message, fake_mastodon):
    image = media_image()
    delivery = make_delivery(message, images=[{"image_id": image.pk, "alt_text": "Plakat"}])
    image.delete()

    with translation.override("en"):
        assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.FAILED

    assert refreshed(delivery).last_error.startswith("Image 1 of this post has been deleted from the media library")
    assert fake_mastodon.requests == []


def test_a_channel_with_broken_credentials_fails_without_naming_values(channels, message):
    channels["mastodon"] = {"base_url": "https://mastodon.example"}
    delivery = make_delivery(message)

    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.FAILED

    assert "access_token" in refreshed(delivery).last_error


# --- The manual channel and what people do --------------------------------------------------------------------


def test_a_manual_channel_waits_for_a_person_who_marks_it_published(channels, message):
    image = media_image(2400, 1600)
    delivery = make_delivery(message, channel="instagram", images=[{"image_id": image.pk, "alt_text": "Plakat"}])
    person = UserFactory(username="koordynatorka")

    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.MANUAL
    assert refreshed(delivery).last_error == ""
    (package_image,) = publisher.build_post(delivery).images
    assert PILImage.open(io.BytesIO(package_image.data)).size == (1080, 720)  # Instagram's width

    with pytest.raises(ValidationError) as refused:
        publisher.mark_published_by_hand(delivery=delivery, user=person, url="instagram.com/p/Cx1")
    assert "url" in refused.value.message_dict
    assert refreshed(delivery).status == DeliveryStatus.MANUAL

    publisher.mark_published_by_hand(delivery=delivery, user=person, url=" https://www.instagram.com/p/Cx1/ ")

    delivery = refreshed(delivery)
    assert delivery.status == DeliveryStatus.PUBLISHED
    assert delivery.external_url == "https://www.instagram.com/p/Cx1/"
    assert delivery.published_by == person
    assert delivery.published_at is not None
    (entry,) = ModelLogEntry.objects.for_instance(message).filter(action="publishing.delivery_published_by_hand")
    assert entry.user == person
    assert entry.data["delivery"] == delivery.pk
    assert entry.data["url"] == "https://www.instagram.com/p/Cx1/"


def test_only_manual_or_failed_deliveries_are_marked_by_hand(message):
    person = UserFactory(username="redaktor-reczny")
    for status in (DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.PUBLISHED, DeliveryStatus.CANCELLED):
        delivery = make_delivery(message, status=status)
        with pytest.raises(ValidationError):
            publisher.mark_published_by_hand(delivery=delivery, user=person, url="https://example.org/post/1")
        assert refreshed(delivery).status == status
    failed = make_delivery(message, status=DeliveryStatus.FAILED, last_error="Mastodon refused the post")
    publisher.mark_published_by_hand(delivery=failed, user=person, url="https://example.org/post/1")
    assert refreshed(failed).status == DeliveryStatus.PUBLISHED
    assert refreshed(failed).last_error == ""


def test_retry_sends_a_failed_delivery_again_now(channels, message, fake_mastodon):
    person = UserFactory(username="koordynator-ponawia")
    delivery = make_delivery(message, status=DeliveryStatus.FAILED, attempts=6, last_error="Mastodon refused the post")

    with pytest.raises(ValidationError):
        publisher.retry(delivery=make_delivery(message, status=DeliveryStatus.PUBLISHED), user=person)
    publisher.retry(delivery=delivery, user=person)

    delivery = refreshed(delivery)
    assert (delivery.status, delivery.attempts, delivery.last_error) == (DeliveryStatus.PENDING, 0, "")
    assert delivery.due_at <= timezone.now()
    (entry,) = ModelLogEntry.objects.for_instance(message).filter(action="publishing.delivery_retried")
    assert entry.data["previous_status"] == DeliveryStatus.FAILED
    assert publisher.deliver(delivery.pk) == DeliveryStatus.PUBLISHED
    assert len(fake_mastodon.statuses) == 1


LOG_ACTIONS = ("publishing.delivery_published_by_hand", "publishing.delivery_retried", "publishing.delivery_cancelled")


def test_the_log_actions_the_publisher_writes_are_registered():
    assert [action for action in LOG_ACTIONS if not log_actions.registry.action_exists(action)] == []


def test_cancel_stops_a_delivery_that_has_not_gone_out(channels, message, fake_mastodon):
    person = UserFactory(username="koordynator-anuluje")
    delivery = make_delivery(message)

    publisher.cancel(delivery=delivery, user=person)

    assert refreshed(delivery).status == DeliveryStatus.CANCELLED
    assert publisher.deliver(delivery.pk, now=NOW) is None
    assert fake_mastodon.requests == []
    assert ModelLogEntry.objects.for_instance(message).filter(action="publishing.delivery_cancelled").count() == 1
    for status in (DeliveryStatus.PUBLISHED, DeliveryStatus.SENDING, DeliveryStatus.CANCELLED):
        with pytest.raises(ValidationError):
            publisher.cancel(delivery=make_delivery(message, status=status), user=person)


# --- Workers that died ------------------------------------------------------------------------------------------


def test_a_stale_delivery_on_a_network_without_idempotency_goes_to_a_person(channels, message, fake_bluesky):
    stale = make_delivery(message, channel="bluesky", status=DeliveryStatus.SENDING, attempts=1,
                          claimed_until=NOW - dt.timedelta(seconds=1))
    held = make_delivery(message, channel="bluesky", status=DeliveryStatus.SENDING, attempts=1,
                         claimed_until=NOW + dt.timedelta(minutes=5))

    assert publisher.deliver(stale.pk, now=NOW) is None
    with translation.override("en"):
        assert publisher.release_stale(now=NOW) == 1

    stale = refreshed(stale)
    assert stale.status == DeliveryStatus.MANUAL
    assert stale.last_error == "Sending was interrupted; check the profile before trying again."
    assert stale.claimed_until is None
    assert refreshed(held).status == DeliveryStatus.SENDING
    assert fake_bluesky.requests == []


def test_a_stale_delivery_on_mastodon_is_claimed_again_with_the_same_key(channels, message, fake_mastodon):
    delivery = make_delivery(message)
    # A worker posted it and died before recording the answer: the row is left as it was while sending.
    assert publisher.deliver(delivery.pk, now=NOW) == DeliveryStatus.PUBLISHED
    Delivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.SENDING, claimed_until=NOW + publisher.LEASE,
                                                   external_id="", external_url="", published_at=None)
    later = NOW + publisher.LEASE + dt.timedelta(minutes=1)

    assert publisher.release_stale(now=later) == 0
    assert publisher.due_delivery_ids(now=later) == [delivery.pk]
    assert publisher.deliver(delivery.pk, now=later) == DeliveryStatus.PUBLISHED

    assert len(fake_mastodon.requests_to(STATUSES)) == 2
    assert len(fake_mastodon.statuses) == 1  # the instance recognised the idempotency key
    delivery = refreshed(delivery)
    assert delivery.external_id == next(iter(fake_mastodon.statuses))
    assert delivery.attempts == 2


def test_a_mastodon_delivery_stale_for_longer_than_the_key_is_kept_goes_to_a_person(channels, message):
    delivery = make_delivery(message, status=DeliveryStatus.SENDING, attempts=1, claimed_until=NOW)
    much_later = NOW + publisher.IDEMPOTENCY_KEY_KEPT

    assert publisher.due_delivery_ids(now=much_later) == []
    assert publisher.release_stale(now=much_later) == 1
    assert refreshed(delivery).status == DeliveryStatus.MANUAL


def test_an_outcome_after_the_lease_was_taken_over_is_dropped_unless_published(channels, message, fake_bluesky):
    delivery = make_delivery(message, channel="bluesky")
    claimed = publisher.claim(delivery.pk, now=NOW)
    publisher.release_stale(now=NOW + publisher.LEASE + dt.timedelta(seconds=1))  # the worker seemed dead

    assert publisher._record(claimed, status=DeliveryStatus.RETRYING, last_error="late") is None
    assert refreshed(delivery).status == DeliveryStatus.MANUAL
    publisher._record_published(claimed, Published("3l1", "https://bsky.app/post/3l1"), now=NOW)
    assert refreshed(delivery).status == DeliveryStatus.PUBLISHED


# --- The periodic job ------------------------------------------------------------------------------------------


def test_the_periodic_job_sends_only_due_deliveries(channels, message, fake_mastodon, django_capture_on_commit_callbacks):
    now = timezone.now()
    due = make_delivery(message, due_at=now - dt.timedelta(minutes=2))
    retrying = make_delivery(message, status=DeliveryStatus.RETRYING, attempts=1,
                             next_attempt_at=now - dt.timedelta(seconds=5))
    later = make_delivery(message, due_at=now + dt.timedelta(hours=1))
    not_yet_retried = make_delivery(message, status=DeliveryStatus.RETRYING, attempts=1,
                                    next_attempt_at=now + dt.timedelta(minutes=5))
    interrupted = make_delivery(message, channel="bluesky", status=DeliveryStatus.SENDING, attempts=1,
                                claimed_until=now - dt.timedelta(minutes=1))
    done = make_delivery(message, status=DeliveryStatus.PUBLISHED, external_id="1")
    (job,) = [job for job in periodic.JOBS if job.name == "publish_deliveries"]
    assert job.every == dt.timedelta(minutes=1)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job.run()

    assert len(callbacks) == 2
    statuses = {delivery.pk: refreshed(delivery).status for delivery in (due, retrying, later, not_yet_retried,
                                                                        interrupted, done)}
    assert statuses == {
        due.pk: DeliveryStatus.PUBLISHED, retrying.pk: DeliveryStatus.PUBLISHED, later.pk: DeliveryStatus.PENDING,
        not_yet_retried.pk: DeliveryStatus.RETRYING, interrupted.pk: DeliveryStatus.MANUAL,
        done.pk: DeliveryStatus.PUBLISHED,
    }
    assert len(fake_mastodon.requests_to(STATUSES)) == 2


# --- PostgreSQL: workers racing ---------------------------------------------------------------------------------


def race(workers: int, work) -> list[Exception]:
    start = threading.Barrier(workers, timeout=30)
    errors = []

    def worker(number):
        try:
            start.wait()
            work(number)
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertion
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(number,)) for number in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_racing_for_one_delivery_post_it_once(channels, message, fake_mastodon):
    delivery = make_delivery(message)
    outcomes = []

    errors = race(8, lambda _number: outcomes.append(publisher.deliver(delivery.pk, now=NOW)))

    assert errors == []
    assert sorted(outcomes, key=str) == [None] * 7 + [DeliveryStatus.PUBLISHED]
    assert len(fake_mastodon.requests_to(STATUSES)) == 1
    delivery = refreshed(delivery)
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PUBLISHED, 1)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_draining_the_same_queue_post_each_delivery_once(channels, message, fake_mastodon):
    deliveries = [make_delivery(message, text=f"{TEXT} ({number})") for number in range(6)]
    ids = [delivery.pk for delivery in deliveries]

    def drain(number):
        for delivery_id in ids if number % 2 == 0 else reversed(ids):  # half the workers from each end
            publisher.deliver(delivery_id, now=NOW)

    errors = race(4, drain)

    assert errors == []
    posted = [request.form["status"][0] for request in fake_mastodon.requests_to(STATUSES)]
    assert sorted(posted) == sorted(f"{TEXT} ({number})\n\nhttps://dialog.example/wydarzenia/spacer" for number in range(6))
    assert set(Delivery.objects.filter(pk__in=ids).values_list("status", "attempts")) == {(DeliveryStatus.PUBLISHED, 1)}
