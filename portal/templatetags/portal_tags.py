"""Template helpers of the public portal: navigation, language links, dates, pagination, structured data."""

from datetime import time

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.dates import MONTHS_ALT
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Site

from catalog.statuses import Status
from core.models import Branding, hex_colour

from .. import selectors
from ..menu import menu_items
from ..structured_data import event_data, json_ld_script

register = template.Library()

DATE_TIME_FORMAT = "j E Y, H:i"  # "16 marca 2026, 18:00": E is the genitive month name in Polish
DATE_FORMAT = "j E Y"
TIME_FORMAT = "H:i"
LAST_MINUTE = time(23, 59)
DEFAULT_COLOUR = "#004C97"
STATUS_LABELS = dict(Status.choices)  # what record.get_status_display() returns, without rebuilding the dict per record


@register.filter
def css_colour(value: str) -> str:
    """The brand colour if it is a plain #RRGGBB value, so nothing else reaches the stylesheet."""
    return value if hex_colour.regex.match(value or "") else DEFAULT_COLOUR


@register.filter
def field_label(instance, name: str) -> str:
    """A model field's (translated) verbose name, to label a value shown on a page."""
    return capfirst(instance._meta.get_field(name).verbose_name)


@register.simple_tag(takes_context=True)
def language_links(context) -> list[dict]:
    """The current address in every interface language (Polish has no prefix), for the language switcher."""
    current = get_language()
    # One leading slash only, so a crafted path cannot become a link to another host.
    path = "/" + context["request"].get_full_path().lstrip("/")
    if current != settings.LANGUAGE_CODE and path.startswith(f"/{current}/"):
        path = path[len(current) + 1 :]
    return [
        {
            "code": code,
            "name": name,
            "url": (path if code == settings.LANGUAGE_CODE else f"/{code}{path}"),
            "is_current": code == current,
        }
        for code, name in settings.LANGUAGES
    ]


def _aria_current(request_path: str, url: str | None) -> str:
    if not url:
        return ""
    if request_path == url:
        return "page"
    return "true" if request_path.startswith(url) else ""


@register.inclusion_tag("portal/includes/main_menu.html", takes_context=True)
def main_menu(context) -> dict:
    request = context["request"]
    items = [*menu_items(request), (_("Search"), reverse("search"))]
    return {"items": [{"title": title, "url": url, "current": _aria_current(request.path, url)} for title, url in items]}


@register.inclusion_tag("portal/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page=None, current: str = "") -> dict:
    """Home, the page's ancestors below it, then the current page (not a link)."""
    request = context["request"]
    site = Site.find_for_request(request)
    home_url = site.root_page.get_url(request) if site else "/"
    trail = []
    if page is not None:
        trail = [(ancestor.title, ancestor.get_url(request)) for ancestor in selectors.ancestors_below_home(page, site)]
        current = page.title
    return {"home_url": home_url, "trail": trail, "current": current}


def _written(local, fmt: str) -> str:
    """`local` as `django.utils.dateformat.format(local, fmt)` writes it, for the formats above.

    Django parses the format anew for every value; a listing writes up to 40 dates.
    """
    clock = f"{local.hour:02d}:{local.minute:02d}"
    if fmt == TIME_FORMAT:
        return clock
    day = f"{local.day} {MONTHS_ALT[local.month]} {local.year:04d}"
    return day if fmt == DATE_FORMAT else f"{day}, {clock}"


def _time(local, fmt: str) -> str:
    iso = local.date().isoformat() if fmt == DATE_FORMAT else local.isoformat(timespec="seconds")
    return format_html('<time datetime="{}">{}</time>', iso, _written(local, fmt))


def _is_whole_days(start, end) -> bool:
    """A period from midnight to 23:59 (consultations, campaigns) is about days; its hours mean nothing."""
    return (start is None or start.time() == time.min) and (end is None or end.time() >= LAST_MINUTE)


@register.simple_tag
def date_range(start, end=None) -> str:
    """A record's period in the reader's language; one day is written once, e.g. "16 marca 2026, 18:00–20:00".

    Whole days are written without hours: "1 grudnia 2026 – 15 stycznia 2027".
    """
    start, end = (localtime(value) if value else None for value in (start, end))
    fmt = DATE_FORMAT if _is_whole_days(start, end) else DATE_TIME_FORMAT
    if start and end:
        if start.date() == end.date():
            if fmt == DATE_FORMAT:
                return _time(start, fmt)
            return format_html("{}–{}", _time(start, fmt), _time(end, TIME_FORMAT))
        return format_html("{} – {}", _time(start, fmt), _time(end, fmt))
    if start:
        return _time(start, fmt)
    if end:
        return format_html(_("until {}"), _time(end, fmt))
    return ""


@register.simple_tag(takes_context=True)
def record_cards(context, records) -> list[dict]:
    """What each record's card shows, as strings (`record_list.html`).

    Computed here rather than by a template included per card with its own tags: on a listing of 20 cards
    that was most of the page's rendering time.
    """
    request = context.get("request")
    return [
        {
            "url": record.get_url(request=request),
            "title": record.title,
            "record_type": capfirst(record.get_record_type_display()),
            "status": capfirst(STATUS_LABELS.get(record.status, record.status)),
            "lead": record.lead,
            "when": date_range(record.starts_at, record.ends_at) if record.starts_at or record.ends_at else "",
            "districts": ", ".join(str(district) for district in record.districts.all()),
        }
        for record in records
    ]


@register.filter
def checkbox_choices(field) -> list[dict]:
    """The boxes of a multiple-choice field, numbered and ticked as Django's CheckboxSelectMultiple does.

    Django's widget builds an object with its own attributes per box; a listing's filters have dozens of boxes.
    """
    ticked = {str(value) for value in field.value() or ()}
    return [
        {"value": str(value), "id": f"{field.auto_id}_{index}", "label": capfirst(label), "checked": str(value) in ticked}
        for index, (value, label) in enumerate(field.field.choices)
    ]


@register.inclusion_tag("portal/includes/pagination.html", takes_context=True)
def pagination(context, page_obj) -> dict:
    """Links to neighbouring pages of results that keep the filters of the current address."""
    query = context["request"].GET.copy()

    def url(number: int) -> str:
        query["page"] = number
        return "?" + query.urlencode()

    items = [
        {"number": number, "url": url(number) if number != page_obj.paginator.ELLIPSIS else "", "current": number == page_obj.number}
        for number in page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=2, on_ends=1)
    ]
    return {
        "page_obj": page_obj,
        "items": items,
        "previous_url": url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": url(page_obj.next_page_number()) if page_obj.has_next() else "",
    }


@register.simple_tag(takes_context=True)
def event_json_ld(context, event) -> str:
    request = context["request"]
    data = event_data(
        event,
        url=event.get_full_url(request),
        organiser_name=Branding.for_request(request).organisation_name,
        language=get_language(),
    )
    return json_ld_script(data)
