"""Ninja's URLs, its own views (root, wrong method) answering problems too, and a problem for any other address."""

from django.urls import path, re_path

from .problems import not_found, problems_from_ninja_views
from .views import api

patterns, app_name, namespace = api.urls
for pattern in patterns:
    pattern.callback = problems_from_ninja_views(pattern.callback)

urlpatterns = [path("", (patterns, app_name, namespace)), re_path(r"", not_found)]
