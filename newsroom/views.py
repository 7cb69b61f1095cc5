"""Public views of the press room outside the page tree: an embargoed release behind its secret link."""

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import selectors


def _not_working(request, reason: str):
    room = selectors.press_room()
    return render(request, "newsroom/link_not_working.html",
                  {"reason": reason, "press_room_url": room.get_url(request) if room else "/"}, status=404)


@require_safe
def press_room(request):
    """A fixed address for the press room wherever its page sits: the footer links here without reading the tree."""
    room = selectors.press_room()
    if room is None or not room.live:
        raise Http404
    return HttpResponseRedirect(room.get_url(request))


@require_safe
@never_cache
def embargoed_release(request, token: str):
    """The release as it will be published, marked "EMBARGO do …"; once published, the link leads to the public page.

    Only a release approved and scheduled for its embargo is shown: a draft is not ready for the press.
    """
    release = selectors.release_by_token(token)
    if release is None:
        return _not_working(request, _("The release does not exist or its link has been changed."))
    if release.live:
        return HttpResponseRedirect(release.get_url(request))
    content = release.get_scheduled_revision_as_object()
    if content is None:
        return _not_working(request, _("This release is not ready for the press yet."))
    embargo_until = release.scheduled_revision.approved_go_live_at
    response = render(request, "newsroom/press_release_page.html", {
        "page": content, "self": content, "embargo_until": embargo_until,
        "attachments": selectors.release_attachments(content),
    })
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"  # the secret address must not leak to sites the release links to
    return response
