"""The Facebook Page adapter against a fake Graph API that answers as Meta's documentation describes."""

import json
import logging

import pytest

from publishing.channels import PermanentError, Post, PostImage, TransientError, adapter_for
from tests.publishing.helpers import png

from .fake_graph import PAGE_ID, FakeGraph, graph_error
from .fake_http import Answer
from .leaks import assert_never_shown

FEED = f"/v24.0/{PAGE_ID}/feed"
PHOTOS = f"/v24.0/{PAGE_ID}/photos"


@pytest.fixture
def fake_graph():
    network = FakeGraph().start()
    yield network
    network.stop()


@pytest.fixture
def adapter(fake_graph):
    return adapter_for("facebook", {"api_url": fake_graph.url(), "page_id": PAGE_ID,
                                    "page_access_token": fake_graph.access_token})


def post(**kwargs) -> Post:
    return Post(**{"text": "Zapraszamy na spacer badawczy po parku Reduta.", "idempotency_key": "variant-fb-1"} | kwargs)


def test_publishes_text_with_a_link_preview(adapter, fake_graph):
    published = adapter.publish(post(link_url="https://dialog.krakow.pl/reduta"))

    (sent,) = fake_graph.requests_to(FEED)
    assert sent.form == {"message": ["Zapraszamy na spacer badawczy po parku Reduta."], "link": ["https://dialog.krakow.pl/reduta"]}
    assert sent.headers["authorization"] == f"Bearer {fake_graph.access_token}"
    assert "access_token" not in sent.query  # the token never travels in a URL
    (post_id,) = fake_graph.feed
    assert published.external_id == post_id
    assert published.url == f"https://www.facebook.com/{PAGE_ID}/posts/{post_id.split('_')[1]}"


def test_publishes_unpublished_photos_with_alt_texts_attached_to_one_post(adapter, fake_graph, image):
    second = PostImage(data=png(20, 20), filename="plakat.png", mime_type="image/png", alt_text="Plakat spaceru")
    adapter.publish(post(images=(image, second), link_url="https://dialog.krakow.pl/reduta"))

    uploads = fake_graph.requests_to(PHOTOS)
    assert [upload.form["published"] for upload in uploads] == [["false"], ["false"]]
    assert [upload.form["alt_text_custom"] for upload in uploads] == [[image.alt_text], ["Plakat spaceru"]]
    assert uploads[0].files["source"].data == image.data
    (sent,) = fake_graph.requests_to(FEED)
    assert [json.loads(sent.form[f"attached_media[{n}]"][0]) for n in (0, 1)] == [{"media_fbid": photo} for photo in fake_graph.photos]
    assert sent.form["message"] == ["Zapraszamy na spacer badawczy po parku Reduta.\n\nhttps://dialog.krakow.pl/reduta"]


def test_invalid_token_is_permanent_with_graphs_message(fake_graph):
    adapter = adapter_for("facebook", {"api_url": fake_graph.url(), "page_id": PAGE_ID, "page_access_token": "EAAexpired99"})
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())
    assert raised.value.status == 400
    assert raised.value.network_message.startswith("Invalid OAuth access token - Cannot parse access token (#190, fbtrace_id A")


def test_duplicate_post_is_permanent(adapter, fake_graph):
    adapter.publish(post())
    with pytest.raises(PermanentError, match=r"Duplicate status message \(#506"):
        adapter.publish(post())


@pytest.mark.parametrize("code", [4, 17, 32, 613, 80001])
def test_rate_limit_codes_are_transient_and_wait_as_told(adapter, fake_graph, code):
    fake_graph.rate_limited(FEED, code=code, regain_minutes=12)
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.retry_after == 720
    assert not raised.value.may_have_published
    assert fake_graph.feed == {}


def test_temporary_error_on_the_feed_post_may_have_published(adapter, fake_graph):
    fake_graph.fail_next(FEED, graph_error("An unknown error has occurred.", code=1, status=500))
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.status == 500 and raised.value.may_have_published


def test_dropped_connection_on_the_feed_post_may_have_published(adapter, fake_graph):
    fake_graph.drop_next(FEED)
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.may_have_published


def test_failed_photo_upload_is_safe_to_retry(adapter, fake_graph, image):
    fake_graph.fail_next(PHOTOS, Answer(502, "<html>Bad Gateway</html>"))
    with pytest.raises(TransientError) as raised:
        adapter.publish(post(images=(image,)))
    assert not raised.value.may_have_published
    assert fake_graph.requests_to(FEED) == []


def test_the_token_never_reaches_logs_or_errors(adapter, fake_graph, caplog):
    caplog.set_level(logging.DEBUG)
    fake_graph.fail_next(FEED, graph_error(f"(#100) Invalid parameter access_token={fake_graph.access_token}", code=100))
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())
    assert_never_shown(fake_graph.access_token, raised.value, adapter, caplog)


def test_reads_reach_reactions_and_clicks_from_insights(adapter, fake_graph):
    published = adapter.publish(post())
    fake_graph.insights[published.external_id] = {"post_impressions_unique": 1300, "post_clicks": 57,
                                                  "post_reactions_by_type_total": {"like": 30, "love": 4, "wow": 1}}
    metrics = adapter.fetch_metrics(published.external_id)
    assert (metrics.reach, metrics.reactions, metrics.clicks) == (1300, 35, 57)
    with pytest.raises(PermanentError, match="does not exist"):
        adapter.fetch_metrics(f"{PAGE_ID}_1")
