"""The newsletter's e-mails: the edition itself and the personal messages about a subscription.

Every edition carries the personal unsubscribe link in its text and HTML parts and in the
`List-Unsubscribe` header with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058), so mail
programs can offer their own button. Links are absolute (WAGTAILADMIN_BASE_URL, as in `events.emails`).
The chrome speaks the subscriber's language; what the city wrote stays as written.
"""

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

    PLACEHOLDER = "DIALOG-PERSONAL-PLACEHOLDER"  # stands for the subscriber's token in the rendered body; URL- and HTML-safe

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.domain = mail_domain()
        self._bodies: dict[str, tuple[str, str]] = {}
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
        text, html = (body.replace(self.PLACEHOLDER, subscriber.token) for body in self.bodies(subscriber.language))
        message = EmailMultiAlternatives(
            subject=self.edition.subject, body=text, to=[subscriber.email],
            headers={
                "List-Unsubscribe": f"<{self.unsubscribe_url.replace(self.PLACEHOLDER, subscriber.token)}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                "List-Id": f"{settings.WAGTAIL_SITE_NAME} <newsletter.{self.domain}>",
                # The same on every attempt: a message sent again after a crash is recognisably the same message.
                "Message-ID": f"<newsletter-{self.edition.pk}-{subscriber.pk}@{self.domain}>",
                "Precedence": "bulk",
            },
        )
        message.attach_alternative(html, "text/html")
        return message


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
