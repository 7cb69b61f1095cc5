"""Public addresses of panels (Polish words, inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "panels"
urlpatterns = [
    path("<slug:slug>/", views.panel_detail, name="detail"),
    path("<slug:slug>/zgloszenie/", views.sign_up, name="sign_up"),
    path("<slug:slug>/zgloszenie/gotowe/", views.done, name="done"),
]
