"""Views of the back-office: the register ("Rejestr"), the people listing, and Wagtail's page views
narrowed to what a partner may see (explorer, move confirmation, chooser, bulk actions, page types report).

Tables and CSV/XLSX exports read the same accessors, so an export says what the screen says, for
exactly the filtered and searched rows (Wagtail exports the whole unpaginated queryset).
"""

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import F
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn, PageTypeColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views import chooser
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.pages import listing, move
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.coreutils import multigetattr
from wagtail.models import Page
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from catalog.models import CatalogPage
from core.roles import sees_whole_catalog
from directory.models import Person

from .selectors import hides_any_page, restrict_to_visible, search_records, visible_records, with_register_relations


def names(related) -> str:
    return ", ".join(str(item) for item in related.all())


def responsible_person(record: CatalogPage) -> str:
    return get_user_display_name(record.owner_person) if record.owner_person else ""


def responsible_unit(record: CatalogPage) -> str:
    return str(record.responsible_unit or "")


def person_organisations(person: Person) -> str:
    return ", ".join(f"{m.organisation} ({m.role})" for m in person.memberships.all())


class RecordTitleColumn(PageTitleColumn):
    """The title, linking to the editor when the user may edit.

    Wagtail's per-row action menu is left to the page explorer: deciding whether an editor may move or
    delete a page costs a query per row, and the register must cost the same at any size.
    """

    cell_template_name = "backoffice/register/title_cell.html"


class ExportMixin:
    """Exports computed columns (`export_accessors`) and writes times in the city's zone, not UTC."""

    export_accessors: dict[str, Callable[[Any], Any]] = {}
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        datetime.datetime: {
            SpreadsheetExportMixin.FORMAT_XLSX: lambda value: timezone.make_naive(value),
            SpreadsheetExportMixin.FORMAT_CSV: lambda value: timezone.localtime(value).strftime("%Y-%m-%d %H:%M"),
        },
    }

    def to_row_dict(self, item):
        return {
            field: self.export_accessors[field](item) if field in self.export_accessors else multigetattr(item, field)
            for field in self.list_export
        }


class RegisterIndexView(ExportMixin, listing.IndexView):
    page_title = _("Register")
    export_accessors = {
        "type": CatalogPage.get_record_type_display,
        "status": CatalogPage.get_status_display,
        "districts": lambda record: names(record.districts),
        "topics": lambda record: names(record.topics),
        "owner_person": responsible_person,
        "responsible_unit": responsible_unit,
        "partners": lambda record: names(record.partners),
        "publication": lambda record: record.status_string,
    }
    list_export = [
        "title", "type", "status", "starts_at", "ends_at", "districts", "topics", "owner_person",
        "responsible_unit", "partners", "publication", "latest_revision_created_at", "pk",
    ]
    export_headings = {
        "title": _("Title"), "type": _("Type"), "status": _("Status"), "starts_at": _("Start"), "ends_at": _("End"),
        "districts": _("Districts"), "topics": _("Topics"), "owner_person": _("Responsible person"),
        "responsible_unit": _("Responsible unit"), "partners": _("Partner organisations"),
        "publication": _("Publication"), "latest_revision_created_at": _("Last updated"), "pk": _("ID"),
    }
    base_columns = [
        RecordTitleColumn("title", label=_("Title"), sort_key="title", classname="title"),
        PageTypeColumn("type", label=_("Type"), accessor=export_accessors["type"], sort_key="content_type__model"),
        Column("status", label=_("Status"), accessor=export_accessors["status"], sort_key="status"),
        Column("starts_at", label=_("Start"), sort_key="starts_at"),
        Column("ends_at", label=_("End"), sort_key="ends_at"),
        Column("districts", label=_("Districts"), accessor=export_accessors["districts"]),
        Column("owner_person", label=_("Responsible person"), accessor=responsible_person),
        Column("responsible_unit", label=_("Responsible unit"), accessor=responsible_unit),
        PageStatusColumn("live", label=_("Publication"), sort_key="live"),
        DateColumn("latest_revision_created_at", label=_("Last updated"), sort_key="latest_revision_created_at"),
    ]

    def get_base_queryset(self):
        return self.annotate_queryset(visible_records(self.request.user))

    def annotate_queryset(self, pages):
        return with_register_relations(pages)

    def order_queryset(self, queryset):
        """Undated records (e.g. standing offers) sort last both ways, on SQLite as on PostgreSQL."""
        field = (self.ordering or "").removeprefix("-")
        if field not in {"starts_at", "ends_at"} or self.is_searching:
            return super().order_queryset(queryset)
        column = F(field)
        return queryset.order_by(
            column.desc(nulls_last=True) if self.ordering.startswith("-") else column.asc(nulls_last=True), "pk"
        )

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return search_records(queryset, self.search_query, order_by_relevance=not self.is_explicitly_ordered)


class VisibleParentPageMixin:
    """Wagtail's explorer and page chooser open any page by its id and show its title in the header;
    a record the user may not see answers 404 instead (its children are hidden by hooks already)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id and hides_any_page(request.user, [parent_page_id]):
            raise Http404
        return super().get(request, parent_page_id)


class ExplorerIndexView(VisibleParentPageMixin, listing.ExplorableIndexView):
    pass


class MoveConfirmView(move.MoveConfirmView):
    """Wagtail's move confirmation names both pages (or, if the slug is taken, the moved page's slug) before
    any permission check, which only its POST makes; a record the user may not see answers 404 instead."""

    def dispatch(self, request, page_to_move_id, destination_id, *args, **kwargs):
        if hides_any_page(request.user, [page_to_move_id, destination_id]):
            raise Http404
        return super().dispatch(request, page_to_move_id, destination_id, *args, **kwargs)


class PageChooserBrowseView(VisibleParentPageMixin, chooser.BrowseView):
    pass


class PageChosenMultipleView(chooser.ChosenMultipleView):
    """Wagtail answers with the title and address of every page id it is given, and has no hook to narrow
    them; ids of pages the user may not see are dropped before Wagtail reads them."""

    def get(self, request):
        pages = restrict_to_visible(Page.objects.filter(pk__in=request.GET.getlist("id")), request.user)
        request.GET = request.GET.copy()
        request.GET.setlist("id", [str(pk) for pk in pages.values_list("pk", flat=True)])
        return super().get(request)


class VisiblePagesBulkActionMixin:
    """Wagtail's page bulk actions name every page whose id is in the query string (or in the listing,
    for `id=all`) on their confirmation page; pages the user may not see are dropped, and when none is
    left the answer is 404, as for unknown ids."""

    def get_queryset(self, model, object_ids):
        return get_list_or_404(restrict_to_visible(model.objects.filter(pk__in=object_ids), self.request.user))


# Registered in `wagtail_hooks` after Wagtail's own, so they replace them under the same action names.
PAGE_BULK_ACTIONS = tuple(
    type(action.__name__, (VisiblePagesBulkActionMixin, action), {})
    for action in (DeleteBulkAction, MoveBulkAction, PublishBulkAction, UnpublishBulkAction)
)


class StaffPageTypesUsageReportView(PageTypesUsageReportView):
    """A staff report: it counts every page of each type, other organisations' drafts included, and names the
    last edited one. Narrowing it would mean re-implementing Wagtail's private annotations, so a partner is
    refused as Wagtail refuses users without page permissions (back to the dashboard with a message)."""

    def user_has_any_permission(self, permissions):
        return sees_whole_catalog(self.request.user) and super().user_has_any_permission(permissions)


class PersonIndexView(ExportMixin, SnippetIndexView):
    export_accessors = {"organisations": person_organisations}
