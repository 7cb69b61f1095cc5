"""Back-office addresses of consultation reports (under /admin/raporty/)."""

from django.urls import path

from . import admin_views

app_name = "reports_admin"
urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path("<int:consultation_id>/", admin_views.EditView.as_view(), name="edit"),
    path("<int:consultation_id>/podglad/", admin_views.preview, name="preview"),
    path("<int:consultation_id>/szkic.<str:kind>", admin_views.draft_file, name="draft_file"),
    path("<int:consultation_id>/publikuj/", admin_views.PublishView.as_view(), name="publish"),
]
