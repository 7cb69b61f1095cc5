"""Feeds of the public catalog for readers, calendar apps and other sites (krakow.pl, district sites).

Under /kanaly/ (and /en/kanaly/, /uk/kanaly/ for the other interface languages):

- `rss/`, `atom/`: Django's syndication framework; `json/`: JSON Feed 1.1 (`application/feed+json`).
  Records of every type or of the `type`s asked for, newest published first, at most `FEED_SIZE`.
- `kalendarz.ics`: events as iCalendar (RFC 5545), from `CALENDAR_PAST_DAYS` ago on (or from `date_from`),
  nearest first, at most `CALENDAR_SIZE`; `wydarzenie/<id>.ics`: one event, for "add to calendar".
- `widzet/`: a small HTML document without JavaScript listing what is current (open consultations,
  upcoming events: the home page's rule), made to be embedded in an <iframe> on another site.

Every address takes the portal listings' filters (`district`, `topic`, `status`, `date_from`, `date_to`,
`q`; `type` where records of several types are listed), validated by `catalog.filters.RecordFilterForm`:
a bad value answers 400 with the reason in the reader's language, never a 500. Only live, public
records are shown (`catalog.selectors.public_records`), and each address reads a fixed number of queries.

Nothing personal leaves through a feed: no responsible person, and never an event's online link
(confirmed participants get it by e-mail while registration is on; see `events.selectors`).
Item ids are stable per record (`tag:<host>,2026:record-<pk>`, iCalendar UID `record-<pk>@<host>`,
host of `WAGTAILADMIN_BASE_URL`), so renaming or moving a record does not make it a new item.
"""

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlencode, urlsplit

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from catalog.filters import RecordFilterForm, RecordFilters
from catalog.models import CampaignPage, CatalogPage, ConsultationPage, EventPage, OfferPage, ProjectPage
from catalog.selectors import filtered_records, public_records, with_card_relations
from catalog.statuses import CURRENT_STATUSES, Status
from core.models import Branding, Topic

FEED_SIZE = 50
CALENDAR_SIZE = 200
CALENDAR_PAST_DAYS = 30  # a subscribed calendar keeps last month's events; older ones drop out
WIDGET_SIZE = 5  # per record type
WIDGET_MAX_SIZE = 20
DEFAULT_EVENT_LENGTH = timedelta(hours=1)  # an event without an end is drawn as one hour in calendars
CACHE_SECONDS = 300
PRODID = "-//Dialog//Wydarzenia//PL"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
TAG_DATE = "2026"  # the date part of the tag: URIs of items (RFC 4151); never change it, or every id changes
GOOGLE_CALENDAR_URL = "https://calendar.google.com/calendar/render"
# The `type` filter's values: the same slugs as the API's.
RECORD_TYPES: dict[str, type[CatalogPage]] = {
    "project": ProjectPage,
    "consultation": ConsultationPage,
    "campaign": CampaignPage,
    "event": EventPage,
    "offer": OfferPage,
}
TYPE_SLUGS = {model: slug for slug, model in RECORD_TYPES.items()}
WIDGET_DEFAULT_TYPES = ("consultation", "event")
RecordModel = type[CatalogPage]  # spelled once: a form's `type` field shadows the builtin inside its class
QUOTES = {"pl": "„{}”", "uk": "«{}»"}  # a searched phrase in the feed's title, quoted as the language quotes
FILTER_PARAMETERS = ("q", "district", "topic", "status", "date_from", "date_to")  # shared with the listings


# --- query strings ---------------------------------------------------------------------------------


class FeedFilterForm(RecordFilterForm):
    """The listings' filters plus the record types, for feeds that mix types."""

    type = forms.TypedMultipleChoiceField(
        required=False,
        choices=[(slug, model._meta.verbose_name_plural) for slug, model in RECORD_TYPES.items()],
        coerce=RECORD_TYPES.__getitem__,
        error_messages={"invalid_choice": gettext_lazy("There is no record type “%(value)s”.")},
    )

    def record_models(self) -> list[RecordModel]:
        return list(dict.fromkeys(self.cleaned_data.get("type") or []))  # each type once, in the order asked


class WidgetFilterForm(FeedFilterForm):
    limit = forms.IntegerField(required=False, min_value=1, max_value=WIDGET_MAX_SIZE)


class InvalidFeedQuery(Exception):
    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class FeedQuery:
    """A validated query string: what to read, and how to name the feed."""

    filters: RecordFilters
    models: list[type[CatalogPage]] = field(default_factory=list)
    limit: int | None = None
    title: str = ""


def _validated(form: forms.Form) -> forms.Form:
    if not form.is_valid():
        raise InvalidFeedQuery({name: [str(message) for message in messages] for name, messages in form.errors.items()})
    return form


