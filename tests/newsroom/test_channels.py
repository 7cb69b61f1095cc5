"""The website and press channels: publishing a variant makes one news item or one draft release, however often it runs."""

import uuid

import pytest
from django.utils import timezone

from newsroom.channels import PressReleaseAdapter, WebsiteAdapter
from newsroom.models import NewsPage, PressReleasePage
from publishing import publisher
from publishing.channels import adapter_for
from publishing.channels.base import Post
from publishing.models import Delivery, DeliveryStatus, Message
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

TEXT = "Zapraszamy na spacer po łąkach kwietnych.\n\nZbiórka przy pętli tramwajowej o 10:00."


def test_the_built_in_channels_use_the_newsroom_adapters():
    assert isinstance(adapter_for("website"), WebsiteAdapter)
    assert isinstance(adapter_for("press"), PressReleaseAdapter)


def test_a_website_variant_becomes_one_published_news_item_even_when_retried(site_tree):
    record = EventFactory(title="Spacer po łąkach")
    post = Post(text=TEXT, idempotency_key="dialog-abc", link_url="https://dialog.example.org/wydarzenia/spacer/",
                title="Spacer po łąkach", record_id=record.pk)
    first = adapter_for("website").publish(post)
    again = adapter_for("website").publish(post)
    assert first == again
    news = NewsPage.objects.get()
    assert news.live and news.title == "Spacer po łąkach" and news.record_id == record.pk
    assert news.lead == "Zapraszamy na spacer po łąkach kwietnych."
    assert "Zbiórka przy pętli" in news.body and 'href="https://dialog.example.org/wydarzenia/spacer/"' in news.body
    assert first.url.endswith("/aktualnosci/spacer-po-lakach/")
    assert news.date == timezone.localdate()


def test_the_publisher_sends_a_website_delivery_through_the_adapter_with_its_image(site_tree, image, client):
    message = Message.objects.create(title="Spacer", record=EventFactory(), text=TEXT)
    delivery = Delivery.objects.create(message=message, variant_key=uuid.uuid4(), channel="website", text=TEXT,
                                       images=[{"image_id": image.pk, "alt_text": "Łąka pełna maków"}], due_at=timezone.now())
    assert publisher.deliver(delivery.pk) == DeliveryStatus.PUBLISHED
    assert publisher.deliver(delivery.pk) is None  # claimed once: nothing more happens
    delivery.refresh_from_db()
    news = NewsPage.objects.get()
    assert (news.image, news.image_alt) == (image, "Łąka pełna maków")
    assert delivery.external_id == str(news.pk)
    response = client.get(news.url)
    assert response.status_code == 200
    assert 'alt="Łąka pełna maków"' in response.content.decode()


def test_a_press_variant_becomes_a_draft_release_for_the_press_officer(site_tree):
    post = Post(text=TEXT, idempotency_key="dialog-press", title="Spacer po łąkach")
    published = adapter_for("press").publish(post)
    assert adapter_for("press").publish(post) == published
    release = PressReleasePage.objects.get()
    assert not release.live and release.has_unpublished_changes
    assert published.url.endswith(f"/admin/pages/{release.pk}/edit/")
    assert release.lead == "Zapraszamy na spacer po łąkach kwietnych."
