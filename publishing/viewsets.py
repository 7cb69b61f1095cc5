"""The back-office of messages: a Wagtail snippet with drafts, revisions, locking, workflow and the checks tab."""

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import ObjectList, TabbedInterface
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Message
from .panels import ChecksPanel


class MessageFilterSet(WagtailFilterSet):
    emergency = django_filters.BooleanFilter(
        label=_("published in an emergency"), field_name="emergency_published_at", lookup_expr="isnull", exclude=True,
    )

    class Meta:
        model = Message
        fields = ["record", "live"]


class MessageViewSet(SnippetViewSet):
    model = Message
    icon = "mail"
    menu_label = pgettext_lazy("publishing", "Messages")  # Wagtail's own "Messages" means "Wiadomości"
    menu_order = 160
    add_to_admin_menu = True
    list_display = ["title", "record", "created_by", "created_at"]
    filterset_class = MessageFilterSet
    search_fields = ["title", "text"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    inspect_view_enabled = True
    edit_handler = TabbedInterface([
        ObjectList(Message.panels, heading=_("Message")),
        ObjectList([ChecksPanel(heading=_("Checks before approval"))], heading=_("Checks")),
    ])

    def get_queryset(self, request):
        return Message.objects.select_related("record", "created_by")
