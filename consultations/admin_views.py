"""Staff pages of e-consultations under /admin/konsultacje/: remarks ("Uwagi") with filters and bulk coding, offline
remarks, decisions and merging, the moderation queue, documents for comments and the manual change of status.

Remarks hold residents' words and names: only the unit's editors, coordinators and administrators see them
(`may_handle_remarks`); partners and authors get 404. Every write goes through `services`, which logs it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from catalog.models import ConsultationPage
from core.request_memo import memoised
from core.roles import ADMINISTRATOR, KOORDYNATOR, REDAKTOR

from . import selectors, services
from .forms import (
    BulkActionForm,
    DecisionForm,
    DocumentCreateForm,
    DocumentEditForm,
    MergeForm,
    OfflineRemarkWithFilesForm,
    RemarkFilterForm,
    StatusChangeForm,
)
from .models import ConsultationDocument, DocumentStatus, ModerationState, Remark

HANDLING_ROLES = [ADMINISTRATOR, KOORDYNATOR, REDAKTOR]


def may_handle_remarks(user) -> bool:
    """The unit's own staff (not authors of other units, not partners) read and code residents' remarks."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return memoised(f"consultations.may_handle:{user.pk}", lambda: user.groups.filter(name__in=HANDLING_ROLES).exists())


class StaffView(WagtailAdminTemplateMixin, TemplateView):
    header_icon = "comment"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not may_handle_remarks(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": reverse("consultations_admin:index"), "label": _("Remarks of consultations")},
                {"url": "", "label": self.get_page_title()}]


class ConsultationView(StaffView):
    def dispatch(self, request, *args, **kwargs):
        self.consultation = get_object_or_404(ConsultationPage, pk=kwargs["consultation_id"])
        return super().dispatch(request, *args, **kwargs)

    def remarks_url(self) -> str:
        return reverse("consultations_admin:remarks", args=[self.consultation.pk])


@method_decorator(never_cache, name="dispatch")
class IndexView(StaffView):
    template_name = "consultations/admin/index.html"
    page_title = _("Remarks of consultations")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            consultations=selectors.staff_consultations(), queue_size=selectors.moderation_queue().count(), **kwargs
        )


