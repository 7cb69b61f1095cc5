"""The site footer, written once per site and language and kept in Django's cache.

Every public page ends with the same footer (the branding's contact data and the fixed links), and writing it cost
about half a millisecond of template work per page. It changes only when a site's branding is saved, which drops it;
with the default per-process cache another server process may show the old footer for up to `BRANDING_CACHE_SECONDS`,
as long as it may show the old branding it is written from; a shared cache (`REDIS_URL`) removes that delay.
"""

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.models import BRANDING_CACHE_SECONDS, Branding


def _key(site_id: int, language: str) -> str:
    return f"portal:footer:{site_id}:{language}"


def footer_html(branding: Branding) -> SafeString:
    key = _key(branding.site_id, get_language())
    html = cache.get(key)
    if html is None:
        html = render_to_string("portal/includes/site_footer.html", {"branding": branding})
        cache.set(key, html, BRANDING_CACHE_SECONDS)
    return mark_safe(html)  # noqa: S308 – the template's own output, escaped as it was written


def forget_footers(sender, instance: Branding, **kwargs) -> None:
    cache.delete_many([_key(instance.site_id, code) for code, _ in settings.LANGUAGES])


post_save.connect(forget_footers, sender=Branding, dispatch_uid="portal.footer.saved")
post_delete.connect(forget_footers, sender=Branding, dispatch_uid="portal.footer.deleted")
