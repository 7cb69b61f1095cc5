"""Template helpers of the news and press pages: their feeds' alternate links and the date of an embargo."""

from django import template
from django.utils import dateformat
from django.utils.html import format_html
from django.utils.timezone import localtime

from ..feeds import feed_links

register = template.Library()


@register.inclusion_tag("newsroom/includes/feed_links.html", takes_context=True)
def newsroom_feed_links(context, kind: str) -> dict:
    return {"links": feed_links(context["request"], kind)}


@register.simple_tag
def embargo_time(moment) -> str:
    """"27 listopada 2026, 10:00" in a <time> element, in the city's time zone and the page's language."""
    return format_html('<time datetime="{}">{}</time>', moment.isoformat(timespec="minutes"),
                       dateformat.format(localtime(moment), "j E Y, H:i"))
