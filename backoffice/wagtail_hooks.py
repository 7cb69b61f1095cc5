"""Plugs the back-office into Wagtail's admin: menu entries, dashboard panels, the records' inspect page and the
partner scope."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.site_summary import PagesSummaryItem
from wagtail.admin.ui.menus.pages import PageMenuItem
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from catalog.models import CatalogPage
from core.roles import sees_whole_catalog

from .panels import VisiblePagesSummaryItem, dashboard_panels
from .selectors import restrict_to_visible
from .views import PAGE_BULK_ACTIONS
from .viewsets import ContactsGroup, ExplorerViewSet, ReferenceDataGroup, RegisterViewSet


class PartnerScopedPagePolicy(PagePermissionPolicy):
    """Wagtail's page search (with its counts by type), pages-of-a-type listing, admin API and site history
    start from the pages a user may explore and have no hook to narrow them; narrowing "explorable" here
    keeps a partner inside `visible_records` there too. Staff keep Wagtail's answer unchanged."""

    def explorable_instances(self, user):
        return restrict_to_visible(super().explorable_instances(user), user)


# Registered before anything asks the registry for Page's policy, as Wagtail requires.
register_permission_policy(Page, PartnerScopedPagePolicy(Page))
register_snippet(ReferenceDataGroup)
register_snippet(ContactsGroup)


@hooks.register("register_admin_viewset")
def register_register_viewset():
    return RegisterViewSet()


@hooks.register("register_admin_viewset")
def replace_page_viewset():
    """Wagtail registers its own at order -1, so this one, for the same model, wins."""
    return ExplorerViewSet()


class InspectRecordButton(PageMenuItem):
    """"Inspect" beside a record in the page explorer and in its editor's header menu; the inspect page itself
    decides who may open it, and the explorer and editor show a record only to users who may see it."""

    label = _("Inspect")
    icon_name = "info-circle"
    url_name = "rejestr:inspect"

    def is_shown(self, user):
        specific_class = self.page.specific_class  # from the cached content type: no query
        return specific_class is not None and issubclass(specific_class, CatalogPage)


@hooks.register("register_page_listing_more_buttons")
def inspect_record_from_explorer(page, user, next_url=None):
    yield InspectRecordButton(page=page, priority=3)


@hooks.register("register_page_header_buttons")
def inspect_record_from_page_header(page, user, view_name, next_url=None):
    yield InspectRecordButton(page=page, priority=12)


@hooks.register("construct_homepage_panels")
def add_record_panels(request, panels):
    panels.extend(dashboard_panels())


@hooks.register("construct_explorer_page_queryset")
def hide_other_records_in_explorer(parent_page, pages, request):
    return restrict_to_visible(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_other_records_in_chooser(pages, request):
    return restrict_to_visible(pages, request.user)


# Wagtail registers its page bulk actions at order 0; these, under the same action names, replace them.
for bulk_action in PAGE_BULK_ACTIONS:
    hooks.register("register_bulk_action", bulk_action, order=1)


@hooks.register("construct_homepage_summary_items", order=1)
def count_only_visible_pages(request, items):
    """Runs after Wagtail's hook (order 0) has added its page count; staff keep that one."""
    if not sees_whole_catalog(request.user):
        items[:] = [VisiblePagesSummaryItem(request) if type(item) is PagesSummaryItem else item for item in items]


@hooks.register("construct_reports_menu")
def hide_staff_reports_from_partners(request, menu_items):
    """The page types report refuses partners (`StaffPageTypesUsageReportView`), so they are not offered it."""
    if not sees_whole_catalog(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "page-types-usage"]
