"""What the adapters that speak to a network's HTTP API with `requests` share (X, LinkedIn, the Graph APIs).

`HttpAdapter._request` sends one request with the channel's bearer token in the `Authorization` header –
never in the URL, which urllib3 writes to its debug log – and turns every failure into the interface's
errors: no answer or an answer without JSON is transient; an answer with an error status goes through the
subclass's `_failure`, whose default is the HTTP rule (429 and 5xx transient, every other 4xx permanent).

None of these networks takes an idempotency key. A request flagged `creates_post` that gets no answer, or
a 5xx, may have created the post: its error says so (`may_have_published=True`) and the outbox asks a person
instead of retrying. Failures before that request (uploads, containers) are safe to retry.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar

import requests

from .base import Adapter, ChannelError

logger = logging.getLogger(__name__)

USER_AGENT = "Dialog (civic-dialogue publishing)"


class HttpAdapter(Adapter):
    """An adapter over one HTTPS API; subclasses name the base URL's default and the token's field."""

    default_api_url: ClassVar[str]
    bearer_field: ClassVar[str] = "access_token"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._api_url = self._settings.get("api_url", self.default_api_url).rstrip("/")
        self._timeout = float(self._settings.get("timeout", 30))
        self._http = requests.Session()
        self._http.headers["User-Agent"] = USER_AGENT

    def _request(self, method: str, url: str, *, what: str, creates_post: bool = False, authenticated: bool = True,
                 headers: dict[str, str] | None = None, **kwargs: Any) -> requests.Response:
        """One call; `url` is a path under the API's base URL or an absolute URL (an upload address)."""
        if not url.startswith(("http://", "https://")):
            url = f"{self._api_url}{url}"
        headers = dict(headers or {})
        if authenticated:
            headers["Authorization"] = f"Bearer {self._secrets[self.bearer_field].reveal()}"
        try:
            response = self._http.request(method, url, headers=headers, timeout=self._timeout, **kwargs)
        except requests.RequestException as error:
            failure = self.transient(f"{type(error).__name__}: {error}", may_have_published=creates_post)
            logger.warning("%s channel %s: %s failed: %s", self.network, self.key, what, failure)
            raise failure from None
        if response.ok:
            return response
        failure = self._failure(response, creates_post=creates_post)
        logger.warning("%s channel %s: %s failed: %s", self.network, self.key, what, failure)
        raise failure

    def _json(self, method: str, url: str, *, what: str, creates_post: bool = False, **kwargs: Any) -> dict[str, Any]:
        """`_request` for an answer that is a JSON object."""
        response = self._request(method, url, what=what, creates_post=creates_post, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise self.transient(f"{what} answered {response.status_code} without JSON", status=response.status_code,
                                 may_have_published=creates_post) from None
        return body

    def _failure(self, response: requests.Response, *, creates_post: bool) -> ChannelError:
        message = self._error_message(response)
        status = response.status_code
        if status == 429:
            return self.transient(message, status=status, retry_after=self._retry_after(response))
        if status >= 500 or status == 408:
            return self.transient(message, status=status, may_have_published=creates_post and status >= 500)
        return self.permanent(message, status=status)

    def _error_message(self, response: requests.Response) -> str:
        """The network's own words; subclasses read their error format."""
        return response.reason or f"HTTP {response.status_code}"

    def _retry_after(self, response: requests.Response) -> float | None:
        return retry_after_header(response)

    def __del__(self) -> None:
        http = getattr(self, "_http", None)
        if http is not None:
            http.close()


def json_or_empty(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def retry_after_header(response: requests.Response) -> float | None:
    """Seconds from a `Retry-After` header (seconds or an HTTP date)."""
    header = response.headers.get("Retry-After")
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        try:
            return max(0.0, parsedate_to_datetime(header).timestamp() - time.time())
        except (TypeError, ValueError):
            return None


def seconds_until(epoch: str | None) -> float | None:
    """Seconds from now until a reset time given in epoch seconds (X's `x-rate-limit-reset`)."""
    try:
        return max(0.0, float(epoch) - time.time()) if epoch else None
    except ValueError:
        return None
