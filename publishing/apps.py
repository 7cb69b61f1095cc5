from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from wagtail.signals import published

        from .models import Message
        from .services import on_message_published

        published.connect(on_message_published, sender=Message, dispatch_uid="publishing.deliveries")
