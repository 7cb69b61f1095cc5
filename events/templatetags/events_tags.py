"""Template helpers that put registration on the public event page without touching the page model."""

import copy

from django import template
from django.conf import settings

from .. import selectors
from ..forms import RegistrationForm

register = template.Library()


@register.simple_tag
def public_event(event):
    """The event as the public may see it: without the online link while registration is on (given to confirmed people)."""
    if not selectors.online_link_is_private(event):
        return event
    hidden = copy.copy(event)
    hidden.online_url = ""
    return hidden


@register.inclusion_tag("events/includes/registration_section.html", takes_context=True)
def registration_section(context, event):
    state = selectors.public_registration(event)
    form = RegistrationForm(registration_settings=state.settings) if state and state.is_open else None
    return {
        "request": context.get("request"),
        "branding": context.get("branding"),
        "csrf_token": context.get("csrf_token"),
        "event": event,
        "state": state,
        "form": form,
        "retention_days": settings.DIALOG_ACCESSIBILITY_NEEDS_RETENTION_DAYS,
    }
