"""Admin viewsets: the register over all catalog records, reference data and contacts.

Reference data and contacts are snippets, so Wagtail gives them inspect, history, usage and an audit
log entry for every create, edit and delete, with the user who made it.
"""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet, PageViewSet
from wagtail.permissions import page_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from catalog.models import CatalogPage
from core.models import Channel, District, Topic
from directory.models import Organisation, Person

from .filters import RegisterFilterSet
from .views import (
    ExplorerIndexView,
    MoveConfirmView,
    PersonIndexView,
    RecordInspectView,
    RegisterIndexView,
    person_organisations,
)


class RegisterViewSet(PageListingViewSet):
    model = CatalogPage
    index_view_class = RegisterIndexView
    filterset_class = RegisterFilterSet
    name = "rejestr"
    icon = "table"
    menu_label = _("Register")
    menu_order = 150
    add_to_admin_menu = True
    list_per_page = 50
    ordering = "-latest_revision_created_at"
    export_filename = "rejestr"

    def get_index_view_kwargs(self, **kwargs):
        # No "add" button: a record is created under its type's listing in the page explorer.
        return super().get_index_view_kwargs(add_url_name=None, **kwargs)

    @cached_property
    def inspect_view(self):
        return self.construct_view(RecordInspectView)

    def get_urlpatterns(self):
        """The register, then a record's inspect page at `<id>/` (`rejestr:inspect`)."""
        return [*super().get_urlpatterns(), path("<int:pk>/", self.inspect_view, name="inspect")]

    @cached_property
    def menu_item_class(self):
        """Shown only to users the register lets in (any page permission), not to every admin user."""
        required = self.index_view_class.any_permission_required

        class RegisterMenuItem(MenuItem):
            def is_shown(self, request):
                return page_permission_policy.user_has_any_permission(request.user, required)

        return RegisterMenuItem


class ExplorerViewSet(PageViewSet):
    """Wagtail's default views of every page type (registered for `Page`, it replaces Wagtail's own),
    with an explorer and a move confirmation that do not open records the user may not see."""

    index_view_class = ExplorerIndexView
    move_confirm_view_class = MoveConfirmView


class DistrictViewSet(SnippetViewSet):
    model = District
    icon = "site"
    list_display = ["__str__", "number", "population", "area_km2"]
    search_fields = ["name", "roman"]
    search_backend_name = None
    ordering = ["number"]
    inspect_view_enabled = True
    copy_view_enabled = False


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "tag"
    list_display = ["name", "slug"]
    search_fields = ["name", "description"]
    search_backend_name = None
    ordering = ["name"]
    inspect_view_enabled = True


class ChannelViewSet(SnippetViewSet):
    model = Channel
    icon = "radio-full"
    list_display = ["name", "slug", "daily_post_limit", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["sort_order", "name"]


class ReferenceDataGroup(SnippetViewSetGroup):
    items = (DistrictViewSet, TopicViewSet, ChannelViewSet)
    menu_label = _("Reference data")
    menu_icon = "list-ul"
    menu_order = 160


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    list_display = ["name", "kind", "district", "email", "phone", "do_not_contact"]
    list_filter = ["kind", "district", "do_not_contact"]
    search_fields = ["name", "short_name", "email", "city"]
    search_backend_name = None
    ordering = ["name"]
    inspect_view_enabled = True
    list_export = [
        "name", "short_name", "get_kind_display", "district", "street", "postal_code", "city", "email", "phone",
        "website", "do_not_contact",
    ]
    export_headings = {"get_kind_display": _("Kind"), "district": _("District")}
    export_filename = "organizacje"

    def get_queryset(self, request):
        return Organisation.objects.select_related("district")


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    index_view_class = PersonIndexView
    list_display = [
        "__str__", "email", "phone", Column("organisations", label=_("Organisations"), accessor=person_organisations),
        "legal_basis", "do_not_contact",
    ]
    list_filter = ["legal_basis", "do_not_contact"]
    search_fields = ["first_name", "last_name", "email", "phone"]
    search_backend_name = None
    ordering = ["last_name", "first_name"]
    inspect_view_enabled = True
    list_export = [
        "first_name", "last_name", "email", "phone", "organisations", "get_legal_basis_display", "legal_basis_note",
        "consent_given_at", "do_not_contact",
    ]
    export_headings = {"organisations": _("Organisations"), "get_legal_basis_display": _("Legal basis for the data")}
    export_filename = "osoby"

    def get_queryset(self, request):
        return Person.objects.prefetch_related("memberships__organisation")


class ContactsGroup(SnippetViewSetGroup):
    items = (OrganisationViewSet, PersonViewSet)
    menu_label = _("Contacts")
    menu_icon = "group"
    menu_order = 170
