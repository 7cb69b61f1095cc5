"""Public addresses of the newsletter (Polish words, inside i18n_patterns). Personal links carry the secret token."""

from django.urls import path

from . import views

app_name = "newsletter"
urlpatterns = [
    path("", views.subscribe, name="subscribe"),
    path("sprawdz-poczte/", views.check_mail, name="check_mail"),
    path("potwierdz/<str:token>/", views.confirm, name="confirm"),
    path("ustawienia/<str:token>/", views.preferences, name="preferences"),
    path("wypisz/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("wydanie/<int:edition_id>/", views.edition, name="edition"),
    path("odbicia/", views.bounce, name="bounce"),
]
