"""The confirmation e-mail: Polish, text and HTML, absolute links, and an .ics with no personal data."""

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
