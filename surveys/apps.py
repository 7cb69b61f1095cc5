from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class SurveysConfig(AppConfig):
    name = "surveys"
    verbose_name = pgettext_lazy("survey", "Surveys")
