"""Bluesky, through the three documented XRPC calls, with `requests`.

Why not the `atproto` SDK: publishing needs three HTTP calls (com.atproto.server.createSession,
com.atproto.repo.uploadBlob, com.atproto.repo.createRecord). atproto 0.0.73 would add fourteen packages to
the project (cryptography, cffi, libipld, zstandard, websockets, dnspython, httpx, anyio, click, …, several
of them compiled) for code we would use a twentieth of, and it is still a 0.0.x release whose API moves.
`requests` is already locked (Wagtail and Mastodon.py need it), so this module adds nothing. The record's
shape follows the app.bsky.feed.post lexicon: `text`, `createdAt`, `langs`, link `facets` whose indexes are
UTF-8 byte offsets (not characters: "ż" is two bytes), and an `app.bsky.embed.images` embed with `alt` and
`aspectRatio` per image.

Credentials: `identifier` (the handle or DID) and `app_password` (an app password, never the account's
main password). Optional: `service` (the PDS, default https://bsky.social), `web_url` (for the post's
address, default https://bsky.app), `timeout` in seconds (default 30).

Exactly once: Bluesky has no idempotency key (a record key chosen by the client is refused for posts).
Failures before createRecord are safe to retry. When createRecord itself gets no answer or a 5xx, the post
may exist: the error says so (`may_have_published=True`) and the outbox asks a person instead of retrying.
"""

from __future__ import annotations

import io
import logging
import re
import time
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests

from .base import Adapter, ChannelError, Metrics, Post, PostImage, Published, Secret

logger = logging.getLogger(__name__)

MAX_IMAGE_BYTES = 1_000_000  # app.bsky.embed.images#image: maxSize
MAX_IMAGES = 4
LINK = re.compile(r"https?://[^\s<>\"]+")
TRAILING_PUNCTUATION = ".,;:!?)]}'\u201d\u00bb"


def link_facets(text: str) -> list[dict[str, Any]]:
    """app.bsky.richtext.facet#link facets for every http(s) link in `text`, indexed in UTF-8 bytes."""
    facets = []
    for match in LINK.finditer(text):
        url = match.group().rstrip(TRAILING_PUNCTUATION)
        start = len(text[: match.start()].encode("utf-8"))
        facets.append({
            "index": {"byteStart": start, "byteEnd": start + len(url.encode("utf-8"))},
            "features": [{"$type": "app.bsky.richtext.facet#link", "uri": url}],
        })
    return facets


