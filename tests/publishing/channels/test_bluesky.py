"""The Bluesky adapter against a fake PDS that answers as the XRPC reference says."""

import logging

import pytest
from django.utils import translation

from publishing.channels import PermanentError, Post, PostImage, TransientError, adapter_for
from publishing.channels.bluesky import link_facets

from .fake_bluesky import CREATE_RECORD, DID, HANDLE, SESSION, UPLOAD_BLOB
from .fake_http import Answer


@pytest.fixture
def adapter(fake_bluesky):
    return adapter_for("bluesky", {"service": fake_bluesky.base_url, "identifier": fake_bluesky.identifier,
                                   "app_password": fake_bluesky.app_password})


def post(**kwargs) -> Post:
    return Post(**{"text": "Zażółć gęślą jaźń — szczegóły: https://dialog.krakow.pl/konsultacje/zieleń.",
                   "idempotency_key": "variant-3"} | kwargs)


def test_publishes_text_link_facet_and_images_with_alt(adapter, fake_bluesky, image):
    published = adapter.publish(post(images=(image,)))

    (session,) = fake_bluesky.requests_to(SESSION)
    assert session.json() == {"identifier": HANDLE, "password": fake_bluesky.app_password}
    (upload,) = fake_bluesky.requests_to(UPLOAD_BLOB)
    assert upload.body == image.data
    assert upload.headers["content-type"] == "image/png"
    (create,) = fake_bluesky.requests_to(CREATE_RECORD)
    body = create.json()
    assert body["repo"] == DID and body["collection"] == "app.bsky.feed.post"
    record = body["record"]
    assert record["langs"] == ["pl"]
    assert record["createdAt"].endswith("Z")
    (embedded,) = record["embed"]["images"]
    assert record["embed"]["$type"] == "app.bsky.embed.images"
    assert embedded["alt"] == image.alt_text
    assert embedded["aspectRatio"] == {"width": 40, "height": 30}
    assert embedded["image"]["ref"]["$link"] in fake_bluesky.blobs
    (uri,) = fake_bluesky.records
    assert published.external_id == uri
    assert published.url == f"https://bsky.app/profile/{HANDLE}/post/{uri.rsplit('/', 1)[-1]}"


def test_link_facet_counts_utf8_bytes_after_polish_diacritics(adapter, fake_bluesky):
    adapter.publish(post())

    record = fake_bluesky.requests_to(CREATE_RECORD)[0].json()["record"]
    (facet,) = record["facets"]
    text_bytes = record["text"].encode("utf-8")
    url = "https://dialog.krakow.pl/konsultacje/zieleń"
    assert text_bytes[facet["index"]["byteStart"]:facet["index"]["byteEnd"]].decode("utf-8") == url
    assert facet["features"] == [{"$type": "app.bsky.richtext.facet#link", "uri": url}]
    assert facet["index"]["byteStart"] == len("Zażółć gęślą jaźń — szczegóły: ".encode()) == 44
    assert facet["index"]["byteStart"] != record["text"].index("https")  # characters and bytes differ here


def test_link_url_is_appended_and_linked():
    text = Post(text="Nowe konsultacje", link_url="https://dialog.krakow.pl/k/1", idempotency_key="k").text_with_link()
    (facet,) = link_facets(text)
    assert text.encode()[facet["index"]["byteStart"]:facet["index"]["byteEnd"]] == b"https://dialog.krakow.pl/k/1"


def test_wrong_app_password_is_permanent_with_the_networks_message(fake_bluesky):
    adapter = adapter_for("bluesky", {"service": fake_bluesky.base_url, "identifier": HANDLE,
                                      "app_password": "wrong-pass-word-x"})

    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())

    assert raised.value.status == 401
    assert raised.value.network_message == "AuthenticationRequired: Invalid identifier or password"
    assert fake_bluesky.requests_to(CREATE_RECORD) == []


