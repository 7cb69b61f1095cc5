"""Plugs the back-office into Wagtail's admin: menu entries, dashboard panels and the partner scope."""

from wagtail import hooks
from wagtail.snippets.models import register_snippet

from .panels import dashboard_panels
from .selectors import restrict_to_visible
from .viewsets import ContactsGroup, ReferenceDataGroup, RegisterViewSet

register_snippet(ReferenceDataGroup)
register_snippet(ContactsGroup)


@hooks.register("register_admin_viewset")
def register_register_viewset():
    return RegisterViewSet()


@hooks.register("construct_homepage_panels")
def add_record_panels(request, panels):
    panels.extend(dashboard_panels())


@hooks.register("construct_explorer_page_queryset")
def hide_other_records_in_explorer(parent_page, pages, request):
    return restrict_to_visible(pages, request.user)


@hooks.register("construct_page_chooser_queryset")
def hide_other_records_in_chooser(pages, request):
    return restrict_to_visible(pages, request.user)
