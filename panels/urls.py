"""Public addresses of panels (Polish words, inside i18n_patterns)."""

app_name = "panels"
urlpatterns: list = []