@method_decorator(never_cache, name="dispatch")
class RemarksView(ConsultationView):
    """"Uwagi": every remark of one consultation, filtered; tick remarks to code them or decide on them together."""

    template_name = "consultations/admin/remarks.html"

    def get_page_title(self):
        return _("Remarks: %(consultation)s") % {"consultation": self.consultation.title}

    def get_context_data(self, bulk_form=None, **kwargs):
        categories = selectors.categories_for(self.consultation)
        filter_form = RemarkFilterForm(self.request.GET or None, categories=categories)
        filters = selectors.RemarkFilters()
        if filter_form.is_valid():
            data = filter_form.cleaned_data
            filters = selectors.RemarkFilters(
                source=data["source"], category=data["category"].pk if data["category"] else None,
                decision=data["decision"], moderation=data["moderation"],
            )
        remarks = selectors.staff_remarks(self.consultation, filters)
        return super().get_context_data(
            consultation=self.consultation, remarks=remarks, filter_form=filter_form,
            bulk_form=bulk_form or BulkActionForm(remarks=remarks, categories=categories),
            documents=ConsultationDocument.objects.filter(consultation=self.consultation).order_by("-created_at"),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        categories = selectors.categories_for(self.consultation)
        form = BulkActionForm(request.POST, remarks=Remark.objects.filter(consultation=self.consultation), categories=categories)
        if not form.is_valid():
            messages.error(request, _("The action was not carried out. Correct the errors below."))
            return self.render_to_response(self.get_context_data(bulk_form=form), status=400)
        data = form.cleaned_data
        if data["action"] == BulkActionForm.ASSIGN_CATEGORY:
            category = data["category"] or services.ensure_category(
                consultation=self.consultation, name=data["new_category"], user=request.user
            )
            count = services.assign_category(remarks=data["remarks"], category=category, user=request.user)
            messages.success(request, _("Category “%(category)s” assigned to %(count)d remark(s).") % {"category": category.name, "count": count})
        else:
            count = services.decide(remarks=data["remarks"], decision=data["decision"], justification=data["justification"], user=request.user)
            messages.success(request, _("Decision recorded for %(count)d remark(s); merged remarks share the decision of the one kept.") % {"count": count})
        return HttpResponseRedirect(request.get_full_path())


@method_decorator(never_cache, name="dispatch")
class NewRemarkView(ConsultationView):
    """A remark received by letter, e-mail, ePUAP, at a meeting, or an opinion of a district council or an NGO."""

    template_name = "consultations/admin/remark_form.html"

    def get_page_title(self):
        return _("New remark: %(consultation)s") % {"consultation": self.consultation.title}

    def get_context_data(self, form=None, **kwargs):
        form = form or OfflineRemarkWithFilesForm(categories=selectors.categories_for(self.consultation))
        return super().get_context_data(consultation=self.consultation, form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        form = OfflineRemarkWithFilesForm(request.POST, request.FILES, categories=selectors.categories_for(self.consultation))
        if not form.is_valid():
            messages.error(request, _("The remark was not saved. Correct the errors below."))
            return self.render_to_response(self.get_context_data(form=form), status=400)
        documents = policy_registry.get_by_type(get_document_model())
        if form.cleaned_data["files"] and not documents.user_has_permission(request.user, "add"):
            raise PermissionDenied
        data = form.cleaned_data
        services.register_remark(
            consultation=self.consultation, text=data["text"], source=data["source"], received_on=data["received_on"],
            author_type=data["author_type"], author_name=data["author_name"], organisation=data["organisation"],
            categories=data["categories"], uploads=data["files"], user=request.user,
        )
        messages.success(request, _("The remark is saved."))
        return HttpResponseRedirect(self.remarks_url())


@method_decorator(never_cache, name="dispatch")
class RemarkView(StaffView):
    """One remark: its decision with justification, and merging it into the remark it repeats."""

    template_name = "consultations/admin/remark.html"

    def dispatch(self, request, *args, **kwargs):
        self.remark = get_object_or_404(
            Remark.objects.select_related("consultation", "paragraph__document", "organisation", "merged_into", "decided_by")
            .prefetch_related("categories", "attachments", "duplicates"),
            pk=kwargs["remark_id"],
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Remark no. %(number)d") % {"number": self.remark.pk}

    def merge_candidates(self):
        return Remark.objects.filter(consultation=self.remark.consultation_id, merged_into=None).exclude(pk=self.remark.pk).order_by("pk")

    def get_context_data(self, decision_form=None, merge_form=None, **kwargs):
        remark = self.remark
        return super().get_context_data(
            remark=remark,
            decision_form=decision_form or DecisionForm(initial={"decision": remark.decision, "justification": remark.justification}),
            merge_form=merge_form or MergeForm(candidates=self.merge_candidates()),
            remarks_url=reverse("consultations_admin:remarks", args=[remark.consultation_id]),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("form") == "merge":
            form = MergeForm(request.POST, candidates=self.merge_candidates())
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(merge_form=form), status=400)
            try:
                services.merge_remarks(keep=form.cleaned_data["keep"], duplicates=[self.remark], user=request.user)
            except services.Refused as refusal:
                form.add_error("keep", refusal.message)
                return self.render_to_response(self.get_context_data(merge_form=form), status=400)
            messages.success(request, _("The remark is merged into remark no. %(number)d.") % {"number": form.cleaned_data["keep"].pk})
            return HttpResponseRedirect(request.path)
        form = DecisionForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(decision_form=form), status=400)
        if self.remark.is_merged:
            form.add_error(None, _("This remark is merged; decide on the remark it was merged into."))
            return self.render_to_response(self.get_context_data(decision_form=form), status=400)
        services.decide(remarks=[self.remark], decision=form.cleaned_data["decision"],
                        justification=form.cleaned_data["justification"], user=request.user)
        messages.success(request, _("The decision is saved."))
        return HttpResponseRedirect(request.path)


@method_decorator(never_cache, name="dispatch")
class ModerationView(StaffView):
    template_name = "consultations/admin/moderation.html"
    page_title = _("Moderation of comments")

    def get_context_data(self, **kwargs):
        return super().get_context_data(remarks=selectors.moderation_queue(), states=ModerationState, **kwargs)


MODERATION_ACTIONS = {
    "approve": ModerationState.PUBLISHED, "hide": ModerationState.HIDDEN, "reject": ModerationState.REJECTED,
}


@never_cache
@require_POST
def moderate(request, remark_id: int):
    if not may_handle_remarks(request.user):
        raise Http404
    remark = get_object_or_404(Remark, pk=remark_id)
    state = MODERATION_ACTIONS.get(request.POST.get("action", ""))
    if state is None:
        messages.error(request, _("Choose what to do with the comment."))
    else:
        services.moderate(remark=remark, state=state, user=request.user)
        messages.success(request, _("Remark no. %(number)d: %(state)s.") % {"number": remark.pk, "state": state.label})
    return HttpResponseRedirect(reverse("consultations_admin:moderation"))


@method_decorator(never_cache, name="dispatch")
class StatusView(ConsultationView):
    """Change a consultation's status by hand; the reason goes to the page's history."""

    template_name = "consultations/admin/status.html"

    def get_page_title(self):
        return _("Change of status: %(consultation)s") % {"consultation": self.consultation.title}

    def get_context_data(self, form=None, **kwargs):
        form = form or StatusChangeForm(initial={"status": self.consultation.status})
        return super().get_context_data(consultation=self.consultation, form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.consultation.permissions_for_user(request.user).can_publish():
            raise PermissionDenied
        form = StatusChangeForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            changed = services.change_status(
                consultation=self.consultation, status=form.cleaned_data["status"], reason=form.cleaned_data["reason"], user=request.user
            )
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if changed:
            messages.success(request, _("The status is changed and the reason is in the page's history."))
        else:
            messages.info(request, _("The consultation already had this status. Nothing changed."))
        return HttpResponseRedirect(reverse("consultations_admin:remarks", args=[self.consultation.pk]))


@method_decorator(never_cache, name="dispatch")
class NewDocumentView(ConsultationView):
    """Paste a document's text; it is split into numbered paragraphs (blank lines; "§ n" lines become headings)."""

    template_name = "consultations/admin/document_form.html"

    def get_page_title(self):
        return _("New document for comments: %(consultation)s") % {"consultation": self.consultation.title}

    def get_context_data(self, form=None, **kwargs):
        form = form or DocumentCreateForm(initial={"consultation": self.consultation.pk})
        return super().get_context_data(consultation=self.consultation, form=form, **kwargs)

    def post(self, request, *args, **kwargs):
        form = DocumentCreateForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        document = services.create_document(
            consultation=data["consultation"], title=data["title"], intro=data["intro"], text=data["text"],
            moderation=data["moderation"], comments_open_until=data["comments_open_until"], user=request.user,
        )
        messages.success(request, _("The document is saved as a draft with %(count)d paragraphs.") % {"count": document.paragraphs.count()})
        return HttpResponseRedirect(reverse("consultations_admin:remarks", args=[document.consultation_id]))


@method_decorator(never_cache, name="dispatch")
class EditDocumentView(StaffView):
    template_name = "consultations/admin/document_form.html"

    def dispatch(self, request, *args, **kwargs):
        self.document = get_object_or_404(ConsultationDocument.objects.select_related("consultation"), pk=kwargs["document_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_title(self):
        return _("Document for comments: %(title)s") % {"title": self.document.title}

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(form=form or DocumentEditForm(instance=self.document), **kwargs)

    def post(self, request, *args, **kwargs):
        form = DocumentEditForm(request.POST, instance=ConsultationDocument.objects.get(pk=self.document.pk))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.update_document(document=self.document, user=request.user, **form.cleaned_data)
        messages.success(request, _("The document is saved."))
        return HttpResponseRedirect(reverse("consultations_admin:remarks", args=[self.document.consultation_id]))


@never_cache
@require_POST
def document_status(request, document_id: int):
    """Publish a document for comments, or take it back to a draft."""
    if not may_handle_remarks(request.user):
        raise Http404
    document = get_object_or_404(ConsultationDocument, pk=document_id)
    status = request.POST.get("status")
    if status not in DocumentStatus.values:
        messages.error(request, _("Choose the document's status."))
    else:
        services.set_document_status(document=document, status=status, user=request.user)
        messages.success(request, _("“%(title)s”: %(status)s.") % {"title": document.title, "status": DocumentStatus(status).label})
    return HttpResponseRedirect(reverse("consultations_admin:remarks", args=[document.consultation_id]))
