"""Pages of the public portal that are not catalog records."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from core.visibility import PublicPageMixin


class HomePage(PublicPageMixin, Page):
    intro = models.TextField(_("introduction"), blank=True)

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    content_panels = Page.content_panels + [FieldPanel("intro")]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .forms import SearchForm
        from .selectors import home_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_context(self), search_form=SearchForm())
        return context

    def route(self, request, path_components):
        """Every public address below the home page passes here: read the child as its own type in one query
        (`portal.routing`), where Wagtail would read it twice."""
        if path_components:
            from .routing import specific_child

            child = specific_child(self, path_components[0])
            if child is not None:
                return child.route(request, path_components[1:])
        return super().route(request, path_components)


class StandardPage(PublicPageMixin, Page):
    """A plain content page: accessibility statement, privacy, about the unit."""

    body = RichTextField(_("content"), blank=True)

    parent_page_types = ["portal.HomePage", "portal.StandardPage"]
    content_panels = Page.content_panels + [FieldPanel("body")]

    class Meta:
        verbose_name = _("content page")
