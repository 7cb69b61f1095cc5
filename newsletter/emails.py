"""The newsletter's e-mails: the edition itself and the personal messages about a subscription.

Every edition carries the personal unsubscribe link in its text and HTML parts and in the
`List-Unsubscribe` header with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail
programs can offer their own button. Links are absolute (WAGTAILADMIN_BASE_URL, as in `events.emails`).
The chrome speaks the subscriber's language; what the city wrote stays as written.
"""

import email.policy
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import Edition, Subscriber

SUBSCRIBER_KINDS = ("confirm", "already_subscribed")
MAX_LINE = 998  # RFC 5322: no line of a message longer, without its CRLF
WIRE_POLICY = email.policy.SMTP.clone(max_line_length=MAX_LINE)


def wire_bytes(message: EmailMultiAlternatives) -> bytes:
    """The message as it goes over SMTP, lines up to RFC 5322's 998 characters rather than Python's 78.

    Folded at 78, Python writes a header with no space to break at – the personal `List-Unsubscribe` address – as
    RFC 2047 encoded words, which that structured header may not contain and mail programs do not read as an
    address. Parts whose lines all fit go as they are (8bit, as Django already sends short ones); a part with a
    longer line is quoted-printable in lines of 76, as the encoding requires.
    """
    texts = [message.body, *(alternative.content for alternative in message.alternatives)]
    fits = all(len(line.encode()) <= MAX_LINE for text in texts for line in text.splitlines())
    return message.message(policy=WIRE_POLICY if fits else email.policy.SMTP).as_bytes(policy=WIRE_POLICY)


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def personal_url(name: str, subscriber: Subscriber) -> str:
    """Personal links use the Polish (unprefixed) addresses: they must keep working whatever the language."""
    with translation.override("pl"):
        return absolute(reverse(name, args=[subscriber.token]))


def edition_url(edition: Edition) -> str:
    with translation.override("pl"):
        return absolute(reverse("newsletter:edition", args=[edition.pk]))


def mail_domain() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "dialog.localhost"


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in text.replace("\r\n", "\n").split("\n\n") if block.strip()]


class EditionMail:
    """An edition's messages: the body is rendered once per language, each subscriber's message only gets their
    own links filled in (a mail merge: rendering templates per subscriber was most of the sending time)."""

    # Stands for the subscriber's token in the rendered body; URL-, HTML- and quoted-printable-safe, and as long as a
    # token (`models.new_token`), so filling it in changes no line's length.
    PLACEHOLDER = "DIALOG-PERSONAL-PLACEHOLDER-xxxxxxxxxxxxxxx"
    RECIPIENT = "dialog-recipient@placeholder.invalid"  # the address and id in a wire template's headers
    KEY = "DIALOG-SUBSCRIBER-KEY"

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.domain = mail_domain()
        self._bodies: dict[str, tuple[str, str]] = {}
        self._wire_templates: dict[str, bytes | None] = {}
        placeholder = Subscriber(token=self.PLACEHOLDER)
        self.unsubscribe_url = personal_url("newsletter:unsubscribe", placeholder)
        self.preferences_url = personal_url("newsletter:preferences", placeholder)

    def bodies(self, language: str) -> tuple[str, str]:
        if language not in self._bodies:
            context = {
                "edition": self.edition, "paragraphs": paragraphs(self.edition.text), "web_url": edition_url(self.edition),
                "preferences_url": self.preferences_url, "unsubscribe_url": self.unsubscribe_url,
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            with translation.override(language):
                self._bodies[language] = (render_to_string("newsletter/email/edition.txt", context),
                                          render_to_string("newsletter/email/edition.html", context))
        return self._bodies[language]

    def message_for(self, subscriber: Subscriber) -> EmailMultiAlternatives:
        return self._message(language=subscriber.language, address=subscriber.email, token=subscriber.token, key=str(subscriber.pk))

    def _message(self, *, language: str, address: str, token: str, key: str) -> EmailMultiAlternatives:
        text, html = (body.replace(self.PLACEHOLDER, token) for body in self.bodies(language))
        message = EmailMultiAlternatives(
            subject=self.edition.subject, body=text, to=[address],
            headers={
                "List-Unsubscribe": f"<{self.unsubscribe_url.replace(self.PLACEHOLDER, token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"{settings.WAGTAIL_SITE_NAME} <newsletter.{self.domain}>",
                # The same on every attempt: a message sent again after a crash is recognisably the same message.
                "Message-ID": f"<newsletter-{self.edition.pk}-{key}@{self.domain}>",
                "Precedence": "bulk",
            },
        )
        message.attach_alternative(html, "text/html")
        return message

    def wire_for(self, subscriber: Subscriber) -> bytes:
        """`wire_bytes(message_for(subscriber))`, filled into bytes built once per language: building the MIME
        message per subscriber was most of the sending time. An address that is not ASCII, an unusual token, or a
        body whose encoding broke a placeholder across lines takes the slow way."""
        if subscriber.language not in self._wire_templates:
            self._wire_templates[subscriber.language] = self._wire_template(subscriber.language)
        template = self._wire_templates[subscriber.language]
        if template is None or not subscriber.email.isascii() or len(subscriber.token) != len(self.PLACEHOLDER):
            return wire_bytes(self.message_for(subscriber))
        return (template.replace(self.PLACEHOLDER.encode(), subscriber.token.encode())
                .replace(self.RECIPIENT.encode(), subscriber.email.encode()).replace(self.KEY.encode(), str(subscriber.pk).encode()))

    def _wire_template(self, language: str) -> bytes | None:
        template = wire_bytes(self._message(language=language, address=self.RECIPIENT, token=self.PLACEHOLDER, key=self.KEY))
        expected = sum(body.count(self.PLACEHOLDER) for body in self.bodies(language)) + 1  # + List-Unsubscribe
        whole = (template.count(self.PLACEHOLDER.encode()) == expected and template.count(self.RECIPIENT.encode()) == 1
                 and template.count(self.KEY.encode()) == 1)
        return template if whole else None


def subscriber_email(subscriber: Subscriber, kind: str) -> EmailMultiAlternatives:
    """The confirmation link (double opt-in) or, to an address already subscribed, a note with its own links."""
    with translation.override(subscriber.language):
        values = {"site": settings.WAGTAIL_SITE_NAME}
        if kind == "confirm":
            subject = _("%(site)s: confirm your newsletter subscription") % values
            lines = [
                _("Someone, probably you, asked to receive the newsletter at this address."),
                _("To start receiving it, open the link below and confirm. If it was not you, ignore this message: "
                  "without confirmation we will not write again and will delete the address after %(days)s days.")
                % {"days": settings.DIALOG_NEWSLETTER_CONFIRM_DAYS},
            ]
            links = [(_("Confirm the subscription"), personal_url("newsletter:confirm", subscriber))]
        else:
            subject = _("%(site)s: you already receive the newsletter") % values
            lines = [_("Someone, probably you, asked to subscribe this address, but it already receives the newsletter.")]
            links = [
                (_("Change topics and districts"), personal_url("newsletter:preferences", subscriber)),
                (pgettext("newsletter", "Unsubscribe"), personal_url("newsletter:unsubscribe", subscriber)),
            ]
        context = {"subject": subject, "lines": lines, "links": links, "site_name": settings.WAGTAIL_SITE_NAME}
        text = render_to_string("newsletter/email/personal.txt", context)
        html = render_to_string("newsletter/email/personal.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[subscriber.email])
    message.attach_alternative(html, "text/html")
    return message
