"""The Mastodon adapter against a fake instance that answers as Mastodon's API documentation says."""

import logging

import pytest

from publishing.channels import PermanentError, Post, PostImage, TransientError, adapter_for
from tests.publishing.helpers import png

from .fake_http import Answer


@pytest.fixture
def adapter(fake_mastodon):
    return adapter_for("mastodon", {"base_url": fake_mastodon.base_url, "access_token": fake_mastodon.access_token,
                                    "media_poll_interval": "0"})


def post(**kwargs) -> Post:
    values = {"text": "Zapraszamy na spotkanie o zieleni w Podgórzu.", "idempotency_key": "variant-17-attempt"}
    return Post(**values | kwargs)


def test_publishes_text_and_images_with_alt_text(adapter, fake_mastodon, image):
    second = PostImage(data=png(20, 20), filename="plakat.png", mime_type="image/png", alt_text="Plakat spotkania")
    published = adapter.publish(post(images=(image, second), link_url="https://dialog.krakow.pl/zielen"))

    uploads = fake_mastodon.requests_to("/api/v2/media")
    assert [upload.form["description"] for upload in uploads] == [[image.alt_text], ["Plakat spotkania"]]
    assert uploads[0].files["file"].data == image.data
    assert uploads[0].files["file"].content_type == "image/png"
    (sent,) = fake_mastodon.requests_to("/api/v1/statuses")
    assert sent.form["status"] == ["Zapraszamy na spotkanie o zieleni w Podgórzu.\n\nhttps://dialog.krakow.pl/zielen"]
    assert sent.form["media_ids[]"] == list(fake_mastodon.media)
    assert sent.form["language"] == ["pl"]
    assert sent.form["visibility"] == ["public"]
    assert sent.headers["idempotency-key"] == "variant-17-attempt"
    (status,) = fake_mastodon.statuses.values()
    assert published.external_id == status["id"]
    assert published.url == f"{fake_mastodon.base_url}/@dialog/{status['id']}"


def test_publishes_while_the_instance_endpoint_is_down(adapter, fake_mastodon, image):
    fake_mastodon.fail_next("/api/v1/instance", Answer(503, "<h1>503</h1>"), times=3)
    fake_mastodon.fail_next("/api/v2/instance", Answer(503, "<h1>503</h1>"), times=3)

    adapter.publish(post(images=(image,)))

    assert len(fake_mastodon.statuses) == 1
    assert [request.path for request in fake_mastodon.requests] == ["/api/v2/media", "/api/v1/statuses"]


def test_the_same_idempotency_key_twice_makes_one_post(adapter, fake_mastodon):
    first = adapter.publish(post())
    again = adapter.publish(post())

    assert len(fake_mastodon.requests_to("/api/v1/statuses")) == 2
    assert len(fake_mastodon.statuses) == 1
    assert again == first
    adapter.publish(post(idempotency_key="another-variant"))
    assert len(fake_mastodon.statuses) == 2


def test_waits_for_media_the_instance_processes_later(adapter, fake_mastodon, image):
    fake_mastodon.process_async = True

    adapter.publish(post(images=(image,)))

    assert [request.method for request in fake_mastodon.requests if "/media" in request.path] == ["POST", "GET", "GET"]
    (status,) = fake_mastodon.statuses.values()
    assert status["media_attachments"][0]["url"]


def test_media_still_processing_is_transient(fake_mastodon, image):
    fake_mastodon.process_async = True
    adapter = adapter_for("mastodon", {"base_url": fake_mastodon.base_url, "access_token": fake_mastodon.access_token,
                                       "media_poll_attempts": "0"})

    with pytest.raises(TransientError, match="processing"):
        adapter.publish(post(images=(image,)))
    assert fake_mastodon.statuses == {}


def test_rate_limit_is_transient_with_retry_after(adapter, fake_mastodon):
    fake_mastodon.rate_limited(reset_in=120)

    with pytest.raises(TransientError) as raised:
        adapter.publish(post())

    assert raised.value.status == 429
    assert 100 < raised.value.retry_after <= 121
    assert not raised.value.may_have_published
    assert fake_mastodon.statuses == {}


def test_unavailable_instance_is_transient(adapter, fake_mastodon):
    fake_mastodon.unavailable()

    with pytest.raises(TransientError) as raised:
        adapter.publish(post())

    assert raised.value.status == 503
    assert raised.value.retry_after is None
    assert "Service Unavailable" in raised.value.network_message


def test_instance_that_cannot_be_reached_is_transient(fake_mastodon):
    base_url = fake_mastodon.base_url
    fake_mastodon.stop()
    adapter = adapter_for("mastodon", {"base_url": base_url, "access_token": "whatever-token-1234"})

    with pytest.raises(TransientError, match="Could not complete request"):
        adapter.publish(post())


def test_revoked_token_is_permanent_with_the_instances_message(fake_mastodon):
    adapter = adapter_for("mastodon", {"base_url": fake_mastodon.base_url, "access_token": "revoked-token-8c1e0"})

    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())

    assert raised.value.status == 401
    assert raised.value.network_message == "The access token is invalid"
    assert "revoked-token-8c1e0" not in str(raised.value) + repr(raised.value) + raised.value.summary()


def test_rejected_content_is_permanent_with_the_instances_message(adapter, fake_mastodon):
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post(text="ą" * 501))

    assert raised.value.status == 422
    assert raised.value.network_message == "Validation failed: Text character limit of 500 exceeded"
    assert raised.value.summary().endswith("Validation failed: Text character limit of 500 exceeded")


def test_the_token_never_reaches_logs_or_errors(adapter, fake_mastodon, caplog):
    token = fake_mastodon.access_token
    fake_mastodon.fail_next("/api/v1/statuses", Answer(500, {"error": f"boom near Bearer {token}"}))
    caplog.set_level(logging.DEBUG)

    with pytest.raises(TransientError) as raised:
        adapter.publish(post())

    assert "[redacted]" in raised.value.network_message
    texts = [str(raised.value), repr(raised.value), raised.value.summary(), repr(adapter), str(adapter)]
    texts += [record.getMessage() for record in caplog.records]
    assert caplog.records, "the failure is logged"
    assert not [text for text in texts if token in text]
    assert raised.value.__suppress_context__  # the library's frames (whose locals hold the token) are not reported


def test_missing_credentials_name_the_fields():
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="access_token"):
        adapter_for("mastodon", {"base_url": "https://mastodon.example"})


def test_reads_a_status_reactions_for_the_campaign_results(adapter, fake_mastodon):
    published = adapter.publish(post())
    fake_mastodon.statuses[published.external_id].update(favourites_count=12, reblogs_count=5, replies_count=3)
    metrics = adapter.fetch_metrics(published.external_id)
    assert (metrics.reach, metrics.reactions, metrics.clicks) == (None, 20, None)  # Mastodon counts no views or clicks
    with pytest.raises(PermanentError):
        adapter.fetch_metrics("999")  # deleted meanwhile