def feed_query(request: HttpRequest, *, form_class=FeedFilterForm, default_types: tuple[str, ...] = ()) -> FeedQuery:
    form = _validated(form_class(request.GET))
    models = form.record_models() or [RECORD_TYPES[slug] for slug in default_types]
    filters = form.to_filters()
    return FeedQuery(
        filters=filters, models=models, limit=form.cleaned_data.get("limit"), title=feed_title(request, models, filters)
    )


def calendar_query(request: HttpRequest) -> FeedQuery:
    form = _validated(RecordFilterForm(request.GET, allowed_statuses=EventPage.allowed_statuses))
    filters = form.to_filters()
    return FeedQuery(filters=filters, models=[EventPage], title=feed_title(request, [EventPage], filters))


def feed_title(request: HttpRequest, models: list[type[CatalogPage]], filters: RecordFilters) -> str:
    """"Dialog Kraków: wydarzenia · I Stare Miasto · Zieleń": the site, then what the feed is narrowed to."""
    parts = [", ".join(str(model._meta.verbose_name_plural) for model in models)] if models else []
    parts += [str(district) for district in filters.districts] + [topic.name for topic in filters.topics]
    if filters.query:
        parts.append(QUOTES.get(get_language(), "“{}”").format(filters.query))
    selection = " · ".join(parts) or _("latest in the register")
    return _("%(site)s: %(selection)s") % {"site": Branding.for_request(request).site_name, "selection": selection}


def invalid_query_response(errors: dict[str, list[str]], *, as_json: bool = False) -> HttpResponse:
    """400 with the reasons in the reader's language: plain text, or an RFC 9457 problem for the JSON feed."""
    detail = _("The feed cannot be made: correct the parameters of its address.")
    if as_json:
        body = {"type": "about:blank", "title": _("Bad request"), "status": 400, "detail": detail, "errors": errors}
        return HttpResponse(json.dumps(body, ensure_ascii=False), status=400, content_type="application/problem+json")
    lines = [detail, *(f"{name}: {message}" for name, messages in errors.items() for message in messages)]
    return HttpResponse("\n".join(lines) + "\n", status=400, content_type="text/plain; charset=utf-8")


# --- reads ----------------------------------------------------------------------------------------


def _with_feed_relations(records: QuerySet) -> QuerySet:
    return with_card_relations(records).prefetch_related(Prefetch("topics", queryset=Topic.objects.order_by("name")))


def _of_types(records: QuerySet, models: list[type[CatalogPage]]) -> QuerySet:
    return records.type(*models) if models else records


def latest_records(query: FeedQuery) -> list[CatalogPage]:
    """What RSS, Atom and JSON list: filtered public records, newest published first."""
    records = filtered_records(_of_types(public_records(), query.models), query.filters)
    records = records.order_by(F("first_published_at").desc(nulls_last=True), "-pk")
    return list(_with_feed_relations(records)[:FEED_SIZE])


def calendar_events(query: FeedQuery, *, now: datetime | None = None) -> list[EventPage]:
    records = filtered_records(public_records(EventPage), query.filters)
    if not query.filters.date_from:
        since = (now or timezone.now()) - timedelta(days=CALENDAR_PAST_DAYS)
        records = records.filter(Q(ends_at__gte=since) | Q(ends_at__isnull=True, starts_at__gte=since))
    return list(records.filter(starts_at__isnull=False).order_by("starts_at", "pk")[:CALENDAR_SIZE])


def current_records(query: FeedQuery, *, now: datetime | None = None) -> list[tuple[type[CatalogPage], list[CatalogPage]]]:
    """What the widget lists, per type: open or upcoming records (the home page's rule), nearest first."""
    now = now or timezone.now()
    sections = []
    for model in query.models:  # one query per type asked for: at most the five types
        records = filtered_records(public_records(model), query.filters)
        records = records.filter(status__in=CURRENT_STATUSES).filter(Q(ends_at__gte=now) | Q(ends_at__isnull=True))
        records = with_card_relations(records.order_by(F("starts_at").asc(nulls_last=True), "pk"))
        sections.append((model, list(records[: query.limit or WIDGET_SIZE])))
    return sections


# --- what every format says about a record --------------------------------------------------------


def _host() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "dialog"


def item_id(record: CatalogPage) -> str:
    return f"tag:{_host()},{TAG_DATE}:record-{record.pk}"


def item_tags(record: CatalogPage) -> list[str]:
    """The record's type, districts and topics (prefetched), as feed categories."""
    return [
        capfirst(record.get_record_type_display()),
        *(str(district) for district in record.districts.all()),
        *(topic.name for topic in record.topics.all()),
    ]


