"""Back-office addresses of the noticeboard (namespace "noticeboard"): /admin/powiadomienia/ and /admin/ogloszenia/."""

from django.urls import path

from . import views

app_name = "noticeboard"
urlpatterns = [
    path("powiadomienia/", views.NotificationsView.as_view(), name="notifications"),
    path("powiadomienia/oznacz-wszystkie/", views.MarkAllReadView.as_view(), name="mark_all_read"),
    path("powiadomienia/<int:pk>/otworz/", views.OpenNotificationView.as_view(), name="open"),
    path("powiadomienia/ustawienia/", views.PreferencesView.as_view(), name="preferences"),
    path("ogloszenia/", views.BoardView.as_view(), name="board"),
    path("ogloszenia/<int:pk>/potwierdzam/", views.ConfirmReadView.as_view(), name="confirm_read"),
]
