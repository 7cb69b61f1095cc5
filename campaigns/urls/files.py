"""Back-office addresses of plan files and calendars (under /admin/plany/, namespace "campaigns")."""

from django.urls import path

from ..views import files

urlpatterns = [
    path("kampania/<int:campaign_id>/xlsx/", files.plan_xlsx, name="plan_xlsx"),
    path("kampania/<int:campaign_id>/import/", files.plan_import, name="plan_import"),
    path("kalendarz/", files.my_calendar, name="my_calendar"),
    path("kalendarz/nowy-adres/", files.renew_calendar, name="renew_calendar"),
]
