"""Template helpers that put registration and summaries on public pages without touching the page models."""

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


@register.inclusion_tag("events/includes/summary_section.html")
def event_summary(event):
    """The "Summary" section of an event's page, once its summary is published (nothing otherwise)."""
    summary = selectors.published_summary(event)
    return {"summaries": [summary] if summary else [], "show_event": False}


@register.inclusion_tag("events/includes/summary_section.html")
def consultation_summaries(consultation):
    """The published summaries of a consultation's events, on the consultation's page, each under its event's name."""
    return {"summaries": selectors.consultation_summaries(consultation), "show_event": True}
