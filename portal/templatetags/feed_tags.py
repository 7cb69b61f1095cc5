"""Links from portal pages to their feeds (`<link rel="alternate">` in the head) and an event's "add to calendar" links."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from catalog.models import CatalogIndexPage, EventPage
from core.models import Branding

from .. import feeds

register = template.Library()

MEDIA_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml", "json": "application/feed+json", "calendar": "text/calendar"}


def _titles() -> dict[str, str]:
    return {
        "rss": _("%(name)s – RSS feed"),
        "atom": _("%(name)s – Atom feed"),
        "json": _("%(name)s – JSON Feed"),
        "calendar": _("%(name)s – calendar (iCalendar)"),
    }


@register.inclusion_tag("portal/feeds/alternate_links.html", takes_context=True)
def feed_links(context) -> dict:
    """Alternate links of the page being shown: a listing's feeds keep its type and filters; the home page
    links the feeds of the whole register; an event page links its own .ics. No query is read."""
    request, page = context["request"], context.get("page")
    titles = _titles()
    if isinstance(page, EventPage):
        if page.pk is None:  # a preview of an unsaved event
            return {"links": []}
        href = request.build_absolute_uri(reverse("portal_feeds:event_calendar", args=[page.pk]))
        return {"links": [{"type": MEDIA_TYPES["calendar"], "href": href, "title": titles["calendar"] % {"name": page.title}}]}
    if isinstance(page, CatalogIndexPage):
        model, name = page.record_model, page.title
        urls = feeds.feed_urls(
            request, params=feeds.listing_feed_params(model, context.get("filter_form")), calendar=model is EventPage
        )
    else:
        name = Branding.for_request(request).site_name
        urls = feeds.feed_urls(request, params=[], calendar=True)
    return {
        "links": [{"type": MEDIA_TYPES[kind], "href": href, "title": titles[kind] % {"name": name}} for kind, href in urls.items()]
    }


@register.inclusion_tag("portal/feeds/add_to_calendar.html", takes_context=True)
def add_to_calendar(context, event: EventPage) -> dict:
    request = context["request"]
    if event.pk is None or not event.starts_at:  # a preview of an unsaved event
        return {"event": None}
    return {
        "event": event,
        "ics_url": reverse("portal_feeds:event_calendar", args=[event.pk]),
        "google_url": feeds.google_calendar_url(event, url=event.get_full_url(request)),
    }
