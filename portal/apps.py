from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Public portal")

    def ready(self):
        from . import footer, menu, routing  # noqa: F401  (connect the signals that drop the cached footer, menu and routing hints)
