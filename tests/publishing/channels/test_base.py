"""The interface every adapter shares: values, errors, secrets, the registry and the manual channel."""

import pickle
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.views.debug import ExceptionReporter

from publishing.channels import (
    ManualPublishingRequired,
    PermanentError,
    Post,
    PostImage,
    Published,
    Secret,
    TransientError,
    adapter_for,
    published_by_hand,
    redact,
)
from publishing.channels.bluesky import BlueskyAdapter
from publishing.channels.manual import ManualAdapter
from publishing.channels.mastodon import MastodonAdapter

TOKEN = "s3cr3t-token-abcdef"


def test_post_is_frozen_and_keeps_images_as_a_tuple(image):
    post = Post(text="Tekst", images=[image], idempotency_key="k-1")
    assert post.images == (image,)
    with pytest.raises(AttributeError):
        post.text = "inny"  # type: ignore[misc]
    assert "data=" not in repr(image)  # bytes stay out of logs


@pytest.mark.parametrize("values", [
    {"text": "Tekst", "idempotency_key": " "},
    {"text": "  ", "idempotency_key": "k"},
])
def test_post_needs_a_key_and_content(values):
    with pytest.raises(ValueError):
        Post(**values)


def test_every_image_needs_alt_text():
    with pytest.raises(ValueError, match="alt text"):
        PostImage(data=b"x", filename="a.png", mime_type="image/png", alt_text=" ")


def test_link_is_appended_once():
    assert Post(text="A", link_url="https://k.pl/x", idempotency_key="k").text_with_link() == "A\n\nhttps://k.pl/x"
    assert Post(text="A https://k.pl/x", link_url="https://k.pl/x", idempotency_key="k").text_with_link() == "A https://k.pl/x"


def test_secret_shows_stars_and_is_never_pickled():
    secret = Secret(TOKEN)
    assert TOKEN not in repr(secret) + str(secret) + f"{secret}" + repr({"token": secret})
    assert secret.reveal() == TOKEN
    with pytest.raises(TypeError):
        pickle.dumps(secret)


def test_redact_replaces_every_secret_but_not_short_values():
    assert redact(f"a {TOKEN} b {TOKEN}", [Secret(TOKEN), "pl", None]) == "a [redacted] b [redacted]"


@pytest.mark.parametrize("adapter_class, credentials", [
    (MastodonAdapter, {"base_url": "https://mastodon.example", "access_token": TOKEN}),
    (BlueskyAdapter, {"identifier": "dialog.example", "app_password": TOKEN}),
])
def test_adapters_never_show_their_credentials(adapter_class, credentials):
    adapter = adapter_class.from_credentials("kanal", credentials)
    assert adapter.key == "kanal"
    assert TOKEN not in repr(adapter) + str(adapter) + repr(vars(adapter))


def test_errors_carry_the_networks_message_not_the_credentials():
    transient = TransientError("Service Unavailable", channel="mastodon", status=503, retry_after=30)
    permanent = PermanentError("The access token is invalid", channel="mastodon", status=401)
    assert str(transient) == "mastodon (HTTP 503): Service Unavailable"
    assert transient.retry_after == 30 and not transient.may_have_published
    assert "The access token is invalid" in permanent.summary()
    assert "Service Unavailable" in transient.summary()


def test_an_error_report_of_a_failed_publish_does_not_show_the_token(fake_mastodon, settings):
    settings.DEBUG = True
    adapter = adapter_for("mastodon", {"base_url": fake_mastodon.base_url, "access_token": fake_mastodon.access_token})
    fake_mastodon.unavailable()
    try:
        adapter.publish(Post(text="Tekst", idempotency_key="k"))
    except TransientError:
        report = ExceptionReporter(None, *sys.exc_info())
        text, html = report.get_traceback_text(), report.get_traceback_html()
    assert "Service Unavailable" in text
    assert fake_mastodon.access_token not in text
    assert fake_mastodon.access_token not in html


def test_registry_reads_the_setting_and_defaults_to_manual(settings):
    settings.DIALOG_CHANNEL_CREDENTIALS = {
        "mastodon": {"base_url": "https://mastodon.example", "access_token": TOKEN},
        "mastodon-mck": {"adapter": "mastodon", "base_url": "https://pol.example", "access_token": TOKEN},
        "instagram": {"adapter": "manual"},
    }
    assert isinstance(adapter_for("mastodon"), MastodonAdapter)
    second = adapter_for("mastodon-mck")
    assert isinstance(second, MastodonAdapter) and second.key == "mastodon-mck"
    assert isinstance(adapter_for("instagram"), ManualAdapter)
    assert isinstance(adapter_for("linkedin"), ManualAdapter)


def test_registry_refuses_an_unknown_adapter_and_names_missing_fields_only(settings):
    settings.DIALOG_CHANNEL_CREDENTIALS = {"tiktok": {"access_token": TOKEN}}
    with pytest.raises(ImproperlyConfigured, match="no channel adapter called 'tiktok'"):
        adapter_for("tiktok")
    with pytest.raises(ImproperlyConfigured) as raised:
        adapter_for("bluesky", {"app_password": TOKEN})
    assert "identifier" in str(raised.value) and TOKEN not in str(raised.value)


def test_manual_channel_hands_over_a_package(image):
    post = Post(text="Zapraszamy!", link_url="https://dialog.krakow.pl/s/1", images=(image,), idempotency_key="k")

    with pytest.raises(ManualPublishingRequired) as raised:
        adapter_for("instagram", {"adapter": "manual"}).publish(post)

    package = raised.value.package
    assert package.channel == "instagram"
    assert package.text == "Zapraszamy!\n\nhttps://dialog.krakow.pl/s/1"
    assert package.images == (image,)
    assert package.alt_texts() == [("konsultacje.png", image.alt_text)]
    assert package.as_text().startswith(package.text)
    assert f"1. konsultacje.png: {image.alt_text}" in package.as_text()


def test_marking_as_published_by_hand_needs_the_posts_address():
    assert published_by_hand(" https://www.instagram.com/p/Cx1/ ") == Published(
        external_id="https://www.instagram.com/p/Cx1/", url="https://www.instagram.com/p/Cx1/")
    for wrong in ("", "instagram.com/p/Cx1", "javascript:alert(1)"):
        with pytest.raises(ValueError):
            published_by_hand(wrong)
