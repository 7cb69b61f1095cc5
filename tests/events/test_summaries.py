"""Event summaries: shown only once published, on the event's and its consultation's page; participants told once."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import ModelLogEntry

from events import services
from events.models import EventSummary, PhotoBlock, RegistrationStatus, SummaryNotification
from tests.factories import ConsultationFactory, EventFactory, UserFactory

from .factories import RegistrationFactory

pytestmark = pytest.mark.django_db

CONSENT = "Osoby na zdjęciu wyraziły zgodę na publikację"


def make_summary(event, **kwargs) -> EventSummary:
    document = Document.objects.create(
        title="Prezentacja wyników", file=ContentFile(b"%PDF-1.4 test", name="wyniki.pdf"), file_size=13,
    )  # the admin's upload form records the size
    image = Image.objects.create(title="Sala", file=get_test_image_file("sala.png"))
    values = {
        "conclusions": [("conclusion", "Mieszkańcy chcą więcej zieleni przy szkole")],
        "notes": "<p>Notatka ze spotkania o <b>parku</b>.</p>",
        "presentations": [("presentation", {"document": document, "title": ""})],
        "photos": [("photo", {"image": image, "alt": "Mieszkańcy przy mapie dzielnicy", "consent": CONSENT})],
        "recording_url": "https://nagrania.example.org/spotkanie-1",
    }
    values.update(kwargs)
    return EventSummary.objects.create(event=event, **values)


@pytest.fixture
def staff(site_tree):
    return UserFactory(username="koordynatorka", groups=["Koordynator"])


@pytest.fixture
def publish(django_capture_on_commit_callbacks, staff):
    def publish(summary):
        with django_capture_on_commit_callbacks(execute=True):
            return services.publish_summary(summary=summary, user=staff)

    return publish


@pytest.fixture
def consultation_event(site_tree):
    consultation = ConsultationFactory(title="Konsultacje parku")
    event = EventFactory(title="Spotkanie o parku")
    event.consultation = consultation
    event.save_revision().publish()
    return consultation, event


def test_a_draft_summary_is_not_shown(client, consultation_event):
    consultation, event = consultation_event
    make_summary(event)
    for url in (event.url, consultation.url):
        html = client.get(url).content.decode()
        assert 'id="summary-title"' not in html
        assert "Mieszkańcy chcą więcej zieleni" not in html


def test_a_published_summary_is_shown_on_the_event_and_its_consultation(client, consultation_event, publish, compiled_translations):
    consultation, event = consultation_event
    summary = publish(make_summary(event))
    assert summary.published_at is not None
    for url in (event.url, consultation.url):
        html = client.get(url).content.decode()
        assert '<h2 id="summary-title">Podsumowanie</h2>' in html
        assert "<li>Mieszkańcy chcą więcej zieleni przy szkole</li>" in html
        assert "Notatka ze spotkania o <b>parku</b>." in html
        assert "Prezentacja wyników</a>" in html and "(PDF, 13" in html.replace("\xa0", " ")
        assert 'alt="Mieszkańcy przy mapie dzielnicy"' in html
        assert f"<figcaption>{CONSENT}</figcaption>" in html
        assert 'href="https://nagrania.example.org/spotkanie-1"' in html
        assert "Kluczowe wnioski" in html and "<script" not in html.split('id="summary-title"')[1].split("</section>")[0]
    assert "Spotkanie o parku</a></h3>" in client.get(consultation.url).content.decode()


def test_participants_are_told_once_and_only_confirmed_ones(event, publish, compiled_translations):
    confirmed = RegistrationFactory(event=event, email="obecna@example.org")
    absent = RegistrationFactory(event=event, email="nieobecna@example.org")  # confirmed, never checked in
    services.check_in(registration=confirmed, user=None)
    for status in (RegistrationStatus.CANCELLED, RegistrationStatus.WAITING, RegistrationStatus.PENDING):
        RegistrationFactory(event=event, status=status, email=f"{status}@example.org")
    summary = make_summary(event)
    publish(summary)
    assert sorted(message.to[0] for message in mail.outbox) == [absent.email, confirmed.email]
    assert "Podsumowanie" in mail.outbox[0].subject or "podsumowanie" in mail.outbox[0].subject.lower()
    assert "#summary-title" in mail.outbox[0].body
    publish(summary)
    publish(EventSummary.objects.get(pk=summary.pk))
    assert len(mail.outbox) == 2
    assert SummaryNotification.objects.filter(summary=summary).count() == 2
    assert ModelLogEntry.objects.filter(action="events.summary_published").count() == 1


def test_a_summary_task_for_an_unpublished_summary_sends_nothing(event):
    from events.tasks import send_registration_email

    registration = RegistrationFactory(event=event)
    make_summary(event)
    assert send_registration_email.call(registration.pk, "summary") == "outdated"
    assert mail.outbox == []


def test_photos_need_alternative_text_in_polish(site_tree, compiled_translations):
    from django.utils import translation

    event = EventFactory()
    summary = make_summary(event)
    summary.photos = [("photo", {"image": summary.photos[0].value["image"], "alt": " ", "consent": CONSENT})]
    with translation.override("pl"):
        with pytest.raises(ValidationError) as error:
            summary.full_clean()
        assert "tekst alternatywny" in str(error.value.message_dict["photos"])
        block = PhotoBlock()
        with pytest.raises(StructBlockValidationError) as block_error:
            block.clean(block.to_python({"image": summary.photos[0].value["image"].pk, "alt": "", "consent": ""}))
        assert "tekst alternatywny" in str(block_error.value.block_errors["alt"])


def test_the_admin_is_for_staff_only_and_publishes_through_the_service(client, event, staff, django_capture_on_commit_callbacks):
    RegistrationFactory(event=event, email="uczestnik@example.org")
    summary = make_summary(event)
    publish_url = reverse("events_summaries:publish", args=[summary.pk])
    client.force_login(UserFactory(username="partnerka", groups=["Partner"]))
    assert client.get(reverse("events_summaries:index")).status_code in (302, 403)
    assert client.get(reverse("events_summaries:edit", args=[summary.pk])).status_code in (302, 403)
    assert client.post(publish_url).status_code == 404
    assert EventSummary.objects.get(pk=summary.pk).published_at is None
    client.force_login(staff)
    assert client.get(reverse("events_summaries:index")).status_code == 200
    edit = client.get(reverse("events_summaries:edit", args=[summary.pk])).content.decode()
    assert publish_url in edit
    assert client.get(publish_url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(publish_url).status_code == 302
    summary.refresh_from_db()
    assert summary.published_by == staff and summary.published_at is not None
    assert [message.to for message in mail.outbox] == [["uczestnik@example.org"]]


def test_event_page_with_a_summary_stays_in_budget(client, event, publish):
    """A summary comes after the event: its page, with registration settings, photos and presentations, ≤ 15 queries."""
    event.starts_at = timezone.now() - dt.timedelta(hours=3)
    event.ends_at = timezone.now() - dt.timedelta(hours=1)
    event.save_revision().publish()
    publish(make_summary(event))
    client.get(event.url)  # renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(event.url)
    assert response.status_code == 200 and 'id="summary-title"' in response.content.decode()
    assert len(queries) <= 15, "\n".join(query["sql"][:90] for query in queries.captured_queries)
