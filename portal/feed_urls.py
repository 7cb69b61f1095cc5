"""Public feeds and the widget under /kanaly/ (inside the i18n patterns: /en/kanaly/, /uk/kanaly/); see `portal.feeds`."""

from django.urls import path

from . import feeds

app_name = "portal_feeds"
urlpatterns = [
    path("rss/", feeds.rss_feed, name="rss"),
    path("atom/", feeds.atom_feed, name="atom"),
    path("json/", feeds.json_feed, name="json"),
    path("kalendarz.ics", feeds.calendar_feed, name="calendar"),
    path("wydarzenie/<int:pk>.ics", feeds.event_calendar, name="event_calendar"),
    path("widzet/", feeds.widget, name="widget"),
]
