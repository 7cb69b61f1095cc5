"""Admin URLs replacing Wagtail's own views where Wagtail offers no hook or viewset to narrow them for partners.

Wagtail wires its page chooser and reports as plain views in `wagtail.admin.urls` (patterns from the
`register_admin_urls` hook come after them), so `dialog/urls.py` includes these first. They get the
decorations Wagtail gives its admin URLs: admin login, its 404 page, no caching.
"""

from django.urls import path
from django.views.decorators.cache import never_cache
from wagtail.admin.auth import require_admin_access
from wagtail.admin.urls import display_custom_404
from wagtail.utils.urlpatterns import decorate_urlpatterns

from .views import PageChooserBrowseView, PageChosenMultipleView, StaffPageTypesUsageReportView

urlpatterns = [
    path("choose-page/<int:parent_page_id>/", PageChooserBrowseView.as_view()),
    path("choose-page/chosen-multiple/", PageChosenMultipleView.as_view()),
    path("reports/page-types-usage/", StaffPageTypesUsageReportView.as_view()),
    path("reports/page-types-usage/results/", StaffPageTypesUsageReportView.as_view(results_only=True)),
]

for decorator in (require_admin_access, display_custom_404, never_cache):
    urlpatterns = decorate_urlpatterns(urlpatterns, decorator)