def test_rejected_record_is_permanent(adapter, fake_bluesky):
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post(text="ż" * 301))

    assert raised.value.status == 400
    assert "must not be longer than 300 graphemes" in raised.value.network_message


def test_rate_limit_is_transient_with_retry_after(adapter, fake_bluesky):
    fake_bluesky.rate_limited(reset_in=300)

    with pytest.raises(TransientError) as raised:
        adapter.publish(post())

    assert raised.value.status == 429
    assert 280 < raised.value.retry_after <= 300
    assert raised.value.network_message == "RateLimitExceeded: Rate Limit Exceeded"
    assert fake_bluesky.records == {}


def test_server_error_on_create_may_have_published(adapter, fake_bluesky):
    fake_bluesky.fail_next(CREATE_RECORD, Answer(502, {"error": "UpstreamFailure", "message": "Upstream Failure"}))

    with pytest.raises(TransientError) as raised:
        adapter.publish(post())

    assert raised.value.status == 502
    assert raised.value.may_have_published
    with translation.override("en"):
        assert "check the profile" in raised.value.summary()


def test_server_error_before_create_is_safe_to_retry(adapter, fake_bluesky, image):
    fake_bluesky.fail_next(UPLOAD_BLOB, Answer(503, "<h1>503 Service Temporarily Unavailable</h1>"))

    with pytest.raises(TransientError) as raised:
        adapter.publish(post(images=(image,)))

    assert raised.value.status == 503
    assert not raised.value.may_have_published
    assert fake_bluesky.requests_to(CREATE_RECORD) == []


def test_unreachable_pds_is_transient(fake_bluesky):
    base_url = fake_bluesky.base_url
    fake_bluesky.stop()
    adapter = adapter_for("bluesky", {"service": base_url, "identifier": HANDLE, "app_password": "pass-word-1234"})

    with pytest.raises(TransientError, match="ConnectionError"):
        adapter.publish(post())


def test_too_large_image_is_refused_before_anything_is_sent(adapter, fake_bluesky):
    big = PostImage(data=b"\x89PNG" + b"0" * 1_000_000, filename="duzy.png", mime_type="image/png", alt_text="Duży")

    with pytest.raises(PermanentError, match="duzy.png"):
        adapter.publish(post(images=(big,)))
    assert fake_bluesky.requests == []


def test_password_and_session_tokens_never_reach_logs_or_errors(adapter, fake_bluesky, caplog):
    caplog.set_level(logging.DEBUG)
    adapter.publish(post())
    jwt = next(iter(fake_bluesky.access_jwts))
    fake_bluesky.fail_next(CREATE_RECORD, Answer(400, {"error": "InvalidRequest",
                                                       "message": f"bad token {jwt} for {fake_bluesky.app_password}"}))

    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())

    texts = [str(raised.value), repr(raised.value), raised.value.summary(), repr(adapter), str(adapter)]
    texts += [record.getMessage() for record in caplog.records]
    assert raised.value.network_message == "InvalidRequest: bad token [redacted] for [redacted]"
    for secret in (jwt, fake_bluesky.app_password):
        assert not [text for text in texts if secret in text]


def test_reads_a_post_reactions_for_the_campaign_results(adapter, fake_bluesky):
    published = adapter.publish(Post(text="Zapraszamy na spacer.", idempotency_key="metrics"))
    fake_bluesky.counts[published.external_id] = {"likeCount": 7, "repostCount": 2, "quoteCount": 1, "replyCount": 4}
    metrics = adapter.fetch_metrics(published.external_id)
    assert (metrics.reach, metrics.reactions, metrics.clicks) == (None, 14, None)
    (query,) = fake_bluesky.requests_to("/xrpc/app.bsky.feed.getPosts")
    assert query.method == "GET" and query.query["uris"] == [published.external_id]
    with pytest.raises(PermanentError):
        adapter.fetch_metrics(f"{published.external_id}-deleted")
