from django.urls import path

from ..views.templates import CampaignFromTemplateView

urlpatterns = [path("nowa-z-szablonu/", CampaignFromTemplateView.as_view(), name="campaign_from_template")]
