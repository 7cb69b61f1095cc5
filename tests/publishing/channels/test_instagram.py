"""The Instagram adapter against the fake Graph API: containers, carousel, status, publish, insights."""

import logging
import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone

from publishing.channels import PermanentError, Post, PostImage, TransientError, adapter_for
from publishing.channels.graph import public_image_url, purge_public_images
from tests.publishing.helpers import png

from .fake_graph import IG_USER_ID, FakeGraph, graph_error
from .leaks import assert_never_shown

MEDIA = f"/v24.0/{IG_USER_ID}/media"
PUBLISH = f"/v24.0/{IG_USER_ID}/media_publish"


@pytest.fixture
def fake_graph():
    network = FakeGraph().start()
    yield network
    network.stop()


@pytest.fixture
def adapter(fake_graph):
    return adapter_for("instagram", {"api_url": fake_graph.url(), "ig_user_id": IG_USER_ID,
                                     "access_token": fake_graph.access_token, "container_poll_interval": "0",
                                     "public_base_url": "https://dialog.krakow.pl"})


def post(**kwargs) -> Post:
    return Post(**{"text": "Park Reduta: zobacz, co zaproponowali mieszkańcy.", "idempotency_key": "variant-ig-1"} | kwargs)


def stored(url: str) -> bytes:
    path = url.removeprefix("https://dialog.krakow.pl" + settings.MEDIA_URL)
    return (Path(settings.MEDIA_ROOT) / path).read_bytes()


def test_publishes_one_image_from_its_public_address_with_alt_text(adapter, fake_graph, image):
    fake_graph.in_progress_polls = 2
    published = adapter.publish(post(images=(image,)))

    (create,) = fake_graph.requests_to(MEDIA)
    assert create.form["caption"] == ["Park Reduta: zobacz, co zaproponowali mieszkańcy."]
    assert create.form["alt_text"] == [image.alt_text]
    url = create.form["image_url"][0]
    assert url.startswith("https://dialog.krakow.pl/") and url.endswith(".png")
    assert stored(url) == image.data  # the network fetches exactly the rendition we were given
    (container,) = fake_graph.containers
    polls = fake_graph.requests_to(f"/v24.0/{container}")
    assert len(polls) == 3 and polls[0].query["fields"] == ["status_code,status"]
    (publish,) = fake_graph.requests_to(PUBLISH)
    assert publish.form == {"creation_id": [container]}
    (media_id,) = fake_graph.published
    assert published.external_id == media_id
    assert published.url == f"https://www.instagram.com/p/C{media_id[-8:]}/"


def test_publishes_a_carousel_of_children_with_their_alt_texts(adapter, fake_graph, image):
    second = PostImage(data=png(50, 40), filename="mapa.png", mime_type="image/png", alt_text="Mapa parku")
    adapter.publish(post(images=(image, second)))

    first_child, second_child, carousel = fake_graph.requests_to(MEDIA)
    assert first_child.form["is_carousel_item"] == ["true"] and "caption" not in first_child.form
    assert second_child.form["alt_text"] == ["Mapa parku"]
    children = list(fake_graph.containers)[:2]
    assert carousel.form["media_type"] == ["CAROUSEL"]
    assert carousel.form["children"] == [",".join(children)]
    assert carousel.form["caption"] == [post().text]
    assert len(fake_graph.published) == 1


def test_a_post_without_an_image_is_refused_before_anything_is_sent(adapter, fake_graph):
    with pytest.raises(PermanentError, match="only posts with an image"):
        adapter.publish(post())
    assert fake_graph.requests == []


def test_a_container_still_processing_is_transient_and_publishes_nothing(fake_graph, image):
    fake_graph.in_progress_polls = 5
    adapter = adapter_for("instagram", {"api_url": fake_graph.url(), "ig_user_id": IG_USER_ID, "access_token": fake_graph.access_token,
                                        "container_poll_interval": "0", "container_poll_attempts": "1"})
    with pytest.raises(TransientError, match="not finished processing") as raised:
        adapter.publish(post(images=(image,)))
    assert not raised.value.may_have_published
    assert fake_graph.requests_to(PUBLISH) == []


def test_an_image_instagram_cannot_fetch_is_permanent(adapter, fake_graph, image):
    fake_graph.fail_next(MEDIA, graph_error("Media download has failed. The media URI doesn't meet our requirements.",
                                            code=9004, subcode=2207052, kind="OAuthException"))
    with pytest.raises(PermanentError, match=r"#9004/2207052"):
        adapter.publish(post(images=(image,)))


def test_instagram_rate_limit_is_transient(adapter, fake_graph, image):
    fake_graph.rate_limited(MEDIA, code=80002, regain_minutes=3)
    with pytest.raises(TransientError) as raised:
        adapter.publish(post(images=(image,)))
    assert raised.value.retry_after == 180


def test_lost_answer_of_media_publish_may_have_published(adapter, fake_graph, image):
    fake_graph.drop_next(PUBLISH)
    with pytest.raises(TransientError) as raised:
        adapter.publish(post(images=(image,)))
    assert raised.value.may_have_published


def test_the_token_never_reaches_logs_or_errors(adapter, fake_graph, image, caplog):
    caplog.set_level(logging.DEBUG)
    fake_graph.fail_next(PUBLISH, graph_error(f"Session for {fake_graph.access_token} expired", code=190, subcode=463))
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post(images=(image,)))
    assert_never_shown(fake_graph.access_token, raised.value, adapter, caplog)


def test_reads_reach_and_reactions(adapter, fake_graph, image):
    published = adapter.publish(post(images=(image,)))
    fake_graph.insights[published.external_id] = {"reach": 950, "likes": 40, "comments": 6, "shares": 3, "saved": 2}
    metrics = adapter.fetch_metrics(published.external_id)
    assert (metrics.reach, metrics.reactions, metrics.clicks) == (950, 51, None)


@override_settings(WAGTAILADMIN_BASE_URL="https://dialog.example.pl", MEDIA_URL="/media/")
def test_public_image_url_stores_each_content_once():
    image = PostImage(data=png(12, 12), filename="a.png", mime_type="image/png", alt_text="Kwadrat")
    first = public_image_url(image, base_url=settings.WAGTAILADMIN_BASE_URL)
    again = public_image_url(image, base_url=settings.WAGTAILADMIN_BASE_URL)
    assert first == again
    assert first.startswith("https://dialog.example.pl/media/channel-images/")


def test_stored_images_are_deleted_a_week_later(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    old, new = (
        public_image_url(PostImage(data=png(size, size), filename="a.png", mime_type="image/png", alt_text="Kwadrat"), base_url="https://x.pl")
        for size in (10, 11)
    )
    old_file = next(tmp_path.glob(f"channel-images/{old.rsplit('/', 1)[1]}"))
    eight_days_ago = timezone.now() - timedelta(days=8)
    os.utime(old_file, (eight_days_ago.timestamp(), eight_days_ago.timestamp()))
    assert purge_public_images(now=timezone.now()) == 1
    assert sorted(path.name for path in (tmp_path / "channel-images").iterdir()) == [new.rsplit("/", 1)[1]]
    assert purge_public_images(now=timezone.now()) == 0
