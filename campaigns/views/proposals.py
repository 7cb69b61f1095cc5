"""Events proposed by partner accounts, accepted or rejected (with a reason) by the unit's editors."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..models import ProposalDecision
from ..selectors import pending_event_proposals
from ..services import review_event_proposal


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=ProposalDecision.choices)
    reason = forms.CharField(required=False, max_length=2000)


class ReviewerRequiredMixin:
    """Editors review proposals: the roles that may change plans (Redaktor, Koordynator, Administrator)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("campaigns.change_action"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ProposalsView(ReviewerRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    template_name = "campaigns/proposals.html"
    page_title = gettext_lazy("Events proposed by partners")
    header_icon = "date"

    def get_context_data(self, **kwargs):
        return super().get_context_data(proposals=list(pending_event_proposals()), **kwargs)


class ReviewProposalView(ReviewerRequiredMixin, View):
    def post(self, request, pk: int):
        event = get_object_or_404(pending_event_proposals(), pk=pk)
        form = ReviewForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose whether to accept or reject the proposal."))
            return redirect("campaigns:proposals")
        try:
            review_event_proposal(event=event, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("campaigns:proposals")
        if form.cleaned_data["decision"] == ProposalDecision.ACCEPTED:
            message = _("“%(event)s” accepted: it waits for a coordinator to publish it.")
        else:
            message = _("“%(event)s” rejected; the partner has been told why.")
        messages.success(request, message % {"event": event.title})
        return redirect("campaigns:proposals")
