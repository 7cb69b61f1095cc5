"""What Meta's Graph APIs share: Facebook Page, Instagram and Threads speak the same dialect.

- Errors (https://developers.facebook.com/docs/graph-api/guides/error-handling) are
  `{"error": {"message", "type", "code", "error_subcode", "fbtrace_id", "is_transient"}}`, usually with HTTP
  400 or 403 whatever the cause, so they are told apart by `code`: 4, 17, 32, 613 and the business-use-case
  codes 80000–80014 (80001 Pages, 80002 Instagram) are rate limits, 1 and 2 (and `is_transient`) temporary
  trouble – both transient; 190 (token expired or revoked), 10 and 200–299 (permission), 100 (bad
  parameter), 368 (blocked for a policy), 506 (duplicate post) are permanent. The wait after a rate limit
  is the `estimated_time_to_regain_access` (minutes) of the X-Business-Use-Case-Usage header
  (https://developers.facebook.com/docs/graph-api/overview/rate-limiting).
- The token goes in the `Authorization: Bearer` header, not as the documented `access_token` parameter:
  the Graph API takes both, and a header never reaches a URL in a log.
- Insights (`/{object-id}/insights?metric=…`) answer `{"data": [{"name", "period", "values": [{"value"}]}]}`.
- Instagram and Threads publish in two steps: a media container (one per image of a carousel, then the
  carousel's), then `…_publish` with `creation_id`. Only that last call creates a post (`creates_post`).
  They fetch each image themselves from a public URL ("We cURL media used in publishing attempts, so the
  media must be hosted on a publicly accessible server"), so `public_image_url` stores the rendition the
  publisher gives in the default (media) storage under `channel-images/<sha256>.<ext>` and hands the
  network its absolute address: the storage's URL, prefixed with `public_base_url` (default
  WAGTAILADMIN_BASE_URL, the portal's public address) when the storage gives a path.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mimetypes
import time
from datetime import datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urljoin

import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .base import ChannelError, Post, PostImage, Published
from .rest import HttpAdapter, json_or_empty

logger = logging.getLogger(__name__)

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613})
BUSINESS_USE_CASE_LIMITS = range(80000, 80015)
TEMPORARY_CODES = frozenset({1, 2})
PUBLIC_IMAGE_DIR = "channel-images"


def count(value: Any) -> int | None:
    """An insights value as one number: reactions come as `{"like": 3, "love": 1}`."""
    if isinstance(value, dict):
        return sum(int(part or 0) for part in value.values())
    return None if value is None else int(value)


class GraphAdapter(HttpAdapter):
    def _graph(self, method: str, path: str, *, what: str | None = None, creates_post: bool = False,
               **kwargs: Any) -> dict[str, Any]:
        return self._json(method, path, what=what or f"{method} {path}", creates_post=creates_post, **kwargs)

    def _created_id(self, answer: dict[str, Any], what: str, *, creates_post: bool = False) -> str:
        if not answer.get("id"):
            raise self.transient(f"{what} answered without an id", may_have_published=creates_post)
        return str(answer["id"])

    def _insights(self, object_id: str, metrics: list[str]) -> dict[str, Any]:
        answer = self._graph("GET", f"/{object_id}/insights", what="insights", params={"metric": ",".join(metrics)})
        values: dict[str, Any] = {}
        for item in answer.get("data") or []:
            if "total_value" in item:
                values[item["name"]] = (item["total_value"] or {}).get("value")
            elif item.get("values"):
                values[item["name"]] = item["values"][-1].get("value")
        return values

    def _failure(self, response: requests.Response, *, creates_post: bool) -> ChannelError:
        error = json_or_empty(response).get("error")
        if not isinstance(error, dict):  # a proxy's HTML page: the HTTP rule
            return super()._failure(response, creates_post=creates_post)
        status = response.status_code
        try:
            code = int(error.get("code") or 0)
        except (TypeError, ValueError):
            code = 0
        message = _error_text(error, code)
        if code in RATE_LIMIT_CODES or code in BUSINESS_USE_CASE_LIMITS or status == 429:
            return self.transient(message, status=status, retry_after=_regain_access(response))
        if status >= 500 or code in TEMPORARY_CODES or error.get("is_transient"):
            return self.transient(message, status=status, may_have_published=creates_post)
        return self.permanent(message, status=status)

    def _public_url(self, image: PostImage) -> str:
        base_url = self._settings.get("public_base_url") or settings.WAGTAILADMIN_BASE_URL
        try:
            return public_image_url(image, base_url=base_url)
        except OSError as error:  # the media storage is down: nothing was sent yet
            raise self.transient(f"{image.filename} could not be stored for the network to fetch: {type(error).__name__}") from None


def _error_text(error: dict[str, Any], code: int) -> str:
    subcode = error.get("error_subcode")
    reference = f"#{code}" + (f"/{subcode}" if subcode else "")
    text = str(error.get("message") or error.get("type") or "Graph API error")
    if error.get("error_user_msg"):
        text = f"{text} {error['error_user_msg']}"
    if error.get("fbtrace_id"):
        reference += f", fbtrace_id {error['fbtrace_id']}"
    return f"{text} ({reference})"


def _regain_access(response: requests.Response) -> float | None:
    """Minutes until access returns, from X-Business-Use-Case-Usage (`{business id: [{…}]}`), in seconds."""
    try:
        usage = json.loads(response.headers.get("X-Business-Use-Case-Usage") or "{}")
        minutes = [entry.get("estimated_time_to_regain_access") or 0
                   for entries in usage.values() for entry in entries if isinstance(entry, dict)]
    except (ValueError, AttributeError, TypeError):
        return None
    return max(minutes) * 60.0 if minutes else None


def public_image_url(image: PostImage, *, base_url: str) -> str:
    """The image at a public address a network can fetch: stored once per content in the default storage."""
    extension = mimetypes.guess_extension(image.mime_type) or ""
    name = f"{PUBLIC_IMAGE_DIR}/{hashlib.sha256(image.data).hexdigest()}{extension}"
    if not default_storage.exists(name):
        name = default_storage.save(name, ContentFile(image.data))
    url = default_storage.url(name)
    return url if url.startswith(("http://", "https://")) else urljoin(base_url.rstrip("/") + "/", url.lstrip("/"))


def purge_public_images(*, now: datetime) -> int:
    """Delete the images stored for networks to fetch (`public_image_url`) more than DIALOG_CHANNEL_IMAGE_DAYS ago.

    A network fetches an image while its post is made, so an old copy serves nobody; an image posted again after that
    is simply stored again. Run by the periodic job `channel_images`; returns how many files went.
    """
    try:
        _folders, names = default_storage.listdir(PUBLIC_IMAGE_DIR)
    except FileNotFoundError:
        return 0
    cutoff = now - timedelta(days=settings.DIALOG_CHANNEL_IMAGE_DAYS)
    removed = 0
    for name in names:
        path = f"{PUBLIC_IMAGE_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed


class ContainerAdapter(GraphAdapter):
    """Instagram and Threads: a container per image, a carousel container, then `…_publish`.

    Subclasses name the user-id field, the edges, the caption parameter, the container's status field and
    whether a post without an image exists (`text_type`).
    """

    user_field: ClassVar[str]
    container_edge: ClassVar[str]
    publish_edge: ClassVar[str]
    text_param: ClassVar[str]
    status_field: ClassVar[str]
    status_fields: ClassVar[str]  # what to read while waiting: the state and the reason of an error
    max_images: ClassVar[int]
    image_type: ClassVar[str | None]  # media_type of a single image (Instagram: none, an image is the default)
    text_type: ClassVar[str | None]  # media_type of a post without images; None: an image is required

    def publish(self, post: Post) -> Published:
        if not post.images and self.text_type is None:
            raise self.permanent(f"{self.network.capitalize()} publishes only posts with an image")
        if len(post.images) > self.max_images:
            raise self.permanent(f"{self.network.capitalize()} takes at most {self.max_images} images, "
                                 f"this post has {len(post.images)}")
        text = post.text_with_link()
        if not post.images:
            container = self._container({"media_type": self.text_type, self.text_param: text})
        elif len(post.images) == 1:
            container = self._container(self._image_fields(post.images[0]) | {self.text_param: text})
        else:
            children = [self._container(self._image_fields(image) | {"is_carousel_item": "true"})
                        for image in post.images]
            container = self._container({"media_type": "CAROUSEL", "children": ",".join(children), self.text_param: text})
        self._wait_until_finished(container)
        user = self._settings[self.user_field]
        what = f"POST /{self.publish_edge}"
        media_id = self._created_id(self._graph("POST", f"/{user}/{self.publish_edge}", what=what, creates_post=True,
                                                data={"creation_id": container}), what, creates_post=True)
        logger.info("%s channel %s: published %s", self.network, self.key, media_id)
        return Published(external_id=media_id, url=self._permalink(media_id))

    def _image_fields(self, image: PostImage) -> dict[str, str]:
        fields = {"image_url": self._public_url(image), "alt_text": image.alt_text}
        return fields | {"media_type": self.image_type} if self.image_type else fields

    def _container(self, fields: dict[str, str]) -> str:
        what = f"POST /{self.container_edge}"
        answer = self._graph("POST", f"/{self._settings[self.user_field]}/{self.container_edge}", what=what, data=fields)
        return self._created_id(answer, what)

    def _wait_until_finished(self, container: str) -> None:
        """Poll the container until the network has fetched and checked its media (documented as status fields)."""
        attempts = int(self._settings.get("container_poll_attempts", 10))
        interval = float(self._settings.get("container_poll_interval", 3))
        for attempt in range(attempts + 1):
            answer = self._graph("GET", f"/{container}", what="container status",
                                 params={"fields": self.status_fields})
            state = str(answer.get(self.status_field) or "")
            if state in {"FINISHED", "PUBLISHED"}:
                return
            if state in {"ERROR", "EXPIRED"}:
                detail = answer.get("error_message") or answer.get("status") or state
                raise self.permanent(f"The media container was refused: {detail}")
            if attempt < attempts:
                time.sleep(interval)
        raise self.transient(f"{self.network.capitalize()} has not finished processing the media")

    def _permalink(self, media_id: str) -> str:
        """The post's address; a failure here must not turn a published post into an error."""
        try:
            return str(self._graph("GET", f"/{media_id}", what="permalink", params={"fields": "permalink"}).get("permalink") or "")
        except ChannelError:
            return ""
