"""Pages addressed by a personal secret token (cancel a registration, confirm a subscription, unsubscribe)."""

from functools import wraps

from django.views.decorators.cache import never_cache


def personal(view):
    """Not cached anywhere, and the address with the token never leaves in a Referer."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        # Only the origin, never the address with the token: "no-referrer" would make browsers send
        # `Origin: null` with the page's own form, which Django's CSRF check refuses.
        response["Referrer-Policy"] = "strict-origin"
        return response

    return never_cache(wrapped)
