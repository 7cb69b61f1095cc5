"""The Threads adapter against the fake Graph API (graph.threads.net's /v1.0 dialect)."""

import logging

import pytest

from publishing.channels import PermanentError, Post, PostImage, TransientError, adapter_for
from tests.publishing.helpers import png

from .fake_graph import THREADS_USER_ID, FakeGraph, graph_error
from .leaks import assert_never_shown

THREADS = f"/v1.0/{THREADS_USER_ID}/threads"
PUBLISH = f"/v1.0/{THREADS_USER_ID}/threads_publish"


@pytest.fixture
def fake_graph():
    network = FakeGraph().start()
    yield network
    network.stop()


@pytest.fixture
def adapter(fake_graph):
    return adapter_for("threads", {"api_url": fake_graph.url("v1.0"), "threads_user_id": THREADS_USER_ID,
                                   "access_token": fake_graph.access_token, "container_poll_interval": "0",
                                   "public_base_url": "https://dialog.krakow.pl"})


def post(**kwargs) -> Post:
    return Post(**{"text": "Jak ma wyglądać park Reduta? Powiedz nam.", "idempotency_key": "variant-th-1"} | kwargs)


def test_publishes_a_text_post_with_its_link(adapter, fake_graph):
    published = adapter.publish(post(link_url="https://dialog.krakow.pl/reduta"))

    (create,) = fake_graph.requests_to(THREADS)
    assert create.form == {"media_type": ["TEXT"], "text": ["Jak ma wyglądać park Reduta? Powiedz nam.\n\nhttps://dialog.krakow.pl/reduta"]}
    (container,) = fake_graph.containers
    assert fake_graph.requests_to(f"/v1.0/{container}")[0].query["fields"] == ["status,error_message"]
    assert fake_graph.requests_to(PUBLISH)[0].form == {"creation_id": [container]}
    (media_id,) = fake_graph.published
    assert published.external_id == media_id and published.url.startswith("https://www.threads.net/")


def test_publishes_one_image_and_a_carousel_with_alt_texts(adapter, fake_graph, image):
    adapter.publish(post(images=(image,)))
    (single,) = fake_graph.requests_to(THREADS)
    assert single.form["media_type"] == ["IMAGE"] and single.form["alt_text"] == [image.alt_text]
    assert single.form["image_url"][0].startswith("https://dialog.krakow.pl/")

    second = PostImage(data=png(30, 30), filename="mapa.png", mime_type="image/png", alt_text="Mapa parku Reduta")
    adapter.publish(post(text="Dwa obrazy.", images=(image, second)))
    first_child, second_child, carousel = fake_graph.requests_to(THREADS)[1:]
    assert first_child.form["is_carousel_item"] == ["true"] and first_child.form["media_type"] == ["IMAGE"]
    assert second_child.form["alt_text"] == ["Mapa parku Reduta"]
    assert carousel.form["media_type"] == ["CAROUSEL"] and carousel.form["text"] == ["Dwa obrazy."]
    assert len(fake_graph.published) == 2


def test_refused_container_is_permanent_with_threads_words(adapter, fake_graph):
    fake_graph.fail_next(THREADS, graph_error("(#100) The parameter text is too long", code=100, kind="THApiException"))
    with pytest.raises(PermanentError, match=r"too long \(#100"):
        adapter.publish(post())
    assert fake_graph.requests_to(PUBLISH) == []


def test_rate_limit_is_transient(adapter, fake_graph):
    fake_graph.rate_limited(PUBLISH, code=4, regain_minutes=1)
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.retry_after == 60 and not raised.value.may_have_published


def test_server_error_on_publish_may_have_published(adapter, fake_graph):
    fake_graph.fail_next(PUBLISH, graph_error("Please reduce the amount of data you're asking for, then retry your request",
                                              code=1, status=500))
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.may_have_published


def test_the_token_never_reaches_logs_or_errors(adapter, fake_graph, caplog):
    caplog.set_level(logging.DEBUG)
    fake_graph.fail_next(THREADS, graph_error(f"Error validating access token {fake_graph.access_token}", code=190))
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())
    assert_never_shown(fake_graph.access_token, raised.value, adapter, caplog)


def test_reads_views_and_reactions(adapter, fake_graph):
    published = adapter.publish(post())
    fake_graph.insights[published.external_id] = {"views": 480, "likes": 22, "replies": 5, "reposts": 2, "quotes": 1}
    metrics = adapter.fetch_metrics(published.external_id)
    assert (metrics.reach, metrics.reactions, metrics.clicks) == (480, 30, None)
