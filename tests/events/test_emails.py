"""The e-mails: in the language the person registered in (Polish by default), text and HTML, absolute links, and an
.ics with no personal data."""

import pytest
from django.core import mail
from icalendar import Calendar

pytestmark = pytest.mark.django_db


def test_confirmation_has_a_calendar_file_without_personal_data(event, sign_up, compiled_translations):
    event.is_online = True
    event.online_url = "https://spotkanie.example.org/tajny-pokoj"
    event.save_revision().publish()
    registration = sign_up(event, "Maria.Wisniewska@Example.org", full_name="Maria Wiśniewska").registration
    message = mail.outbox[0]
    assert message.to == ["maria.wisniewska@example.org"]
    assert "zapisan" in message.subject
    html = message.alternatives[0].content
    assert f"http://127.0.0.1:8000/zapisy/rezygnacja/{registration.token}/" in message.body
    assert f"/zapisy/rezygnacja/{registration.token}/" in html
    assert "https://spotkanie.example.org/tajny-pokoj" in message.body  # confirmed: the link is theirs
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    raw = content if isinstance(content, bytes) else content.encode()
    calendar = Calendar.from_ical(raw)
    [item] = calendar.walk("VEVENT")
    assert str(item["summary"]) == event.title
    assert item.decoded("dtstart") == event.starts_at.replace(microsecond=0)
    assert item.decoded("dtend") == event.ends_at.replace(microsecond=0)
    assert str(item["uid"]).startswith(f"event-{event.pk}@")
    assert "dtstamp" in item and str(item["url"]).startswith("http")
    text = raw.decode().replace("\r\n ", "").lower()
    for personal in ("maria", "wiśniewska", "wisniewska", "maria.wisniewska@example.org", registration.token.lower()):
        assert personal not in text


def test_waiting_list_notice_has_no_online_link_and_no_calendar(event, sign_up):
    event.is_online = True
    event.online_url = "https://spotkanie.example.org/tajny-pokoj"
    event.save_revision().publish()
    for n in range(3):
        sign_up(event, f"{n}@example.org")
    waiting = mail.outbox[2]
    assert "tajny-pokoj" not in waiting.body and "tajny-pokoj" not in waiting.alternatives[0].content
    assert waiting.attachments == []


def test_the_confirmation_is_in_the_language_the_person_registered_in(event, sign_up, compiled_translations):
    english = sign_up(event, "anna@example.org", language="en").registration
    ukrainian = sign_up(event, "olena@example.org", language="uk").registration
    in_english, in_ukrainian = mail.outbox
    assert in_english.subject.endswith(f"you are registered for “{event.title}”")
    assert "Hello Jan Kowalski," in in_english.body
    assert f"http://127.0.0.1:8000/en/zapisy/rezygnacja/{english.token}/" in in_english.body  # their page, in English
    assert '<html lang="en">' in in_english.alternatives[0].content
    assert "Ви зареєстровані" in in_ukrainian.subject
    assert "Добрий день, Jan Kowalski!" in in_ukrainian.body
    assert f"/uk/zapisy/rezygnacja/{ukrainian.token}/" in in_ukrainian.body
    assert '<html lang="uk">' in in_ukrainian.alternatives[0].content


def test_later_e_mails_keep_the_persons_language_whatever_language_is_active(event, sign_up, compiled_translations,
                                                                               django_capture_on_commit_callbacks):
    from django.utils import translation

    from events import services

    first = sign_up(event, "a@example.org").registration
    sign_up(event, "b@example.org")
    waiting = sign_up(event, "olena@example.org", language="uk").registration
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):  # a staff member's language
        services.cancel(token=first.token)
    cancelled, offer = mail.outbox
    assert cancelled.to == ["a@example.org"] and "anulowan" in cancelled.subject  # Polish, as registered
    assert offer.to == ["olena@example.org"] and "звільнилося місце" in offer.subject
    assert "Підтвердити місце" in offer.body
    assert f"/uk/zapisy/potwierdzenie-miejsca/{waiting.token}/" in offer.body


def test_polish_stays_the_default_and_an_unknown_language_falls_back_to_it(event, sign_up, compiled_translations):
    registration = sign_up(event, "x@example.org", language="de").registration
    assert registration.language == "pl"
    assert "zapisan" in mail.outbox[0].subject
    assert f"http://127.0.0.1:8000/zapisy/rezygnacja/{registration.token}/" in mail.outbox[0].body
    assert '<html lang="pl">' in mail.outbox[0].alternatives[0].content
