"""The e-mail that carries a press release to a journalist: plain text, the same for every recipient of a distribution.

An embargoed release goes out with the embargo in the subject and at the top of the text, and with the release's
secret link (the public address does not work before the embargo). Links are absolute (WAGTAILADMIN_BASE_URL).
"""

import html
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, translation
from django.utils.html import strip_tags
from django.utils.timezone import localtime

from .models import Distribution, DistributionRecipient, PressReleasePage
from .selectors import release_attachments


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def polish_datetime(moment: datetime) -> str:
    """"27 listopada 2026, 10:00" in the city's time zone, whatever language the request had."""
    with translation.override("pl"):
        return dateformat.format(localtime(moment), "j E Y, H:i")


def secret_url(release: PressReleasePage) -> str:
    with translation.override("pl"):
        return absolute(reverse("newsroom:embargo", args=[release.embargo_token]))


def public_url(release: PressReleasePage) -> str:
    url = release.get_url() or ""
    return absolute(url) if url.startswith("/") else url


def mail_domain() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "dialog.localhost"


class ReleaseMail:
    """The text is rendered once per distribution; each message only gets its recipient and a stable Message-ID."""

    def __init__(self, distribution: Distribution) -> None:
        self.distribution = distribution
        release = distribution.release
        # What the journalist reads is what is (or will be, at the embargo) published: the scheduled revision if any.
        content = release.get_scheduled_revision_as_object() if not release.live else None
        content = content or release
        link = secret_url(release) if distribution.embargo_until else public_url(release)
        context = {
            "release": content, "body": html.unescape(strip_tags(content.body.replace("</p>", "</p>\n\n"))).strip(),
            "embargo": polish_datetime(distribution.embargo_until) if distribution.embargo_until else "",
            "link": link, "contact": content.contact, "site_name": settings.WAGTAIL_SITE_NAME,
            "attachments": [(item.label or item.document.title, absolute(item.document.url))
                            for item in release_attachments(content)],
        }
        with translation.override("pl"):
            self.text = render_to_string("newsroom/email/release.txt", context)
        self.domain = mail_domain()

    def message_for(self, recipient: DistributionRecipient) -> EmailMessage:
        return EmailMessage(
            subject=self.distribution.subject, body=self.text, to=[recipient.email],
            # The same on every attempt: a message sent again after a crash is recognisably the same message.
            headers={"Message-ID": f"<press-{self.distribution.pk}-{recipient.pk}@{self.domain}>"},
        )
