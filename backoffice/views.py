"""Views of the back-office: the register ("Rejestr") and a record's inspect page, the people listing, and
Wagtail's page views narrowed to what a partner may see (explorer, move confirmation, chooser, bulk actions,
page types report).

Tables and CSV/XLSX exports read the same accessors, so an export says what the screen says, for
exactly the filtered and searched rows (Wagtail exports the whole unpaginated queryset).
"""

import datetime
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_list_or_404
from django.template.defaultfilters import linebreaksbr, yesno
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.ui.tables.pages import PageStatusColumn, PageTitleColumn, PageTypeColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views import chooser
from wagtail.admin.views.generic import InspectView
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.admin.views.pages import listing, move
from wagtail.admin.views.pages.bulk_actions import (
    DeleteBulkAction,
    MoveBulkAction,
    PublishBulkAction,
    UnpublishBulkAction,
)
from wagtail.admin.views.reports.page_types_usage import PageTypesUsageReportView
from wagtail.admin.widgets.button import HeaderButton
from wagtail.coreutils import multigetattr
from wagtail.models import Page
from wagtail.snippets.views.snippets import IndexView as SnippetIndexView

from catalog.models import CampaignPage, CatalogPage, ConsultationPage, EventPage, OfferPage, ProjectPage
from core.roles import sees_whole_catalog
from directory.models import Person

from .selectors import (
    hides_any_page,
    record_to_inspect,
    restrict_to_visible,
    search_records,
    visible_record_ids,
    visible_records,
    with_register_relations,
)


def names(related) -> str:
    return ", ".join(str(item) for item in related.all())


def responsible_person(record: CatalogPage) -> str:
    return get_user_display_name(record.owner_person) if record.owner_person else ""


def responsible_unit(record: CatalogPage) -> str:
    return str(record.responsible_unit or "")


def person_organisations(person: Person) -> str:
    return ", ".join(f"{m.organisation} ({m.role})" for m in person.memberships.all())


class RecordTitleColumn(PageTitleColumn):
    """The title, linking to the editor when the user may edit (with a link to the inspect page beside it), else to
    the inspect page.

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


EMPTY = "—"


def local_time(value: datetime.datetime) -> str:
    """A moment in the city's zone, as the admin writes dates in Polish, in a `<time>` element."""
    value = timezone.localtime(value)
    return format_html('<time datetime="{}">{}</time>', value.replace(microsecond=0).isoformat(), formats.date_format(value, "DATETIME_FORMAT"))


