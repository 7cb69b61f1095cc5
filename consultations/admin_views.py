"""Staff pages of e-consultations under /admin/konsultacje/: remarks ("Uwagi") with filters and bulk coding, offline
remarks, open answers of surveys taken in, decisions and merging, the consultation's categories, the automatic
groups of similar remarks, the moderation queue, documents for comments and the manual change of status.

Remarks hold residents' words and names: only the unit's editors, coordinators and administrators see them
(`may_handle_remarks`); partners and authors get 404. Every write goes through `services`, which logs it.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.documents import get_document_model
from wagtail.permissions import policy_registry

from catalog.models import ConsultationPage
from core.roles import ADMINISTRATOR, KOORDYNATOR, REDAKTOR, has_role

from . import selectors, services, tasks
from .forms import (
    CATEGORY_FORMS,
    BulkActionForm,
    DecisionForm,
    DocumentCreateForm,
    DocumentEditForm,
    GroupAssignForm,
    MergeForm,
    OfflineRemarkWithFilesForm,
    RemarkFilterForm,
    StatusChangeForm,
)
from .models import ConsultationDocument, DocumentStatus, ModerationState, Remark, RemarkCategory

HANDLING_ROLES = [ADMINISTRATOR, KOORDYNATOR, REDAKTOR]


def may_handle_remarks(user) -> bool:
    """The unit's own staff (not authors of other units, not partners) read and code residents' remarks."""
    return has_role(user, HANDLING_ROLES)


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


@never_cache
@require_POST
def sync_survey_answers(request, consultation_id: int):
    """The button on the remarks list: take the open answers of the consultation's surveys in now (the clock does it hourly).

    One batch while the person waits; a large survey's other answers go to the worker, so the request stays short."""
    if not may_handle_remarks(request.user):
        raise Http404
    consultation = get_object_or_404(ConsultationPage, pk=consultation_id)
    added, more = services.sync_open_answers_now(consultation=consultation, user=request.user)
    if added:
        messages.success(request, ngettext(
            "%(count)d open answer from surveys was added to the remarks.",
            "%(count)d open answers from surveys were added to the remarks.", added,
        ) % {"count": added})
    elif not more:
        messages.info(request, _("No new open answers in the surveys of this consultation."))
    if more:
        tasks.sync_survey_answers.enqueue(consultation.pk, user_id=request.user.pk)
        messages.info(request, _("The other open answers are being added in the background: refresh the list in a minute."))
    return HttpResponseRedirect(reverse("consultations_admin:remarks", args=[consultation.pk]))


@method_decorator(never_cache, name="dispatch")
class CategoriesView(ConsultationView):
    """The consultation's categories with their numbers of remarks: add, rename, merge, delete (global ones are read-only)."""

    template_name = "consultations/admin/categories.html"

    def get_page_title(self):
        return _("Categories: %(consultation)s") % {"consultation": self.consultation.title}

    def own_categories(self):
        return RemarkCategory.objects.filter(consultation=self.consultation).order_by("name")

    def form_kwargs(self):
        return {"own": self.own_categories(), "usable": selectors.categories_for(self.consultation)}

    def get_context_data(self, bound=None, **kwargs):
        forms = {action: form_class(**self.form_kwargs()) for action, form_class in CATEGORY_FORMS.items()}
        if bound is not None:
            forms[bound.action] = bound
        return super().get_context_data(
            consultation=self.consultation, categories=selectors.categories_with_counts(self.consultation),
            forms=forms, has_own=self.own_categories().exists(), remarks_url=self.remarks_url(), **kwargs,
        )

    def post(self, request, *args, **kwargs):
        form_class = CATEGORY_FORMS.get(request.POST.get("action", ""))
        if form_class is None:
            messages.error(request, _("Choose what to do with the categories."))
            return self.render_to_response(self.get_context_data(), status=400)
        form = form_class(request.POST, **self.form_kwargs())
        if not form.is_valid():
            messages.error(request, _("Nothing was changed. Correct the errors below."))
            return self.render_to_response(self.get_context_data(bound=form), status=400)
        try:
            messages.success(request, self.carry_out(form.action, form.cleaned_data))
        except services.Refused as refusal:
            form.add_error(None, refusal.message)
            messages.error(request, _("Nothing was changed. Correct the errors below."))
            return self.render_to_response(self.get_context_data(bound=form), status=400)
        return HttpResponseRedirect(request.path)

    def carry_out(self, action: str, data: dict) -> str:
        """Do one action through `services` and say what was done."""
        common = {"consultation": self.consultation, "user": self.request.user}
        if action == "add":
            category = services.create_category(name=data["name"], **common)
            return _("Category “%(name)s” added.") % {"name": category.name}
        if action == "rename":
            previous = data["category"].name
            category = services.rename_category(category=data["category"], name=data["name"], **common)
            return _("Category “%(old)s” is now called “%(new)s”.") % {"old": previous, "new": category.name}
        if action == "merge":
            moved = services.merge_categories(source=data["source"], target=data["target"], **common)
            return ngettext(
                "Category “%(source)s” merged into “%(target)s”: %(count)d remark moved.",
                "Category “%(source)s” merged into “%(target)s”: %(count)d remarks moved.", moved,
            ) % {"source": data["source"].name, "target": data["target"].name, "count": moved}
        name = data["category"].name
        uncoded = services.delete_category(category=data["category"], uncode=data["uncode"], **common)
        return ngettext(
            "Category “%(name)s” deleted; %(count)d remark lost it.",
            "Category “%(name)s” deleted; %(count)d remarks lost it.", uncoded,
        ) % {"name": name, "count": uncoded}


