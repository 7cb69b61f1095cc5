"""Public addresses of surveys (Polish words, inside i18n_patterns)."""

app_name = "surveys"
urlpatterns: list = []
