"""The X adapter against a fake API v2 that answers as docs.x.com describes."""

import logging

import pytest

from publishing.channels import PermanentError, Post, PostImage, TransientError, adapter_for
from tests.publishing.helpers import png

from .fake_http import Answer
from .fake_x import FakeX
from .leaks import assert_never_shown


@pytest.fixture
def fake_x():
    network = FakeX().start()
    yield network
    network.stop()


@pytest.fixture
def adapter(fake_x):
    return adapter_for("x", {"api_url": fake_x.base_url, "access_token": fake_x.access_token, "username": "KrakowDialog"})


def post(**kwargs) -> Post:
    return Post(**{"text": "Spotkanie o zieleni w Podgórzu, 16 marca o 17:30.", "idempotency_key": "variant-x-1"} | kwargs)


def test_publishes_text_with_link_and_images_with_alt_texts(adapter, fake_x, image):
    second = PostImage(data=png(20, 20), filename="plakat.png", mime_type="image/png", alt_text="Plakat spotkania")
    published = adapter.publish(post(images=(image, second), link_url="https://dialog.krakow.pl/zielen"))

    uploads = fake_x.requests_to("/2/media/upload")
    assert [upload.form["media_category"] for upload in uploads] == [["tweet_image"], ["tweet_image"]]
    assert uploads[0].files["media"].data == image.data and uploads[0].files["media"].content_type == "image/png"
    assert [media["alt_text"] for media in fake_x.media.values()] == [image.alt_text, "Plakat spotkania"]
    (create,) = fake_x.requests_to("/2/tweets")
    assert create.headers["authorization"] == f"Bearer {fake_x.access_token}"
    assert create.json() == {"text": "Spotkanie o zieleni w Podgórzu, 16 marca o 17:30.\n\nhttps://dialog.krakow.pl/zielen",
                             "media": {"media_ids": list(fake_x.media)}}
    (tweet_id,) = fake_x.tweets
    assert published.external_id == tweet_id
    assert published.url == f"https://x.com/KrakowDialog/status/{tweet_id}"


def test_text_only_post_without_username_links_to_the_status(fake_x):
    adapter = adapter_for("x", {"api_url": fake_x.base_url, "access_token": fake_x.access_token})
    published = adapter.publish(post())
    assert fake_x.requests_to("/2/tweets")[0].json() == {"text": post().text}
    assert published.url == f"https://x.com/i/web/status/{published.external_id}"


def test_revoked_token_is_permanent(fake_x):
    adapter = adapter_for("x", {"api_url": fake_x.base_url, "access_token": "revoked-x-token-1"})
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())
    assert raised.value.status == 401
    assert raised.value.network_message == "Unauthorized"


def test_duplicate_post_is_permanent_with_xs_words(adapter, fake_x):
    adapter.publish(post())
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())
    assert raised.value.status == 403
    assert raised.value.network_message == "Forbidden: You are not allowed to create a Tweet with duplicate content."


def test_invalid_request_is_permanent_with_the_parameter_message(adapter, fake_x):
    fake_x.fail_next("/2/tweets", Answer(400, {"errors": [{"parameters": {"text": ["x"]}, "message": "Text is too long."}],
                                               "title": "Invalid Request", "type": "https://api.twitter.com/2/problems/invalid-request"}))
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())
    assert raised.value.status == 400 and raised.value.network_message == "Invalid Request"


def test_rate_limit_waits_until_the_reset(adapter, fake_x):
    fake_x.rate_limited(reset_in=900)
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.status == 429
    assert 880 < raised.value.retry_after <= 900
    assert not raised.value.may_have_published
    assert fake_x.tweets == {}


def test_server_error_on_create_may_have_published(adapter, fake_x):
    fake_x.fail_next("/2/tweets", Answer(503, {"title": "Service Unavailable", "detail": "Service Unavailable",
                                               "type": "about:blank", "status": 503}))
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.status == 503 and raised.value.may_have_published


def test_dropped_connection_on_create_may_have_published(adapter, fake_x):
    fake_x.drop_next("/2/tweets")
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.may_have_published
    assert "ConnectionError" in raised.value.network_message


def test_failed_upload_is_safe_to_retry(adapter, fake_x, image):
    fake_x.fail_next("/2/media/upload", Answer(502, "<html><body>Bad Gateway</body></html>"))
    with pytest.raises(TransientError) as raised:
        adapter.publish(post(images=(image,)))
    assert raised.value.status == 502 and not raised.value.may_have_published
    assert fake_x.requests_to("/2/tweets") == []


def test_more_than_four_images_are_refused_before_anything_is_sent(adapter, fake_x, image):
    with pytest.raises(PermanentError, match="at most 4"):
        adapter.publish(post(images=(image,) * 5))
    assert fake_x.requests == []


def test_the_token_never_reaches_logs_or_errors(adapter, fake_x, caplog):
    caplog.set_level(logging.DEBUG)
    fake_x.fail_next("/2/tweets", Answer(500, {"title": "Internal Error", "detail": f"bad token {fake_x.access_token}"}))
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert_never_shown(fake_x.access_token, raised.value, adapter, caplog)
    assert raised.value.__context__ is None or raised.value.__suppress_context__  # no library frames in reports


def test_reads_impressions_reactions_and_link_clicks(adapter, fake_x):
    published = adapter.publish(post())
    fake_x.metrics[published.external_id] = {
        "public_metrics": {"like_count": 9, "retweet_count": 3, "quote_count": 1, "reply_count": 2, "impression_count": 700},
        "non_public_metrics": {"impression_count": 812, "url_link_clicks": 41}}
    metrics = adapter.fetch_metrics(published.external_id)
    assert (metrics.reach, metrics.reactions, metrics.clicks) == (812, 15, 41)
    lookup = fake_x.requests_to(f"/2/tweets/{published.external_id}")[0]
    assert lookup.query["tweet.fields"] == ["public_metrics,non_public_metrics"]
    with pytest.raises(PermanentError, match="Could not find tweet"):
        adapter.fetch_metrics("1")
