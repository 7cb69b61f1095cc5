"""E-mails of consultation reports, in Polish whatever language is active (the worker has no request).

Links are absolute (WAGTAILADMIN_BASE_URL, as in `events.emails`): the public results page for the councils, the
report's staff page for the reminders.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from .models import CouncilNotice, ReminderStage, ReportReminder

LANGUAGE = "pl"


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def results_url(consultation) -> str:
    with translation.override(LANGUAGE):
        return absolute(reverse("reports:results", args=[consultation.slug]))


def council_email(notice: CouncilNotice) -> EmailMessage:
    publication = notice.publication
    consultation = publication.report.consultation
    with translation.override(LANGUAGE):
        subject = _("Report on the consultation: %(title)s") % {"title": consultation.title}
        body = render_to_string("reports/email/council.txt", {
            "council": notice.organisation, "consultation": consultation, "publication": publication,
            "url": results_url(consultation), "site_name": settings.WAGTAIL_SITE_NAME,
        })
    # The same Message-ID on every attempt: a resend after a lost answer is recognisable as the same message.
    headers = {"Message-ID": f"<raport-{publication.pk}-rada-{notice.organisation_id}@dialog>"}
    return EmailMessage(subject=subject, body=body, to=[notice.email], headers=headers)


def reminder_email(reminder: ReportReminder, addresses: list[str]) -> EmailMessage:
    consultation = reminder.consultation
    with translation.override(LANGUAGE):
        values = {"title": consultation.title, "date": date_format(reminder.due_on, "j E Y")}
        if reminder.stage == ReminderStage.OVERDUE:
            subject = _("Report overdue: %(title)s (due on %(date)s)") % values
        else:
            subject = _("Report due soon: %(title)s (due on %(date)s)") % values
        body = render_to_string("reports/email/reminder.txt", {
            "reminder": reminder, "consultation": consultation, "subject": subject,
            "url": absolute(reverse("reports_admin:edit", args=[consultation.pk])), "site_name": settings.WAGTAIL_SITE_NAME,
        })
    return EmailMessage(subject=subject, body=body, to=addresses)
