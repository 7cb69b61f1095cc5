"""Public addresses of consultations (Polish words, inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "consultations"
urlpatterns = [
    path("dokument/<int:document_id>/", views.document, name="document"),
    path("dokument/<int:document_id>/akapit/<int:number>/", views.comment, name="comment"),
    path("dokument/<int:document_id>/dziekujemy/", views.comment_sent, name="comment_sent"),
    path("uwaga/<int:remark_id>/zglos/", views.report, name="report"),
    path("uwaga/<int:remark_id>/zgloszono/", views.report_sent, name="report_sent"),
]
