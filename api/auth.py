"""Who is asking: anonymous, or the user of one of Wagtail's API tokens (`wagtail.models.APIToken`)."""

from django.contrib.auth.models import AbstractBaseUser
from ninja.errors import AuthenticationError
from wagtail.api.v3.auth import AllowAnonymous, BearerTokenAuth

from core.roles import sees_whole_catalog


class TokenAuth(BearerTokenAuth):
    """Wagtail's bearer-token check, except that a token which does not resolve answers 401.

    Wagtail's class returns None for an unknown or revoked token or an inactive user, and with
    `AllowAnonymous` after it the request would silently continue as anonymous: a client whose token
    was revoked would get fewer records instead of an error it can act on. Other schemes in the
    Authorization header (e.g. Basic, added by a proxy) are still ignored, as in Wagtail.
    """

    openapi_description = (
        "A Wagtail API token (admin: /admin/api-tokens/, or `manage.py api_tokens create`). "
        "A staff user's token also sees drafts."
    )

    def authenticate(self, request, token: str):
        api_token = super().authenticate(request, token)
        if api_token is None:
            raise AuthenticationError()
        return api_token


def sees_drafts(user: AbstractBaseUser) -> bool:
    """The unit's and the City Hall's staff roles, as in the back-office register.

    Not "may enter the admin": partner accounts (NGOs, district councils) may too, and must not
    read other organisations' drafts.
    """
    return user.is_authenticated and sees_whole_catalog(user)


AUTH = [TokenAuth(), AllowAnonymous()]
ANONYMOUS_SCHEME = AllowAnonymous.__name__  # how ninja names it in the OpenAPI document
