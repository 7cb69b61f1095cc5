"""Creating a campaign from a template: a form in the back-office, the work done by `services.create_campaign_from_template`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import FormView
from wagtail.admin import messages as admin_messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from catalog.models import CampaignIndexPage

from ..forms import CampaignFromTemplateForm
from ..services import create_campaign_from_template


def may_plan(user) -> bool:
    """Planning needs the action permissions (Koordynator, Redaktor, Administrator) and the right to add campaigns."""
    listing = CampaignIndexPage.objects.first()
    return user.has_perm("campaigns.add_action") and listing is not None and listing.permissions_for_user(user).can_add_subpage()


class CampaignFromTemplateView(WagtailAdminTemplateMixin, FormView):
    form_class = CampaignFromTemplateForm
    template_name = "wagtailadmin/generic/form.html"
    page_title = gettext_lazy("New campaign from a template")
    header_icon = "calendar-alt"

    def dispatch(self, request, *args, **kwargs):
        if not may_plan(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"consultation": self.request.GET.get("consultation"), "responsible": self.request.user.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            action_url=self.request.get_full_path(), submit_button_label=_("Create the campaign"),
            submit_button_active_label=_("Creating…"), **kwargs,
        )

    def form_invalid(self, form):
        # Wagtail's form template shows field errors beside the fields; this adds the summary and the form-wide ones.
        admin_messages.validation_error(self.request, _("The campaign could not be created. Correct the errors below."), form)
        return super().form_invalid(form)

    def form_valid(self, form):
        data = form.cleaned_data
        campaign = create_campaign_from_template(
            template=data["template"], title=data["title"], user=self.request.user, consultation=data["consultation"],
            start=data["start"], end=data["end"], responsible=data["responsible"],
        )
        count = campaign.actions.count()
        messages.success(
            self.request,
            ngettext(
                "Campaign “%(title)s” created from the template with %(count)d action. It is a draft: change it as you need.",
                "Campaign “%(title)s” created from the template with %(count)d actions. It is a draft: change it as you need.",
                count,
            ) % {"title": campaign.title, "count": count},
        )
        return redirect(reverse("wagtailadmin_pages:edit", args=[campaign.pk]))
