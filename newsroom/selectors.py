"""Reads of the newsroom: public listings, press contacts, the media kit, a media list's recipients, embargoed releases."""

from dataclasses import dataclass

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import F, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from wagtail.documents import get_document_model

from catalog.models import CatalogPage
from core.visibility import public
from directory.models import Membership, Organisation, OrganisationKind, Person

from .models import MediaList, NewsPage, PressContact, PressReleasePage, PressRoomPage

FEED_SIZE = 50


def page_of(items, request, *, size: int | None = None) -> Page:
    """One page of a listing; a page number that is not a number or does not exist is a 404 (Polish message)."""
    try:
        return Paginator(items, size or settings.DIALOG_PAGE_SIZE).page(request.GET.get("page") or 1)
    except (PageNotAnInteger, EmptyPage):
        raise Http404(_("There is no such page of results.")) from None


def public_news(index=None) -> QuerySet:
    news = public(NewsPage.objects.all())
    if index is not None:
        news = news.child_of(index)
    return news.select_related("image").order_by("-date", F("first_published_at").desc(nulls_last=True), "-pk")


def public_releases(room=None) -> QuerySet:
    """Live releases: an embargoed one is not live until its embargo ends, so it is never listed before."""
    releases = public(PressReleasePage.objects.all())
    if room is not None:
        releases = releases.child_of(room)
    return releases.order_by(F("first_published_at").desc(nulls_last=True), "-pk")


def public_record(item: NewsPage) -> CatalogPage | None:
    """The catalog record a news item is about, only if the public may see it (live, outside closed sections)."""
    if item.record_id is None:
        return None
    return public(CatalogPage.objects.filter(pk=item.record_id)).first()


def press_room() -> PressRoomPage | None:
    return PressRoomPage.objects.first()


def press_contacts() -> list[PressContact]:
    return list(PressContact.objects.select_related("person"))


def media_kit_documents(room: PressRoomPage) -> list:
    if room.media_kit_id is None:
        return []
    return list(get_document_model().objects.filter(collection_id=room.media_kit_id).order_by("title"))


def release_by_token(token: str) -> PressReleasePage | None:
    return PressReleasePage.objects.filter(embargo_token=token).first() if token else None


def release_attachments(release: PressReleasePage) -> list:
    return list(release.attachments.select_related("document"))


# --- Media lists ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    organisation: str
    do_not_contact: bool  # shown as "pominięto: nie kontaktować"; a distribution logs the address as skipped


def _media_memberships() -> Prefetch:
    return Prefetch("memberships", queryset=Membership.objects.filter(organisation__kind=OrganisationKind.MEDIA)
                    .select_related("organisation"), to_attr="media_memberships")


def media_list_recipients(media_lists: list[MediaList]) -> list[Recipient]:
    """Every address of the lists once (lower-cased), in a stable order.

    An organisation gives its own e-mail and each member's with an e-mail; a person chosen by name gives theirs.
    Anyone marked "do not contact" – the person, or the media outlet they are reached through (for a person chosen
    by name: any media outlet they work for) – is returned with `do_not_contact` set, so it is shown and logged as
    skipped rather than silently missing. An address skipped on any path is skipped everywhere.
    """
    found: dict[str, Recipient] = {}

    def add(email: str, name: str, organisation: str, do_not_contact: bool) -> None:
        if not email:
            return
        key = email.strip().lower()
        known = found.get(key)
        if known is None or (do_not_contact and not known.do_not_contact):
            found[key] = Recipient(email=key, name=name, organisation=organisation, do_not_contact=do_not_contact)

    list_ids = [media_list.pk for media_list in media_lists]
    organisations = (Organisation.objects.filter(media_lists__in=list_ids).distinct().order_by("name", "pk")
                     .prefetch_related(Prefetch("memberships", queryset=Membership.objects.select_related("person"))))
    for organisation in organisations:
        add(organisation.email, organisation.name, organisation.name, organisation.do_not_contact)
        for membership in organisation.memberships.all():
            person = membership.person
            add(person.email, str(person), organisation.name, person.do_not_contact or organisation.do_not_contact)
    people = Person.objects.filter(media_lists__in=list_ids).distinct().order_by("last_name", "first_name", "pk")
    for person in people.prefetch_related(_media_memberships()):
        outlets = [membership.organisation for membership in person.media_memberships]
        add(person.email, str(person), ", ".join(outlet.name for outlet in outlets),
            person.do_not_contact or any(outlet.do_not_contact for outlet in outlets))
    return sorted(found.values(), key=lambda recipient: (recipient.do_not_contact, recipient.organisation, recipient.email))
