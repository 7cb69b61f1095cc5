"""Public addresses of the newsroom app (included in dialog/urls.py under /prasa/)."""

from django.urls import path

from . import feeds, views

app_name = "newsroom"
urlpatterns = [
    path("", views.press_room, name="press_room"),
    path("embargo/<str:token>/", views.embargoed_release, name="embargo"),
    path("rss/", feeds.releases_rss, name="releases_rss"),
    path("atom/", feeds.releases_atom, name="releases_atom"),
    path("aktualnosci/rss/", feeds.news_rss, name="news_rss"),
    path("aktualnosci/atom/", feeds.news_atom, name="news_atom"),
]
