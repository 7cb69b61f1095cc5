"""Public addresses of registration (Polish words, inside i18n_patterns). Personal links carry the secret token."""

from django.urls import path

from . import views

app_name = "events"
urlpatterns = [
    path("wydarzenie/<int:event_id>/", views.register, name="register"),
    path("gotowe/", views.done, name="done"),
    path("rezygnacja/<str:token>/", views.cancel, name="cancel"),
    path("potwierdzenie-miejsca/<str:token>/", views.accept_offer, name="accept_offer"),
]
