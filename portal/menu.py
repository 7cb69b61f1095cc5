"""The main menu: the home page's live, public children marked "show in menus", cached between requests.

Every public page shows the menu, and it changes only when a page is published, unpublished, moved,
deleted or closed off, so it is cached per site and language and dropped on those events. With the
default per-process cache another server process may show the old menu for up to `MENU_CACHE_SECONDS`;
a shared cache (`REDIS_URL`) removes that delay.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.utils.translation import get_language
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.visibility import public

MENU_CACHE_SECONDS = 300


def _key(site_id: int, language: str) -> str:
    return f"portal:menu:{site_id}:{language}"


def menu_items(request) -> list[tuple[str, str]]:
    """(title, address) of each menu page, in the page tree's order."""
    site = Site.find_for_request(request)
    if site is None:
        return []
    key = _key(site.pk, get_language())
    items = cache.get(key)
    if items is None:
        pages = public(site.root_page.get_children().in_menu())
        items = [(page.title, page.get_url(request)) for page in pages]
        cache.set(key, items, MENU_CACHE_SECONDS)
    return items


def forget_menus(**kwargs) -> None:
    cache.delete_many([_key(site_id, code) for site_id in Site.objects.values_list("pk", flat=True) for code, _ in settings.LANGUAGES])


for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    signal.connect(forget_menus, dispatch_uid="portal.menu")


@receiver(post_delete, dispatch_uid="portal.menu.page_deleted")
def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        forget_menus()


@receiver([post_save, post_delete], sender=PageViewRestriction, dispatch_uid="portal.menu.restriction")
@receiver([post_save, post_delete], sender=Site, dispatch_uid="portal.menu.site")
def _structure_changed(sender, **kwargs):
    forget_menus()
