"""Gives Wagtail's page view the request's site from `portal.routing.site_for_request` (cached between requests, its
home page read as its own type in one query) before Wagtail looks it up with a query of its own. Other views that ask
for the site still use Wagtail's lookup."""

from wagtail.views import serve as wagtail_serve

from .routing import site_for_request


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve and not hasattr(request, "_wagtail_site"):
            site = site_for_request(request)
            if site is not None:
                request._wagtail_site = site  # where Wagtail's Site.find_for_request keeps what it found
