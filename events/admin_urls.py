"""Back-office addresses of registration (under /admin/zapisy/)."""

from django.urls import path

from .viewsets import RegistrationsView

app_name = "events_admin"
urlpatterns = [path("zapisy/wydarzenie/<int:event_id>/", RegistrationsView.as_view(), name="registrations")]
