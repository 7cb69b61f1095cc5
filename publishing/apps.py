from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "publishing"
    verbose_name = _("Publishing")

    def ready(self):
        from wagtail.signals import page_published, published

        from catalog.models import CampaignPage

        from .metrics import on_campaign_published
        from .models import Message
        from .services import on_message_published

        published.connect(on_message_published, sender=Message, dispatch_uid="publishing.deliveries")
        # A goal whose metric was just chosen shows the campaign's total at once, not after the next reading.
        page_published.connect(on_campaign_published, sender=CampaignPage, dispatch_uid="publishing.campaign_goals")
