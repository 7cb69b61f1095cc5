"""Routing a public address with fewer queries: the site and the type of each child of its home page, cached.

Wagtail routes a path a segment at a time, reading each page generically and then again as its own type. The home
page's children (the listings, the newsroom, content pages) are few and change rarely, so the type of each, by slug,
sits in Django's cache and `HomePage.route` reads the child as its type at once. It is only a hint: a slug it does not
know, or a type that no longer matches, is routed the generic way, so a stale hint costs a query, never a wrong page.
Dropped like the menu on publish, unpublish, move, slug change and delete.

Wagtail also looks the site up for every page it serves (a query ordering every site by how well it matches the
host, the most expensive query a listing compiles) and then reads the home page again as its own type.
`site_for_request` (used by `portal.middleware.CachedSiteMiddleware`) caches which site answers a host and port,
dropped when a site is saved or deleted, and reads the home page as its type in one query, fresh on every request so
its content is never stale.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.http.request import split_domain_port
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from core.page_reads import child_by_slug
from core.prepared import prepared_read

ROUTING_CACHE_SECONDS = 300  # how long another server process may route a renamed child the generic way or use an old site
SITES_KEY = "portal:sites"  # {(hostname, port): (the site's field values, its home page's content type id)}


def _key(parent_path: str) -> str:
    return f"portal:child-types:{parent_path}"


def specific_child(parent: Page, slug: str) -> Page | None:
    """The live or draft child of `parent` with `slug`, read as its own type in one query; None if the hint has no answer."""
    content_type_id = _child_types(parent).get(slug)
    model = ContentType.objects.get_for_id(content_type_id).model_class() if content_type_id else None
    if model is None:
        return None
    return child_by_slug(parent, model, slug)


def _by_pk(model: type[Page], pk: int) -> QuerySet:
    return model.objects.filter(pk=pk)


def _child_types(parent: Page) -> dict[str, int]:
    key = _key(parent.path)
    types = cache.get(key)
    if types is None:
        types = dict(Page.objects.child_of(parent).values_list("slug", "content_type_id"))
        cache.set(key, types, ROUTING_CACHE_SECONDS)
    return types


def forget_child_types(**kwargs) -> None:
    cache.delete_many([_key(path) for path in Site.objects.values_list("root_page__path", flat=True)])


for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
    signal.connect(forget_child_types, dispatch_uid="portal.routing")


def _page_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        forget_child_types()


post_delete.connect(_page_deleted, dispatch_uid="portal.routing.page_deleted")


def site_for_request(request) -> Site | None:
    """The site Wagtail would find for the request, its root page already specific; None leaves the lookup to Wagtail."""
    host = (split_domain_port(request._get_raw_host())[0], request.get_port())
    sites = cache.get(SITES_KEY) or {}
    if host not in sites:
        site = Site.find_for_request(request)
        if site is None:
            return None
        sites[host] = ({field.attname: getattr(site, field.attname) for field in Site._meta.concrete_fields}, site.root_page.content_type_id)
        cache.set(SITES_KEY, sites, ROUTING_CACHE_SECONDS)
        return site
    values, content_type_id = sites[host]
    model = ContentType.objects.get_for_id(content_type_id).model_class()
    root_page = next(iter(prepared_read(_by_pk, model, [values["root_page_id"]])), None) if model else None
    if root_page is None:
        return None
    site = Site.from_db("default", list(values), list(values.values()))
    site.root_page = root_page
    return site


def _forget_sites(**kwargs) -> None:
    cache.delete(SITES_KEY)


post_save.connect(_forget_sites, sender=Site, dispatch_uid="portal.middleware.site_saved")
post_delete.connect(_forget_sites, sender=Site, dispatch_uid="portal.middleware.site_deleted")
