"""RSS 2.0 and Atom 1.0 of the news items and of the press releases (Django's syndication framework, as `portal.feeds`).

Only live, public pages (so never an embargoed release), newest first, at most `FEED_SIZE`. Item ids are stable per
page (`tag:<host>,2026:news-<pk>`, `…:press-release-<pk>`), so renaming or moving a page does not make it a new item.
"""

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.models import Branding

from .selectors import FEED_SIZE, public_news, public_releases

CACHE_SECONDS = 300
TAG_DATE = "2026"  # never change it, or every item's id changes


def _host() -> str:
    return urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "dialog"


class _PageFeed(Feed):
    feed_type = Rss201rev2Feed
    kind = ""

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
        return response

    def get_object(self, request, *args, **kwargs):
        return {"request": request, "branding": Branding.for_request(request)}

    def pages(self):
        raise NotImplementedError

    def items(self, obj):
        pages = list(self.pages()[:FEED_SIZE])
        for page in pages:
            page.feed_url = page.get_full_url(obj["request"])
        return pages

    def link(self, obj) -> str:
        listing = self.listing()
        return listing.get_full_url(obj["request"]) if listing else obj["request"].build_absolute_uri("/")

    def feed_url(self, obj) -> str:
        return obj["request"].build_absolute_uri()

    def author_name(self, obj) -> str:
        return obj["branding"].organisation_name

    def item_title(self, item) -> str:
        return item.title

    def item_description(self, item) -> str:
        return item.lead

    def item_link(self, item) -> str:
        return item.feed_url

    def item_guid(self, item) -> str:
        return f"tag:{_host()},{TAG_DATE}:{self.kind}-{item.pk}"

    def item_guid_is_permalink(self, item) -> bool:
        return False

    def item_pubdate(self, item) -> datetime | None:
        return item.first_published_at

    def item_updateddate(self, item) -> datetime | None:
        return item.last_published_at


class NewsFeed(_PageFeed):
    kind = "news"

    def listing(self):
        from .models import NewsIndexPage

        return NewsIndexPage.objects.live().first()

    def pages(self):
        return public_news()

    def title(self, obj) -> str:
        return _("%(site)s: news") % {"site": obj["branding"].site_name}

    def description(self, obj) -> str:
        return _("News of %(organisation)s.") % {"organisation": obj["branding"].organisation_name}

    subtitle = description


class ReleaseFeed(_PageFeed):
    kind = "press-release"

    def listing(self):
        from .models import PressRoomPage

        return PressRoomPage.objects.live().first()

    def pages(self):
        return public_releases()

    def title(self, obj) -> str:
        return _("%(site)s: press releases") % {"site": obj["branding"].site_name}

    def description(self, obj) -> str:
        return _("Press releases of %(organisation)s.") % {"organisation": obj["branding"].organisation_name}

    subtitle = description


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed


class AtomReleaseFeed(ReleaseFeed):
    feed_type = Atom1Feed


news_rss = require_safe(NewsFeed())
news_atom = require_safe(AtomNewsFeed())
releases_rss = require_safe(ReleaseFeed())
releases_atom = require_safe(AtomReleaseFeed())


def feed_links(request, kind: str) -> list[dict]:
    """`<link rel="alternate">` entries for a page's head: the RSS and Atom feeds of news or of releases."""
    names = {"news": ("news_rss", "news_atom", _("News")), "releases": ("releases_rss", "releases_atom", _("Press releases"))}
    rss, atom, label = names[kind]
    return [
        {"type": "application/rss+xml", "title": _("%(name)s (RSS)") % {"name": label},
         "href": request.build_absolute_uri(reverse(f"newsroom:{rss}"))},
        {"type": "application/atom+xml", "title": _("%(name)s (Atom)") % {"name": label},
         "href": request.build_absolute_uri(reverse(f"newsroom:{atom}"))},
    ]
