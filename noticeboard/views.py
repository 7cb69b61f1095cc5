"""Back-office views: the person's notifications (/admin/powiadomienia/) and the department's board (/admin/ogloszenia/).

Thin: reads come from `selectors`, writes go through `services`. Every state change is a POST.
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.roles import sees_whole_catalog

from . import selectors, services
from .forms import PreferencesForm
from .models import NoticePreferences, Notification


class NoticeboardView(WagtailAdminTemplateMixin, TemplateView):
    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class NotificationsView(NoticeboardView):
    template_name = "noticeboard/notifications.html"
    page_title = gettext_lazy("Notifications")
    header_icon = "info-circle"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = Paginator(selectors.inbox(user), settings.DIALOG_PAGE_SIZE).get_page(self.request.GET.get("p"))
        preferences = NoticePreferences.objects.filter(user=user).first() or NoticePreferences(user=user)
        context.update(
            page_obj=page,
            notifications=page.object_list,
            unread_count=selectors.unread_count(user),
            preferences_form=PreferencesForm(instance=preferences),
        )
        return context


class MarkAllReadView(View):
    http_method_names = ["post"]

    def post(self, request):
        count = services.mark_all_read(user=request.user)
        if count:
            messages.success(
                request, ngettext("%(count)s notification marked as read.", "%(count)s notifications marked as read.", count)
                % {"count": count},
            )
        return HttpResponseRedirect(reverse("noticeboard:notifications"))


class OpenNotificationView(View):
    """Marks the notification read and goes to what it is about (only addresses of this site)."""

    http_method_names = ["post"]

    def post(self, request, pk: int):
        notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
        services.mark_read(notification=notification)
        target = notification.url
        if not target or not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
            target = reverse("noticeboard:notifications")
        return HttpResponseRedirect(target)


class PreferencesView(View):
    http_method_names = ["post"]

    def post(self, request):
        form = PreferencesForm(request.POST)
        if form.is_valid():
            services.set_preferences(user=request.user, daily_digest=form.cleaned_data["daily_digest"])
            messages.success(request, _("Your notification settings have been saved."))
        return HttpResponseRedirect(reverse("noticeboard:notifications"))


def can_manage_announcements(user) -> bool:
    return user.has_perm("noticeboard.change_announcement")


class StaffOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not sees_whole_catalog(request.user):
            raise Http404  # partners have no department board
        return super().dispatch(request, *args, **kwargs)


class BoardView(StaffOnlyMixin, NoticeboardView):
    template_name = "noticeboard/board.html"
    page_title = gettext_lazy("Announcements")
    header_icon = "clipboard-list"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        page = Paginator(selectors.board(user), settings.DIALOG_PAGE_SIZE).get_page(self.request.GET.get("p"))
        announcements = list(page.object_list)
        manager = can_manage_announcements(user)
        managed = [item for item in announcements if manager or item.author_id == user.pk]
        readership = selectors.readership(managed)
        for item in announcements:
            item.readership = readership.get(item.pk)
        context.update(
            page_obj=page,
            announcements=announcements,
            can_add=user.has_perm("noticeboard.add_announcement"),
            manage_url_name="wagtailsnippets_noticeboard_announcement:edit",
            can_manage=manager,
        )
        return context


class ConfirmReadView(StaffOnlyMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk: int):
        announcement = get_object_or_404(selectors.board(request.user), pk=pk)
        services.confirm_announcement(announcement=announcement, user=request.user)
        messages.success(request, _("Thank you: you confirmed reading “%(title)s”.") % {"title": announcement.title})
        return HttpResponseRedirect(reverse("noticeboard:board") + f"#announcement-{announcement.pk}")