def event_period(event: CatalogPage) -> tuple[datetime, datetime]:
    """Start and end in UTC; an event without a (later) end lasts `DEFAULT_EVENT_LENGTH`."""
    start = event.starts_at.astimezone(UTC)
    if event.ends_at and event.ends_at > event.starts_at:
        return start, event.ends_at.astimezone(UTC)
    return start, start + DEFAULT_EVENT_LENGTH


def event_location(event: EventPage) -> str:
    """Venue and address, and "Online" for an online event; never the online link itself."""
    place = ", ".join(part for part in (event.venue_name, event.venue_address) if part)
    if event.is_online:
        return f"{place}; {_('Online')}" if place else _("Online")
    return place


def _utc_basic(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(event: EventPage, *, url: str) -> str:
    """A Google Calendar "create event" link filled with the event's data (a plain link: no script, no tracking)."""
    start, end = event_period(event)
    params = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": f"{_utc_basic(start)}/{_utc_basic(end)}",
        "details": f"{event.lead}\n\n{url}",
        "location": event_location(event),
    }
    return f"{GOOGLE_CALENDAR_URL}?{urlencode(params, quote_via=quote)}"


def calendar_bytes(events: list[EventPage], *, name: str, request: HttpRequest) -> bytes:
    """VCALENDAR with one VEVENT per event; CRLF lines, folding at 75 octets and escaping are `icalendar`'s."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    host = _host()
    for event in events:
        calendar.add_component(_calendar_event(event, host=host, url=event.get_full_url(request)))
    return calendar.to_ical()


def _calendar_event(event: EventPage, *, host: str, url: str) -> CalendarEvent:
    start, end = event_period(event)
    # A published calendar (no METHOD): DTSTAMP is when the event's information last changed (RFC 5545 §3.8.7.2).
    changed = (event.last_published_at or event.first_published_at or timezone.now()).astimezone(UTC)
    entry = CalendarEvent()
    entry.add("uid", f"record-{event.pk}@{host}")
    entry.add("dtstamp", changed)
    entry.add("last-modified", changed)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", event.title)
    if location := event_location(event):
        entry.add("location", location)
    entry.add("url", url)
    entry.add("description", event.lead)
    entry.add("status", "CANCELLED" if event.status == Status.CANCELLED else "CONFIRMED")
    return entry


# --- views ----------------------------------------------------------------------------------------


def _cacheable(response: HttpResponse) -> HttpResponse:
    if response.status_code == 200:
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    return response


def _home_url(request: HttpRequest) -> str:
    return request.build_absolute_uri(reverse("wagtail_serve", args=[""]))


class RecordFeed(Feed):
    """RSS 2.0 of the catalog; `AtomRecordFeed` is the same feed as Atom 1.0."""

    feed_type = Rss201rev2Feed

    def __call__(self, request, *args, **kwargs):
        try:
            response = super().__call__(request, *args, **kwargs)
        except InvalidFeedQuery as error:
            return invalid_query_response(error.errors)
        return _cacheable(response)

    def get_object(self, request, *args, **kwargs):
        query = feed_query(request)
        return {
            "query": query,
            "records": latest_records(query),
            "request": request,
            "home_url": _home_url(request),
            "organisation": Branding.for_request(request).organisation_name,
        }

    def title(self, obj) -> str:
        return obj["query"].title

    def link(self, obj) -> str:
        return obj["home_url"]

    def feed_url(self, obj) -> str:
        return obj["request"].build_absolute_uri()

    def description(self, obj) -> str:
        return _("Records newly published in the register of %(organisation)s.") % {"organisation": obj["organisation"]}

    subtitle = description

    def author_name(self, obj) -> str:
        return obj["organisation"]

    def feed_guid(self, obj) -> str:
        return obj["request"].build_absolute_uri()

    def items(self, obj) -> list[CatalogPage]:
        for record in obj["records"]:
            record.feed_url = record.get_full_url(obj["request"])
        return obj["records"]

    def item_title(self, item: CatalogPage) -> str:
        return item.title

    def item_description(self, item: CatalogPage) -> str:
        return item.lead

    def item_link(self, item: CatalogPage) -> str:
        return item.feed_url

    def item_guid(self, item: CatalogPage) -> str:
        return item_id(item)

    def item_guid_is_permalink(self, item: CatalogPage) -> bool:
        return False

    def item_pubdate(self, item: CatalogPage) -> datetime | None:
        return item.first_published_at

    def item_updateddate(self, item: CatalogPage) -> datetime | None:
        return item.last_published_at

    def item_categories(self, item: CatalogPage) -> list[str]:
        return item_tags(item)


class AtomRecordFeed(RecordFeed):
    feed_type = Atom1Feed


rss_feed = require_safe(RecordFeed())
atom_feed = require_safe(AtomRecordFeed())


@require_safe
def json_feed(request: HttpRequest) -> HttpResponse:
    """JSON Feed 1.1; `_dialog` (an extension, as the format allows) carries the type, status and dates."""
    try:
        query = feed_query(request)
    except InvalidFeedQuery as error:
        return invalid_query_response(error.errors, as_json=True)
    organisation = Branding.for_request(request).organisation_name
    items = []
    for record in latest_records(query):
        url = record.get_full_url(request)
        item = {
            "id": item_id(record),
            "url": url,
            "title": record.title,
            "content_text": record.lead,
            "summary": record.lead,
            "date_published": _iso(record.first_published_at),
            "date_modified": _iso(record.last_published_at),
            "tags": item_tags(record),
            "language": get_language(),
            "_dialog": {
                "type": TYPE_SLUGS.get(record.specific_class, record.record_type),
                "status": record.status,
                "status_label": record.get_status_display(),
                "starts_at": _iso(record.starts_at),
                "ends_at": _iso(record.ends_at),
            },
        }
        items.append({key: value for key, value in item.items() if value is not None})
    body = {
        "version": JSON_FEED_VERSION,
        "title": query.title,
        "home_page_url": _home_url(request),
        "feed_url": request.build_absolute_uri(),
        "description": _("Records newly published in the register of %(organisation)s.") % {"organisation": organisation},
        "language": get_language(),
        "authors": [{"name": organisation}],
        "items": items,
    }
    return _cacheable(
        JsonResponse(body, content_type="application/feed+json; charset=utf-8", json_dumps_params={"ensure_ascii": False})
    )


def _iso(moment: datetime | None) -> str | None:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else None


def _calendar_response(body: bytes, *, filename: str | None = None) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return _cacheable(response)


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    try:
        query = calendar_query(request)
    except InvalidFeedQuery as error:
        return invalid_query_response(error.errors)
    return _calendar_response(calendar_bytes(calendar_events(query), name=query.title, request=request))


@require_safe
def event_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """One published event as an .ics file: the "add to calendar" download of its page."""
    event = public_records(EventPage).filter(pk=pk, starts_at__isnull=False).first()
    if event is None:
        raise Http404(_("There is no such published event."))
    return _calendar_response(calendar_bytes([event], name=event.title, request=request), filename=f"{event.slug}.ics")


def widget_frame_ancestors() -> str:
    """Who may put the widget in a frame: `DIALOG_WIDGET_FRAME_ANCESTORS` (CSP sources), any site by default."""
    return " ".join(getattr(settings, "DIALOG_WIDGET_FRAME_ANCESTORS", None) or ["*"])


@require_safe
@xframe_options_exempt
def widget(request: HttpRequest) -> HttpResponse:
    """Current consultations and events as a small HTML document for an <iframe>: no script, no external file."""
    try:
        query = feed_query(request, form_class=WidgetFilterForm, default_types=WIDGET_DEFAULT_TYPES)
    except InvalidFeedQuery as error:
        return invalid_query_response(error.errors)
    branding = Branding.for_request(request)
    sections = [
        {
            "slug": TYPE_SLUGS[model],
            "heading": capfirst(model._meta.verbose_name_plural),
            "records": [{"record": record, "url": record.get_full_url(request)} for record in records],
        }
        for model, records in current_records(query)
    ]
    response = render(
        request,
        "portal/feeds/widget.html",
        {"title": query.title, "sections": sections, "branding": branding, "home_url": _home_url(request)},
    )
    # The widget loads nothing, runs nothing and sends no form: only its own inline styles are allowed.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
        f"frame-ancestors {widget_frame_ancestors()}"
    )
    return _cacheable(response)


# --- links from pages -----------------------------------------------------------------------------


def feed_urls(request: HttpRequest, *, params: list[tuple[str, str]], calendar: bool) -> dict[str, str]:
    """Absolute addresses of the feeds with the given query parameters, by format (the calendar has no `type`)."""

    def absolute(name: str, query: list[tuple[str, str]]) -> str:
        url = request.build_absolute_uri(reverse(f"portal_feeds:{name}"))
        return f"{url}?{urlencode(query)}" if query else url

    urls = {name: absolute(name, params) for name in ("rss", "atom", "json")}
    if calendar:
        urls["calendar"] = absolute("calendar", [(name, value) for name, value in params if name != "type"])
    return urls


def listing_feed_params(model: type[CatalogPage], form: forms.Form | None) -> list[tuple[str, str]]:
    """The listing's own type and, when they are valid, the filters it shows (no sort or page: feeds have their own order)."""
    params = [("type", TYPE_SLUGS[model])] if model in TYPE_SLUGS else []
    if form is not None and form.is_bound and not form.errors:
        params += [(name, value) for name in FILTER_PARAMETERS for value in form.data.getlist(name) if value]
    return params
