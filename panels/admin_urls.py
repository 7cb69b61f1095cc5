"""Back-office addresses of one panel (under /admin/panele-obywatelskie/)."""

from django.urls import path

from . import admin_views

app_name = "panels_admin"
urlpatterns = [
    path("panele-obywatelskie/<int:panel_id>/", admin_views.ManagePanelView.as_view(), name="manage"),
    path("panele-obywatelskie/<int:panel_id>/kryteria-standardowe/", admin_views.add_standard_criteria, name="standard_criteria"),
    path("panele-obywatelskie/<int:panel_id>/kryterium/", admin_views.add_custom_criterion, name="custom_criterion"),
    path("panele-obywatelskie/<int:panel_id>/kwoty-z-ludnosci/", admin_views.fill_quotas, name="fill_quotas"),
    path("panele-obywatelskie/<int:panel_id>/kwoty/", admin_views.save_quotas, name="save_quotas"),
    path("panele-obywatelskie/<int:panel_id>/losowanie/", admin_views.run_selection, name="run_selection"),
    path("panele-obywatelskie/<int:panel_id>/raport.pdf", admin_views.report_pdf, name="report_pdf"),
    path("panele-obywatelskie/<int:panel_id>/szanse.xlsx", admin_views.probabilities_xlsx, name="probabilities_xlsx"),
    path("panele-obywatelskie/<int:panel_id>/rekomendacje/", admin_views.add_recommendation, name="add_recommendation"),
]
