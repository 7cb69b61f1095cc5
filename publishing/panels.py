"""Panels: the checks in a message's edit form, and on the dashboard the emergency publications to confirm."""

from wagtail.admin.panels import Panel
from wagtail.admin.ui.components import Component

from .checks import check_message
from .models import Message


class ChecksPanel(Panel):
    """Read-only: what `publishing.checks` finds in the message as last saved (save a draft to check again)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "publishing/panels/checks.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["reports"] = check_message(self.instance) if self.instance.pk else []
            context["saved"] = bool(self.instance.pk)
            return context


class EmergencyConfirmationsPanel(Component):
    """Messages published in an emergency by someone else, waiting for this Koordynator's confirmation."""

    name = "emergency_confirmations"
    order = 35
    template_name = "publishing/panels/emergency_confirmations.html"

    def get_context_data(self, parent_context):
        request = parent_context["request"]
        waiting = (Message.objects.filter(emergency_published_at__isnull=False, emergency_confirmed_at__isnull=True)
                   .exclude(emergency_published_by=request.user).select_related("emergency_published_by")
                   .order_by("emergency_published_at"))
        return {"messages_to_confirm": list(waiting[:20]), "request": request}


class DeliveriesPanel(Component):
    """Posts that need a person – failed (with the network's own words) or waiting to be posted by hand."""

    name = "deliveries_attention"
    order = 36
    template_name = "publishing/panels/deliveries.html"

    def get_context_data(self, parent_context):
        from .models import Delivery, DeliveryStatus

        rows = (Delivery.objects.filter(status__in=[DeliveryStatus.FAILED, DeliveryStatus.MANUAL])
                .select_related("message").order_by("-status", "due_at")[:6])
        return {"rows": list(rows[:5]), "has_more": len(rows) > 5, "request": parent_context["request"]}
