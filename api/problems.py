"""Every error of the API as an RFC 9457 problem (`application/problem+json`) with Polish messages.

Ninja's own handlers answer `{"detail": ...}` with 422 for bad parameters; these replace them, so a
client parses one error format whatever went wrong: `{"type", "title", "status", "detail", "errors"}`,
where `errors` maps a parameter to its messages.
"""

import json
from collections.abc import Callable
from functools import wraps
from http import HTTPStatus

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM_JSON = "application/problem+json"

# RFC 9457 allows localising the title of an "about:blank" problem.
TITLES = {
    400: _("Bad request"),
    401: _("Unauthorized"),
    404: _("Not found"),
    405: _("Method not allowed"),
}
INVALID = _("Some parameters are invalid; see “errors”.")


class InvalidParameters(Exception):
    """Query parameters that failed validation; `errors` maps each parameter to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(errors)
        self.errors = errors


def problem(status: int, detail: str, *, errors: dict[str, list[str]] | None = None) -> HttpResponse:
    body = {
        "type": "about:blank",
        "title": str(TITLES.get(status) or HTTPStatus(status).phrase),
        "status": status,
        "detail": str(detail),
    }
    if errors:
        body["errors"] = {field: [str(message) for message in messages] for field, messages in errors.items()}
    return HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_JSON)


def not_found(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """Addresses under the API that match no endpoint: a problem, not the portal's HTML 404 page."""
    return problem(404, _("There is nothing at this address. The endpoints are listed in openapi.json."))


def problems_from_ninja_views(view: Callable) -> Callable:
    """Ninja's views outside operations answer a wrong method (e.g. POST) in plain text, and its API
    root with Django's HTML 404 page; turn both into problems."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return not_found(request)
        if response.status_code != 405:
            return response
        replacement = problem(405, _("This API only reads: use GET."))
        replacement["Allow"] = response["Allow"]
        return replacement

    return wrapper


def install(api: NinjaAPI) -> None:
    """Register the problem handlers on `api`, replacing ninja's defaults."""

    @api.exception_handler(InvalidParameters)
    def invalid_parameters(request, exc: InvalidParameters):
        return problem(400, INVALID, errors=exc.errors)

    @api.exception_handler(NinjaValidationError)
    def invalid_request(request, exc: NinjaValidationError):
        # Only path parameters reach ninja's validation: query parameters are strings checked by api.forms.
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(str(error["loc"][-1]), []).append(gettext("Enter a valid value."))
        return problem(400, INVALID, errors=errors)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc: AuthenticationError):
        response = problem(401, _("The API token is invalid, revoked, or its user is inactive."))
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return problem(exc.status_code, str(exc))

    @api.exception_handler(Http404)
    def missing(request, exc: Http404):
        return problem(404, str(exc) or _("Not found"))
