"""The back-office of campaign plans: actions and templates as Wagtail snippets (list, filters, history, audit log)."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import Channel, District

from .models import Action, ActionKind, ActionStatus, CampaignTemplate


class ActionFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(label=_("status"), choices=ActionStatus.choices)
    kind = django_filters.MultipleChoiceFilter(label=_("type"), choices=ActionKind.choices)
    channel = django_filters.ModelMultipleChoiceFilter(label=_("channel"), queryset=Channel.objects.all())
    district = django_filters.ModelMultipleChoiceFilter(
        label=_("district"), field_name="campaign__districts", queryset=District.objects.order_by("number"), distinct=True
    )

    class Meta:
        model = Action
        fields = ["campaign", "responsible", "status", "kind", "channel"]


class ActionViewSet(SnippetViewSet):
    model = Action
    icon = "date"
    menu_label = pgettext_lazy("campaign plan", "Actions")  # a context: Wagtail's own "Actions" means "Akcje"
    list_display = ["title", "campaign", "starts_at", "channel", "responsible", "status"]
    list_export = ["title", "campaign", "kind", "channel", "starts_at", "ends_at", "responsible", "status", "notes", "result_url"]
    filterset_class = ActionFilterSet
    search_fields = ["title", "notes"]
    search_backend_name = None
    ordering = ["starts_at", "pk"]
    inspect_view_enabled = True

    def get_queryset(self, request):
        return Action.objects.select_related("campaign", "channel", "responsible")


class CampaignTemplateViewSet(SnippetViewSet):
    model = CampaignTemplate
    icon = "doc-full"
    menu_label = _("Campaign templates")
    list_display = ["name", "description"]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["name"]


class CampaignPlansGroup(SnippetViewSetGroup):
    items = (ActionViewSet, CampaignTemplateViewSet)
    menu_label = _("Campaign plans")
    menu_icon = "calendar-alt"
    menu_order = 150
