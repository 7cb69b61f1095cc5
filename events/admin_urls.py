"""Back-office addresses of registration (under /admin/zapisy/)."""

from django.urls import path

from . import admin_views
from .viewsets import RegistrationsView

app_name = "events_admin"
urlpatterns = [
    path("zapisy/wydarzenie/<int:event_id>/", RegistrationsView.as_view(), name="registrations"),
    path("zapisy/wydarzenie/<int:event_id>/obecnosc/", admin_views.CheckInView.as_view(), name="check_in"),
    path(
        "zapisy/wydarzenie/<int:event_id>/obecnosc/<int:registration_id>/", admin_views.check_in_person,
        name="check_in_person",
    ),
    path("zapisy/wydarzenie/<int:event_id>/uczestnicy.xlsx", admin_views.participants_xlsx, name="participants_xlsx"),
    path(
        "zapisy/wydarzenie/<int:event_id>/decyzja/<int:registration_id>/", admin_views.decide, name="decide",
    ),
    path("zapisy/statystyki/", admin_views.StatisticsView.as_view(), name="statistics"),
    path("zapisy/obecnosc/<str:code>/", admin_views.CheckInByCodeView.as_view(), name="check_in_code"),
]
