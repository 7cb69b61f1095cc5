"""Public addresses of consultations (Polish words, inside i18n_patterns)."""

app_name = "consultations"
urlpatterns: list = []