@method_decorator(never_cache, name="dispatch")
class AnalysisView(ConsultationView):
    """Suggested groups of similar remarks (`analysis`) with their keywords; code a whole group with one category."""

    template_name = "consultations/admin/analysis.html"
    shown_per_group = 50

    def get_page_title(self):
        return _("Groups of similar remarks: %(consultation)s") % {"consultation": self.consultation.title}

    def grouping(self):
        """The consultation's groups of similar remarks. Imported here: scikit-learn loads only in the processes that
        group remarks (tests/core/test_process_imports.py)."""
        from . import analysis

        return analysis.consultation_grouping(self.consultation)

    def get_context_data(self, grouping=None, bound=None, **kwargs):
        grouping = grouping or self.grouping()
        categories = selectors.categories_for(self.consultation)
        shown = {group.number: group.remark_ids[: self.shown_per_group] for group in grouping.groups}
        remarks = selectors.remarks_by_id(pk for ids in shown.values() for pk in ids)
        groups = []
        for group in grouping.groups:
            form = GroupAssignForm(categories=categories, group_number=group.number,
                                   initial={"group": group.number, "digest": grouping.digest})
            if bound is not None and bound.group_number == group.number:
                form = bound
            groups.append({"group": group, "remarks": [remarks[pk] for pk in shown[group.number]],
                           "hidden": group.size - len(shown[group.number]), "form": form})
        # A form naming no group on the page (tampered, or the groups changed) shows its errors above the groups.
        stray_errors = [] if bound is None or bound.group_number in shown else [
            error for errors in bound.errors.values() for error in errors
        ]
        return super().get_context_data(
            consultation=self.consultation, grouping=grouping, groups=groups, remarks_url=self.remarks_url(),
            stray_errors=stray_errors,
            analysed=sum(group.size for group in grouping.groups) + len(grouping.ungrouped), **kwargs,
        )

    def post(self, request, *args, **kwargs):
        categories = selectors.categories_for(self.consultation)
        group_number = request.POST.get("group", "")
        group_number = int(group_number) if group_number.isascii() and group_number.isdecimal() else None
        form = GroupAssignForm(request.POST, categories=categories, group_number=group_number)
        form.group_number = group_number
        grouping = self.grouping()
        if form.is_valid():
            group = grouping.group(form.cleaned_data["group"])
            if form.cleaned_data["digest"] != grouping.digest:
                form.add_error(None, _("The remarks have changed since the groups were shown, so the groups may differ now. "
                                       "Check the groups below and assign the category again."))
            elif group is None:
                form.add_error(None, _("There is no such group. Choose one of the groups below."))
        if form.errors:
            messages.error(request, _("No category was assigned. Correct the errors below."))
            return self.render_to_response(self.get_context_data(grouping=grouping, bound=form), status=400)
        data = form.cleaned_data
        category = data["category"] or services.ensure_category(consultation=self.consultation, name=data["new_category"], user=request.user)
        count = services.assign_category(remarks=Remark.objects.filter(pk__in=group.remark_ids), category=category, user=request.user)
        messages.success(request, ngettext(
            "Category “%(category)s” assigned to %(count)d remark of group %(group)d; remarks that had it already are unchanged.",
            "Category “%(category)s” assigned to %(count)d remarks of group %(group)d; remarks that had it already are unchanged.", count,
        ) % {"category": category.name, "count": count, "group": group.number})
        return HttpResponseRedirect(request.path)
