"""The digest end to end over real SMTP: a local aiosmtpd server receives what the smtp mailer sends."""

import email
import email.policy

import pytest
from django.test import override_settings

from dialog.settings.env import mailers_setting
from noticeboard.tasks import send_digest
from tests.factories import ActionFactory
from tests.smtp import running_smtp_server

from .conftest import DAY, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_server():
    with running_smtp_server() as server:
        yield server


def test_digest_arrives_at_a_real_smtp_server(compiled_translations, smtp_server, people, campaign):
    controller, inbox = smtp_server
    ActionFactory(campaign=campaign, title="Post o łąkach kwietnych", starts_at=at(12, 9), responsible=people["redaktor"])
    ActionFactory(campaign=campaign, title="Cudzy plakat", starts_at=at(12, 9), responsible=people["autor"])
    with override_settings(
        MAILERS=mailers_setting(f"smtp://127.0.0.1:{controller.port}"),
        DEFAULT_FROM_EMAIL="Dialog <dialog@example.org>",
        WAGTAILADMIN_BASE_URL="https://dialog.example.org",
    ):
        result = send_digest.enqueue(people["redaktor"].pk, DAY.isoformat())
    assert result.return_value == "sent"
    assert len(inbox.envelopes) == 1
    envelope = inbox.envelopes[0]
    assert envelope.rcpt_tos == ["redaktor@example.org"]
    assert envelope.mail_from == "dialog@example.org"
    message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
    assert message["Subject"] == "Dialog: Twoje podsumowanie na 12 marca 2030"
    assert message["To"] == "redaktor@example.org"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "Dzień dobry, Piotr Wiśniewski," in text
    assert "NA DZIŚ (1)" in text and "Post o łąkach kwietnych — Kampania o zieleni" in text
    assert "12 marca 2030, 09:00" in text
    assert "Cudzy plakat" not in text and "Cudzy plakat" not in html
    assert "<h2" in html and "Na dziś (1)" in html and "Post o łąkach kwietnych</a>" in html
    assert "https://dialog.example.org/admin/snippets/campaigns/action/edit/" in html
