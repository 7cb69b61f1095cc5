"""Portal views outside the page tree: search, robots.txt, sitemap and error pages."""

from django.http import HttpResponse
from django.shortcuts import render
from wagtail.contrib.sitemaps.views import sitemap as wagtail_sitemap


def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /api/", f"Sitemap: {request.build_absolute_uri('/sitemap.xml')}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def sitemap(request):
    return wagtail_sitemap(request)


def search(request):
    return render(request, "portal/search.html", {})


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
