"""The daily e-mail digest: a person's actions due today, overdue ones and those awaiting their approval.

Built in Polish whatever language is active (the worker has no request), dates in Europe/Warsaw,
every action linked to its page in the back-office (absolute addresses from BASE_URL).
"""

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from wagtail.admin.utils import get_user_display_name

from campaigns.models import Action, ActionStatus

from . import selectors

LANGUAGE = "pl"


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def polish_datetime(value) -> str:
    return date_format(timezone.localtime(value, ZoneInfo(settings.TIME_ZONE)), "j E Y, H:i")


@dataclass(frozen=True)
class DigestRow:
    title: str
    campaign: str
    when: str
    status: str
    url: str


@dataclass(frozen=True)
class DigestSection:
    key: str
    title: str
    rows: list[DigestRow]
    count: int

    @property
    def more(self) -> int:
        return self.count - len(self.rows)


@dataclass(frozen=True)
class Digest:
    user: AbstractBaseUser
    day: date
    sections: list[DigestSection]

    @property
    def is_empty(self) -> bool:
        return not any(section.count for section in self.sections)

    def email(self) -> EmailMultiAlternatives:
        with translation.override(LANGUAGE):
            context = {
                "name": get_user_display_name(self.user),
                "day": date_format(self.day, "j E Y"),
                "sections": [section for section in self.sections if section.count],
                "my_tasks_url": absolute(reverse("campaigns:planner_my_tasks")),
                "settings_url": absolute(reverse("noticeboard:notifications")),
                "site_name": settings.WAGTAIL_SITE_NAME,
            }
            subject = _("%(site)s: your digest for %(day)s") % {"site": context["site_name"], "day": context["day"]}
            text = render_to_string("noticeboard/email/digest.txt", context)
            html = render_to_string("noticeboard/email/digest.html", context)
        message = EmailMultiAlternatives(subject=subject, body=text, to=[self.user.email])
        message.attach_alternative(html, "text/html")
        return message


def _row(action: Action, edit_url) -> DigestRow:
    return DigestRow(
        title=action.title,
        campaign=action.campaign.title,
        when=polish_datetime(action.ends_at or action.starts_at),
        status=str(ActionStatus(action.status).label),
        url=absolute(edit_url(action.pk)),
    )


def build_digest(*, user: AbstractBaseUser, day: date) -> Digest:
    """The digest of `user` for `day`; `is_empty` says whether there is anything to send."""
    found = selectors.digest_actions(user, day)
    edit_url = _url_maker("wagtailsnippets_campaigns_action:edit")
    with translation.override(LANGUAGE):
        titles = {
            "overdue": _("Overdue"),
            "due_today": _("Due today"),
            "awaiting_approval": _("Awaiting your approval"),
        }
        sections = [
            DigestSection(
                key=key, title=title, rows=[_row(action, edit_url) for action in getattr(found, key)], count=found.counts[key]
            )
            for key, title in titles.items()
        ]
    return Digest(user=user, day=day, sections=sections)


def _url_maker(name: str):
    sentinel = "987654321"
    head, tail = reverse(name, args=[int(sentinel)]).split(sentinel)
    return lambda pk: f"{head}{pk}{tail}"
