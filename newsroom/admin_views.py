"""Staff view of a release's secret link: see it, copy it, or replace it (the old one stops working at once)."""

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .emails import secret_url
from .models import PressReleasePage
from .viewsets import is_press_office


@method_decorator(never_cache, name="dispatch")
class SecretLinkView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "newsroom/admin/secret_link.html"
    header_icon = "link"
    page_title = _("Link for journalists")

    def dispatch(self, request, *args, **kwargs):
        if not is_press_office(request.user):
            raise Http404
        self.release = get_object_or_404(PressReleasePage, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.release.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        release = self.release
        context.update(release=release, secret_url=secret_url(release),
                       scheduled=release.scheduled_revision, edit_url=reverse("wagtailadmin_pages:edit", args=[release.pk]))
        return context

    def post(self, request, *args, **kwargs):
        services.rotate_embargo_token(release=self.release, user=request.user)
        messages.success(request, _("The release has a new secret link; the old one no longer works."))
        return HttpResponseRedirect(reverse("newsroom_admin_secret_link", args=[self.release.pk]))
