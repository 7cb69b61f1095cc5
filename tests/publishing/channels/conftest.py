import pytest

from publishing.channels import PostImage
from tests.publishing.helpers import png


@pytest.fixture
def image() -> PostImage:
    return PostImage(data=png(), filename="konsultacje.png", mime_type="image/png",
                     alt_text="Mapa dzielnicy Podgórze z zaznaczonym terenem konsultacji")
