"""A real SMTP server on loopback (aiosmtpd) for end-to-end mail tests, and the MAILERS setting that points at it."""

import email
import email.policy
import socket
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from dialog.settings.env import mailers_setting


class Inbox:
    """Accepts every message, except recipients listed in `refuse` (answered "550 no such user"), those in
    `rcpt_replies` (answered at RCPT with the reply given, e.g. "451 …") and those in `data_replies` (accepted at
    RCPT, then the message is answered at DATA with the reply given, e.g. "554 …")."""

    def __init__(self, refuse: set[str] | None = None, *, rcpt_replies: dict[str, str] | None = None,
                 data_replies: dict[str, str] | None = None):
        self.envelopes = []
        self.refuse = refuse or set()
        self.rcpt_replies = rcpt_replies or {}
        self.data_replies = data_replies or {}
        self.refused = []  # (address, reply) of every refusal, in order

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = "550 5.1.1 No such user here" if address in self.refuse else self.rcpt_replies.get(address)
        if reply:
            self.refused.append((address, reply))
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            if reply := self.data_replies.get(address):
                self.refused.append((address, reply))
                return reply
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    def messages(self) -> list[email.message.EmailMessage]:
        return [email.message_from_bytes(e.original_content, policy=email.policy.default) for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def running_smtp_server(inbox: Inbox | None = None):
    inbox = inbox or Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield controller, inbox
    finally:
        controller.stop()


def mailers_for(controller: Controller) -> dict:
    return mailers_setting(f"smtp://127.0.0.1:{controller.port}")