class RecordInspectView(InspectView):
    """One record read-only: its own fields, where and whom it concerns, the records it belongs to, and its
    publication (live or draft, schedule, last change, approval step, lock), with links to edit it, its history
    and its address on the portal.

    Anyone the register lets in may open the records the register shows them (`record_to_inspect` reads through
    `visible_records`); any other id answers 404, as an unknown one does. Records it refers to that the user may
    not see are left out. The cost is the same few queries at any number of related rows.
    """

    any_permission_required = RegisterIndexView.any_permission_required
    template_name = "backoffice/register/inspect.html"
    page_title = _("Inspect")
    # Each type's own fields, in its editor's order; the records it belongs to are under "Related records".
    own_fields = {
        ProjectPage: ["website"],
        ConsultationPage: [
            "aim", "legal_basis", "organiser", "organiser_contact", "consultation_forms", "how_to_submit",
            "submissions_until", "accessibility_info", "privacy_clause",
        ],
        CampaignPage: ["kind", "aim", "audiences", "channels", "budget_pln", "team", "goals"],
        EventPage: ["event_type", "venue_name", "venue_address", "is_online", "online_url"],
        OfferPage: ["kind", "audience", "how_to_use", "website"],
    }
    related_fields = ["project", "consultation", "events", "links"]
    labels = {
        "record_type": _("Record type"),
        "links": _("Other related records"),
        "attachments": _("Attachments"),
        "publication": _("Publication state"),
        "expire_at": _("Expires"),
        "live_url": _("Address on the portal"),
        "scheduled": _("Scheduled to go live"),
        "first_published_at": _("First published"),
        "last_published_at": pgettext_lazy("record inspect", "Last published"),
        "latest_revision": _("Last change"),
        "owner": _("Created by"),
        "workflow": _("Approval step"),
        "lock": pgettext_lazy("record inspect", "Locked"),
    }

    # Read from the row: what is in effect. Every other field is read from the record as last saved (`content`).
    publication_fields = {"expire_at", "first_published_at", "last_published_at"}

    def get_object(self, queryset=None):
        record = record_to_inspect(self.request.user, self.pk)
        if record is None:
            raise Http404
        return record

    @property
    def content(self) -> CatalogPage:
        return self.object.content

    def get_fields(self):
        return []  # the fields depend on the record's type: `sections`

    @cached_property
    def sections(self) -> list[tuple[str, list[str]]]:
        model = type(self.object)
        return [
            (_("Record"), [
                "record_type", "title", "lead", "status", "starts_at", "ends_at", *self.own_fields.get(model, []),
                "attachments",
            ]),
            (_("Where and what about"), ["districts", "topics"]),
            (_("Who"), ["owner_person", "responsible_unit", "partners"]),
            (_("Related records"), [name for name in self.related_fields if hasattr(model, name)]),
            (_("Publication"), [
                "publication", "live_url", "scheduled", "expire_at", "first_published_at", "last_published_at",
                "latest_revision", "owner", "workflow", "lock",
            ]),
        ]

    @cached_property
    def permissions(self):
        return self.object.permissions_for_user(self.request.user)

    @cached_property
    def visible_related(self) -> set[int]:
        record = self.content
        ids = [getattr(record, f"{name}_id", None) for name in ("project", "consultation")]
        if isinstance(record, CampaignPage):
            ids += [event.pk for event in record.events.all()]
        ids += [link.target_id for link in record.links.all()]
        return visible_record_ids(self.request.user, ids)

    @cached_property
    def live_url(self) -> str | None:
        return self.object.get_url(self.request) if self.object.live else None

    def get_page_subtitle(self):
        return self.object.get_admin_display_title()

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Register")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]

    @cached_property
    def header_buttons(self):
        buttons = []
        if self.permissions.can_edit():
            url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
            buttons.append(HeaderButton(_("Edit"), url=url, icon_name="edit", priority=10))
        if self.live_url:
            buttons.append(HeaderButton(pgettext_lazy("record inspect", "View live"), url=self.live_url, icon_name="doc-empty", priority=20))
        return buttons

    @cached_property
    def header_more_buttons(self):
        return []

    def get_history_url(self) -> str | None:
        if self.permissions.can_edit() or self.permissions.can_publish():
            return reverse("wagtailadmin_pages:history", args=[self.object.pk])
        return None

    def get_field_label(self, field_name, field):
        if field_name in self.labels:
            return self.labels[field_name]
        return capfirst(field.verbose_name if hasattr(field, "verbose_name") else field.related_model._meta.verbose_name_plural)

    def get_field_display_value(self, field_name, field):
        """HTML-safe text of one field: choices by their label, moments in local time, links as links."""
        custom = getattr(self, f"get_{field_name}_display_value", None)
        if custom is not None:
            return custom()
        record = self.object if field_name in self.publication_fields else self.content
        if getattr(field, "choices", None):
            return getattr(record, f"get_{field_name}_display")()
        value = getattr(record, field_name)
        if isinstance(value, models.Manager):
            return self.names(value.all())
        if value is None or value == "":
            return EMPTY
        if field.many_to_one:
            return self.name(value)
        if isinstance(value, datetime.datetime):
            return local_time(value)
        if isinstance(value, bool):
            return yesno(value)
        if isinstance(value, Decimal):
            return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
        if isinstance(field, models.URLField):
            return format_html('<a href="{0}">{0}</a>', value)
        if isinstance(field, models.TextField):
            return linebreaksbr(value, autoescape=True)
        return value

    def name(self, item) -> str:
        """A related object by its name; a record links to its inspect page (and is left out if the user may not see it)."""
        if isinstance(item, CatalogPage):
            if item.pk not in self.visible_related:
                return ""
            return format_html('<a href="{}">{}</a>', reverse("rejestr:inspect", args=[item.pk]), item.get_admin_display_title())
        if isinstance(item, get_user_model()):
            return get_user_display_name(item)
        return str(item)

    def names(self, items: Iterable) -> str:
        shown = [name for name in (self.name(item) for item in items) if name]
        return format_html_join(", ", "{}", ((name,) for name in shown)) or EMPTY

    def get_record_type_display_value(self):
        return self.content.get_record_type_display()

    def get_consultation_forms_display_value(self):
        return ", ".join(self.content.get_consultation_forms_display()) or EMPTY

    def get_goals_display_value(self):
        goals = [
            format_html("{}: {} / {} {}", goal.name, EMPTY if goal.actual is None else formats.localize(goal.actual),
                        formats.localize(goal.target), goal.unit)
            for goal in self.content.goals.all()
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((goal,) for goal in goals)) or EMPTY

    def get_attachments_display_value(self):
        return format_html_join(
            ", ", '<a href="{}">{}</a>',
            (
                (item.document.url, item.label or item.document.title)
                for item in self.content.attachments.all() if item.document is not None
            ),
        ) or EMPTY

    def get_links_display_value(self):
        links = [(self.name(link.target), link.note) for link in self.content.links.all() if link.target is not None]
        return format_html_join(
            ", ", "{}{}", ((target, f" ({note})" if note else "") for target, note in links if target)
        ) or EMPTY

    def get_publication_display_value(self):
        return capfirst(self.object.status_string)

    def get_live_url_display_value(self):
        return format_html('<a href="{0}">{0}</a>', self.live_url) if self.live_url else EMPTY

    def get_scheduled_display_value(self):
        return local_time(self.object.scheduled_go_live_at) if self.object.scheduled_go_live_at else EMPTY

    def get_latest_revision_display_value(self):
        revision = self.object.latest_revision
        if revision is None:
            return EMPTY
        if revision.user is None:
            return local_time(revision.created_at)
        return format_html("{}, {}", local_time(revision.created_at), get_user_display_name(revision.user))

    def get_owner_display_value(self):
        return get_user_display_name(self.object.owner) if self.object.owner else EMPTY

    def get_workflow_display_value(self):
        state = self.object.current_workflow_state
        task_state = state and state.current_task_state
        if not task_state:
            return EMPTY
        return format_html("{} ({})", task_state.task.name, state.get_status_display())

    def get_lock_display_value(self):
        record = self.object
        if not record.locked:
            return yesno(False)
        if record.locked_by is None:
            return yesno(True)
        when = local_time(record.locked_at) if record.locked_at else EMPTY
        return format_html(gettext("Yes, by {person} since {when}"), person=get_user_display_name(record.locked_by), when=when)

    def get_context_for_field(self, field_name):
        try:
            field = type(self.object)._meta.get_field(field_name)
        except FieldDoesNotExist:
            field = None
        return {"label": self.get_field_label(field_name, field), "value": self.get_field_display_value(field_name, field)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sections"] = [
            {"heading": heading, "fields": [self.get_context_for_field(name) for name in names]}
            for heading, names in self.sections if names
        ]
        context["history_url"] = self.get_history_url()
        context["shows_draft"] = self.content is not self.object
        return context


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
