"""Back-office addresses of e-consultations (under /admin/konsultacje/)."""

from django.urls import path

from . import admin_views

app_name = "consultations_admin"
urlpatterns = [
    path("", admin_views.IndexView.as_view(), name="index"),
    path("moderacja/", admin_views.ModerationView.as_view(), name="moderation"),
    path("<int:consultation_id>/uwagi/", admin_views.RemarksView.as_view(), name="remarks"),
    path("<int:consultation_id>/uwagi/nowa/", admin_views.NewRemarkView.as_view(), name="new_remark"),
    path("<int:consultation_id>/uwagi/z-ankiet/", admin_views.sync_survey_answers, name="sync_survey_answers"),
    path("<int:consultation_id>/kategorie/", admin_views.CategoriesView.as_view(), name="categories"),
    path("<int:consultation_id>/analiza/", admin_views.AnalysisView.as_view(), name="analysis"),
    path("<int:consultation_id>/status/", admin_views.StatusView.as_view(), name="status"),
    path("<int:consultation_id>/dokumenty/nowy/", admin_views.NewDocumentView.as_view(), name="new_document"),
    path("uwaga/<int:remark_id>/", admin_views.RemarkView.as_view(), name="remark"),
    path("uwaga/<int:remark_id>/moderuj/", admin_views.moderate, name="moderate"),
    path("dokument/<int:document_id>/", admin_views.EditDocumentView.as_view(), name="edit_document"),
    path("dokument/<int:document_id>/status/", admin_views.document_status, name="document_status"),
]
