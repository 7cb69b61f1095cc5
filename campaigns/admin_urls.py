"""Back-office addresses of the planner (under /admin/plany/); each area keeps its views in its own module."""

from django.urls import include, path

app_name = "campaigns"
urlpatterns = [
    path("", include("campaigns.urls.planner")),
    path("", include("campaigns.urls.files")),
    path("", include("campaigns.urls.templates")),
    path("", include("campaigns.urls.proposals")),
]
