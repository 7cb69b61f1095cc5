"""Back-office addresses of one survey (under /admin/ankiety/)."""

from django.urls import path

from . import admin_views

app_name = "surveys_admin"
urlpatterns = [
    path("ankiety/<int:pk>/podglad/", admin_views.preview, name="preview"),
    path("ankiety/<int:pk>/kody/", admin_views.CodesView.as_view(), name="codes"),
    path("ankiety/<int:pk>/kody/druk/", admin_views.codes_print, name="codes_print"),
    path("ankiety/<int:pk>/papier/", admin_views.PaperView.as_view(), name="paper"),
    path("ankiety/<int:pk>/wyniki/", admin_views.ResultsView.as_view(), name="results"),
    path("ankiety/<int:pk>/wyniki/odpowiedzi.<str:format>", admin_views.export, name="export"),
    path("ankiety/<int:pk>/wyniki/dane-otwarte.<str:format>", admin_views.open_data_export, name="open_data"),
]
