"""The confirmation e-mail of a verified-e-mail response, in the language the resident answered in (pl, en or uk).

The address is used once, to send this message after the response is committed, and never stored or logged; the
link carries a signed token naming the response, not the address.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


def send_confirmation(*, response, email: str, language: str) -> None:
    """Sent right after the response is committed, so the language comes from that request and is not stored.

    The link is made in the same language, so the confirmation page speaks it too. A language the site does not
    offer (a caller outside a request) falls back to Polish.
    """
    from .services import confirmation_token

    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    with translation.override(language):
        path = reverse("surveys:confirm", args=[confirmation_token(response)])
        context = {
            "survey": response.survey,
            "confirm_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path,
            "days": settings.DIALOG_SURVEY_CONFIRMATION_DAYS,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        subject = _("Confirm your response to the survey: %(title)s") % {"title": response.survey.title}
        body = render_to_string("surveys/email/confirmation.txt", context)
    EmailMessage(subject=subject, body=body, to=[email]).send()
