from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from api.urls import urlpatterns as api_urlpatterns
from backoffice import admin_urls as backoffice_admin_urls
from portal import views as portal_views

urlpatterns = [
    # First: the back-office replaces a few of Wagtail's admin views so partners see only their records.
    path("admin/", include(backoffice_admin_urls)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("api/v1/", include(api_urlpatterns)),
    # Calendar subscriptions: a secret token in the address stands in for a login (calendar apps cannot log in).
    path("kalendarz/", include("campaigns.feed_urls")),
    path("robots.txt", portal_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", portal_views.sitemap, name="sitemap"),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Polish has no prefix; /en/ and /uk/ switch the interface language of the portal.
urlpatterns += i18n_patterns(
    path("szukaj/", portal_views.search, name="search"),
    path("zapisy/", include("events.urls")),
    path("konsultuj/", include("consultations.urls")),  # commenting on documents, remarks
    path("ankiety/", include("surveys.urls")),
    path("panele/", include("panels.urls")),  # citizen panels: recruitment of candidates
    path("newsletter/", include("newsletter.urls")),  # sign-up, personal links from the e-mails, web versions
    path("prasa/", include("newsroom.urls")),  # the press room: releases, embargo links, press contacts, media kit
    path("wyniki/", include("reports.urls")),  # results of consultations and their reports
    path("kanaly/", include("portal.feed_urls")),  # RSS, Atom, JSON Feed, iCalendar and the widget (portal.feeds)
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"
