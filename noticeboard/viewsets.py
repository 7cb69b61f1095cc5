"""Announcements in the back-office: Koordynator and Administrator write them as snippets; the author is whoever creates one."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from .models import Announcement


class AnnouncementCreateView(CreateView):
    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        instance.author = self.request.user
        return instance


class AnnouncementViewSet(SnippetViewSet):
    model = Announcement
    icon = "clipboard-list"
    menu_label = _("Manage announcements")
    add_view_class = AnnouncementCreateView
    list_display = ["title", "audience", "pinned", "published_at", "expires_at", "author"]
    list_filter = ["audience", "pinned"]
    search_fields = ["title"]
    search_backend_name = None
    ordering = ["-published_at", "-pk"]

    def get_queryset(self, request):
        return Announcement.objects.select_related("author", "organisation", "group")
