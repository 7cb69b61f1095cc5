"""The LinkedIn adapter against a fake of the versioned REST API (Posts, Images, share statistics)."""

import logging

import pytest
from django.core.exceptions import ImproperlyConfigured

from publishing.channels import PermanentError, Post, PostImage, TransientError, adapter_for
from publishing.channels.linkedin import little_text
from tests.publishing.helpers import png

from .fake_http import Answer
from .fake_linkedin import ORGANIZATION, FakeLinkedIn
from .leaks import assert_never_shown


@pytest.fixture
def fake_linkedin():
    network = FakeLinkedIn().start()
    yield network
    network.stop()


@pytest.fixture
def adapter(fake_linkedin):
    return adapter_for("linkedin", {"api_url": fake_linkedin.base_url, "author": ORGANIZATION,
                                    "access_token": fake_linkedin.access_token, "linkedin_version": "202610"})


def post(**kwargs) -> Post:
    return Post(**{"text": "Konsultacje (do 30 kwietnia): park_Reduta #Kraków", "idempotency_key": "variant-li-1",
                   "title": "Konsultacje parku Reduta"} | kwargs)


def test_publishes_an_article_post_with_escaped_commentary(adapter, fake_linkedin):
    published = adapter.publish(post(link_url="https://dialog.krakow.pl/park_reduta"))

    (sent,) = fake_linkedin.requests_to("/rest/posts")
    assert sent.headers["linkedin-version"] == "202610" and sent.headers["x-restli-protocol-version"] == "2.0.0"
    body = sent.json()
    assert body["commentary"] == r"Konsultacje \(do 30 kwietnia\): park\_Reduta \#Kraków"
    assert body["content"] == {"article": {"source": "https://dialog.krakow.pl/park_reduta", "title": "Konsultacje parku Reduta"}}
    assert (body["author"], body["visibility"], body["lifecycleState"]) == (ORGANIZATION, "PUBLIC", "PUBLISHED")
    (urn,) = fake_linkedin.posts
    assert published.external_id == urn
    assert published.url == f"https://www.linkedin.com/feed/update/{urn}/"


def test_links_in_commentary_stay_unescaped():
    assert little_text("Zobacz https://dialog.krakow.pl/a_(b) [mapa]") == r"Zobacz https://dialog.krakow.pl/a_(b) \[mapa\]"


def test_uploads_images_and_sends_alt_texts(adapter, fake_linkedin, image):
    adapter.publish(post(images=(image,)))
    (initialize,) = fake_linkedin.requests_to("/rest/images")
    assert initialize.json() == {"initializeUploadRequest": {"owner": ORGANIZATION}}
    (urn,) = fake_linkedin.images
    assert fake_linkedin.images[urn] == image.data
    assert fake_linkedin.requests_to("/rest/posts")[0].json()["content"] == {"media": {"id": urn, "altText": image.alt_text}}

    second = PostImage(data=png(25, 25), filename="mapa.png", mime_type="image/png", alt_text="Mapa parku")
    adapter.publish(post(text="Dwa zdjęcia.", images=(image, second)))
    content = fake_linkedin.requests_to("/rest/posts")[1].json()["content"]
    assert [item["altText"] for item in content["multiImage"]["images"]] == [image.alt_text, "Mapa parku"]


def test_invalid_token_is_permanent(fake_linkedin):
    adapter = adapter_for("linkedin", {"api_url": fake_linkedin.base_url, "author": ORGANIZATION,
                                       "access_token": "AQVrevoked", "linkedin_version": "202610"})
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())
    assert raised.value.status == 401
    assert raised.value.network_message == "Invalid access token (INVALID_ACCESS_TOKEN)"


def test_duplicate_is_permanent_with_linkedins_words(adapter, fake_linkedin):
    adapter.publish(post())
    with pytest.raises(PermanentError, match="Content is a duplicate of urn:li:share:") as raised:
        adapter.publish(post())
    assert raised.value.status == 422


def test_daily_throttle_is_transient(adapter, fake_linkedin):
    fake_linkedin.rate_limited()
    with pytest.raises(TransientError, match="APPLICATION DAY limit") as raised:
        adapter.publish(post())
    assert raised.value.status == 429 and not raised.value.may_have_published


def test_lost_answer_of_the_post_may_have_published(adapter, fake_linkedin):
    fake_linkedin.drop_next("/rest/posts")
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.may_have_published
    fake_linkedin.fail_next("/rest/posts", Answer(504, {"status": 504, "message": "Gateway Timeout"}))
    with pytest.raises(TransientError) as raised:
        adapter.publish(post())
    assert raised.value.status == 504 and raised.value.may_have_published


def test_the_version_is_required():
    with pytest.raises(ImproperlyConfigured, match="linkedin_version"):
        adapter_for("linkedin", {"author": ORGANIZATION, "access_token": "AQVtoken"})


def test_the_token_never_reaches_logs_or_errors(adapter, fake_linkedin, caplog):
    caplog.set_level(logging.DEBUG)
    fake_linkedin.fail_next("/rest/posts", Answer(400, {"status": 400, "message": f"Token {fake_linkedin.access_token} malformed"}))
    with pytest.raises(PermanentError) as raised:
        adapter.publish(post())
    assert_never_shown(fake_linkedin.access_token, raised.value, adapter, caplog)


def test_reads_share_statistics(adapter, fake_linkedin):
    published = adapter.publish(post())
    fake_linkedin.statistics[published.external_id] = {"uniqueImpressionsCount": 640, "clickCount": 33,
                                                       "likeCount": 20, "commentCount": 4, "shareCount": 2}
    metrics = adapter.fetch_metrics(published.external_id)
    assert (metrics.reach, metrics.reactions, metrics.clicks) == (640, 26, 33)
    with pytest.raises(PermanentError):
        adapter.fetch_metrics("urn:li:share:1")
