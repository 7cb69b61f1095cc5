"""What the SMTP server's answer about one message means for its outbox row (`core.outbox.smtp_refusal`)."""

import smtplib

import pytest

from core.outbox import smtp_refusal


@pytest.mark.parametrize(("error", "code", "permanent", "at_rcpt"), [
    (smtplib.SMTPRecipientsRefused({"a@example.org": (550, b"5.1.1 No such user")}), 550, True, True),
    (smtplib.SMTPRecipientsRefused({"a@example.org": (451, b"4.7.1 Greylisted")}), 451, False, True),
    (smtplib.SMTPDataError(554, b"5.7.1 Rejected"), 554, True, False),
    (smtplib.SMTPDataError(452, b"4.3.1 Out of storage"), 452, False, False),
])
def test_a_refusal_of_one_message_is_permanent_at_5xx_and_temporary_at_4xx(error, code, permanent, at_rcpt):
    refusal = smtp_refusal(error)
    assert (refusal.code, refusal.permanent, refusal.at_rcpt) == (code, permanent, at_rcpt)
    assert str(refusal).startswith(f"{code} ")


@pytest.mark.parametrize("error", [
    smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
    ConnectionResetError(104, "Connection reset by peer"),
    smtplib.SMTPDataError(421, b"4.3.2 Shutting down"),  # the server closes the connection after a 421
    smtplib.SMTPRecipientsRefused({"a@example.org": (421, b"4.3.2 Shutting down")}),
    smtplib.SMTPDataError(-1, b"unexpected reply"),
    # A refused sender refuses every message alike: failing each row would lose the whole edition.
    smtplib.SMTPSenderRefused(553, b"5.7.1 Sender not allowed", "dialog@example.org"),
    smtplib.SMTPSenderRefused(530, b"5.7.0 Authentication required", "dialog@example.org"),
])
def test_a_dropped_connection_or_a_refused_sender_is_not_a_refusal_of_the_message(error):
    assert smtp_refusal(error) is None
