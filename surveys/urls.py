"""Public addresses of surveys (Polish words, inside i18n_patterns)."""

from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:survey_id>-<slug:slug>/", views.survey_view, name="survey"),
    path("<int:survey_id>-<slug:slug>/dziekujemy/", views.thanks, name="thanks"),
    path("potwierdzenie/<str:token>/", views.confirm, name="confirm"),
    path("<int:survey_id>/dane-otwarte/", views.open_data, name="open_data"),
    path("<int:survey_id>/dane-otwarte.<str:format>", views.open_data_file, name="open_data_file"),
]