def _aspect_ratio(image: PostImage) -> dict[str, int] | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(image.data)) as opened:
            width, height = opened.size
    except (UnidentifiedImageError, OSError):
        return None
    return {"width": width, "height": height}


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class BlueskyAdapter(Adapter):
    network = "bluesky"
    required_fields = frozenset({"identifier", "app_password"})
    secret_fields = frozenset({"app_password"})

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._service = self._settings.get("service", "https://bsky.social").rstrip("/")
        self._web_url = self._settings.get("web_url", "https://bsky.app").rstrip("/")
        self._timeout = float(self._settings.get("timeout", 30))
        self._http = requests.Session()
        self._http.headers["User-Agent"] = "Dialog (civic-dialogue publishing)"
        self._session: dict[str, Any] | None = None  # did, handle; the JWTs are kept as secrets

    def publish(self, post: Post) -> Published:
        if len(post.images) > MAX_IMAGES:
            raise self.permanent(f"Bluesky takes at most {MAX_IMAGES} images, this post has {len(post.images)}")
        for image in post.images:
            if len(image.data) > MAX_IMAGE_BYTES:
                raise self.permanent(f"{image.filename} is larger than {MAX_IMAGE_BYTES} bytes, the most Bluesky takes")
        session = self._ensure_session()
        text = post.text_with_link()
        record: dict[str, Any] = {"$type": "app.bsky.feed.post", "text": text, "createdAt": _now(), "langs": [post.language]}
        facets = link_facets(text)
        if facets:
            record["facets"] = facets
        if post.images:
            record["embed"] = {"$type": "app.bsky.embed.images", "images": [self._embedded(image) for image in post.images]}
        created = self._call("com.atproto.repo.createRecord", json={
            "repo": session["did"], "collection": "app.bsky.feed.post", "record": record,
        }, creates_post=True)
        uri = created["uri"]
        published = Published(external_id=uri, url=f"{self._web_url}/profile/{session['handle']}/post/{uri.rsplit('/', 1)[-1]}")
        logger.info("Bluesky channel %s: published %s", self.key, uri)
        return published

    def fetch_metrics(self, external_id: str) -> Metrics:
        """Likes, reposts, quotes and replies of the post (app.bsky.feed.getPosts); Bluesky counts no views or clicks."""
        self._ensure_session()
        posts = self._call("app.bsky.feed.getPosts", params={"uris": external_id}).get("posts") or []
        if not posts:
            raise self.permanent(f"The post {external_id} no longer exists", status=404)
        counts = (posts[0].get(name) or 0 for name in ("likeCount", "repostCount", "quoteCount", "replyCount"))
        return Metrics(reactions=sum(counts))

    def _ensure_session(self) -> dict[str, Any]:
        if self._session is None:
            answer = self._call("com.atproto.server.createSession", json={
                "identifier": self._settings["identifier"], "password": self._secrets["app_password"].reveal(),
            }, authenticated=False)
            self._secrets["access_jwt"] = Secret(answer["accessJwt"])
            if answer.get("refreshJwt"):
                self._secrets["refresh_jwt"] = Secret(answer["refreshJwt"])
            self._session = {"did": answer["did"], "handle": answer.get("handle") or answer["did"]}
        return self._session

    def _embedded(self, image: PostImage) -> dict[str, Any]:
        blob = self._call("com.atproto.repo.uploadBlob", data=image.data, content_type=image.mime_type)["blob"]
        embedded: dict[str, Any] = {"image": blob, "alt": image.alt_text}
        ratio = _aspect_ratio(image)
        if ratio:
            embedded["aspectRatio"] = ratio
        return embedded

    def _call(self, method: str, *, json: dict | None = None, data: bytes | None = None, content_type: str | None = None,
              params: dict | None = None, authenticated: bool = True, creates_post: bool = False) -> dict[str, Any]:
        """A procedure (POST) or, with `params`, a query (GET) of the XRPC API."""
        headers = {}
        if authenticated:
            headers["Authorization"] = f"Bearer {self._secrets['access_jwt'].reveal()}"
        if content_type:
            headers["Content-Type"] = content_type
        try:
            if params is not None:
                response = self._http.get(f"{self._service}/xrpc/{method}", params=params, headers=headers, timeout=self._timeout)
            else:
                response = self._http.post(f"{self._service}/xrpc/{method}", json=json, data=data, headers=headers,
                                           timeout=self._timeout)
        except requests.RequestException as error:
            failure = self.transient(f"{type(error).__name__}: {error}", may_have_published=creates_post)
            logger.warning("Bluesky channel %s: %s failed: %s", self.key, method, failure)
            raise failure from None
        if response.ok:
            try:
                return response.json()
            except ValueError:
                raise self.transient(f"{method} answered {response.status_code} without JSON",
                                     status=response.status_code, may_have_published=creates_post) from None
        failure = self._failure(method, response, creates_post=creates_post)
        logger.warning("Bluesky channel %s: %s failed: %s", self.key, method, failure)
        raise failure

    def _failure(self, method: str, response: requests.Response, *, creates_post: bool) -> ChannelError:
        try:
            body = response.json()
        except ValueError:
            body = {}
        if not isinstance(body, dict):
            body = {}
        code, text = body.get("error"), body.get("message")
        message = f"{code}: {text}" if code and text else str(text or code or response.reason or f"HTTP {response.status_code}")
        status = response.status_code
        if status == 429:
            return self.transient(message, status=status, retry_after=_retry_after(response))
        if status >= 500 or status == 408:
            return self.transient(message, status=status, may_have_published=creates_post and status >= 500)
        if code == "ExpiredToken":
            self._session = None
            return self.transient(message, status=status)
        return self.permanent(message, status=status)

    def __del__(self) -> None:
        http = getattr(self, "_http", None)
        if http is not None:
            http.close()


def _retry_after(response: requests.Response) -> float | None:
    """Seconds to wait: `Retry-After` (seconds or a date) or the rate limit's `RateLimit-Reset` (epoch seconds)."""
    header = response.headers.get("Retry-After")
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            try:
                return max(0.0, parsedate_to_datetime(header).timestamp() - time.time())
            except (TypeError, ValueError):
                pass
    reset = response.headers.get("RateLimit-Reset")
    if reset:
        try:
            return max(0.0, float(reset) - time.time())
        except ValueError:
            return None
    return None
