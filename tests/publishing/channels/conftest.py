import io

import pytest
from PIL import Image

from publishing.channels import PostImage

from .fake_bluesky import FakeBluesky
from .fake_mastodon import FakeMastodon


@pytest.fixture
def fake_mastodon():
    network = FakeMastodon().start()
    yield network
    network.stop()


@pytest.fixture
def fake_bluesky():
    network = FakeBluesky().start()
    yield network
    network.stop()


def png(width: int = 40, height: int = 30) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (0, 90, 160)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def image() -> PostImage:
    return PostImage(data=png(), filename="konsultacje.png", mime_type="image/png",
                     alt_text="Mapa dzielnicy Podgórze z zaznaczonym terenem konsultacji")
