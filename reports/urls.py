"""Public addresses of the reports app (included in dialog/urls.py under /wyniki/, inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("<str:key>/", views.results, name="results"),
    path("<str:key>/raport-v<int:number>.<str:kind>", views.download, name="download"),
    path("<str:key>/raport.<str:kind>", views.latest_download, name="latest_download"),
]
