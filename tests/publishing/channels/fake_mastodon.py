"""A Mastodon instance as its API documentation describes it (docs.joinmastodon.org/methods/).

- GET /api/v1/instance, GET /api/v2/instance: what Mastodon.py reads to learn the version.
- POST /api/v2/media: multipart `file` and `description` → a MediaAttachment (200 with `url` when processed
  at once, as images are; 202 with `url: null` when `process_async` is set, then GET /api/v1/media/:id
  answers 206 until it is ready).
- POST /api/v1/statuses: form fields `status`, `media_ids[]`, `visibility`, `language`; the
  `Idempotency-Key` header makes a repeated request return the first status instead of a new one.
- Errors as Mastodon sends them: 401 `{"error": "The access token is invalid"}`, 422 `{"error": "Validation
  failed: …"}`; `rate_limited()` and `unavailable()` prepare a 429 with the X-RateLimit-* headers and a 503.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import count

from .fake_http import Answer, FakeNetwork, RecordedRequest

TOKEN_INVALID = {"error": "The access token is invalid"}
TEXT_LIMIT = 500


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class FakeMastodon(FakeNetwork):
    def __init__(self, *, access_token: str = "fake-mastodon-token-5b1d9", version: str = "4.3.0") -> None:
        super().__init__()
        self.access_token = access_token
        self.version = version
        self.process_async = False
        self.media: dict[str, dict] = {}
        self.statuses: dict[str, dict] = {}
        self.by_idempotency_key: dict[str, str] = {}
        self._ids = count(110_000_000_000_000_001)
        self._polls: dict[str, int] = {}

    # -- prepared failures

    def rate_limited(self, path: str = "/api/v1/statuses", *, reset_in: int = 120) -> None:
        reset = (datetime.now(UTC) + timedelta(seconds=reset_in)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
        self.fail_next(path, Answer(429, {"error": "Too many requests"}, {
            "X-RateLimit-Limit": "300", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}))

    def unavailable(self, path: str = "/api/v1/statuses") -> None:
        self.fail_next(path, Answer(503, "<html><body><h1>503 Service Unavailable</h1></body></html>"))

    # -- routes

    def route(self, request: RecordedRequest) -> Answer:
        if request.method == "GET" and request.path == "/api/v1/instance":
            return Answer(200, {"uri": "fake.example", "title": "Fake Mastodon", "version": self.version})
        if request.method == "GET" and request.path == "/api/v2/instance":
            return Answer(200, {"domain": "fake.example", "title": "Fake Mastodon", "version": self.version,
                                "api_versions": {"mastodon": 2}})
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return Answer(401, TOKEN_INVALID)
        if request.method == "POST" and request.path == "/api/v2/media":
            return self._upload(request)
        if request.method == "GET" and request.path.startswith("/api/v1/media/"):
            return self._poll(request.path.rsplit("/", 1)[-1])
        if request.method == "POST" and request.path == "/api/v1/statuses":
            return self._post_status(request)
        if request.method == "GET" and request.path.startswith("/api/v1/statuses/"):
            status = self.statuses.get(request.path.rsplit("/", 1)[-1])
            return Answer(200, status) if status else Answer(404, {"error": "Record not found"})
        return Answer(404, {"error": "Record not found"})

    def _upload(self, request: RecordedRequest) -> Answer:
        upload = request.files.get("file")
        if upload is None:
            return Answer(422, {"error": "Validation failed: File can't be blank"})
        if not upload.content_type.startswith(("image/", "video/", "audio/")):
            return Answer(422, {"error": "Validation failed: File content type is invalid"})
        media_id = str(next(self._ids))
        processed = not self.process_async
        attachment = {
            "id": media_id, "type": "image", "url": f"{self.base_url}/system/media/{media_id}.png" if processed else None,
            "preview_url": f"{self.base_url}/system/media/{media_id}_small.png", "remote_url": None,
            "text_url": None, "meta": {}, "description": (request.form.get("description") or [None])[0], "blurhash": None,
        }
        self.media[media_id] = attachment | {"_data": upload.data, "_filename": upload.filename}
        if not processed:
            self._polls[media_id] = 1  # one 206 before it is ready
        return Answer(200 if processed else 202, attachment)

    def _poll(self, media_id: str) -> Answer:
        if media_id not in self.media:
            return Answer(404, {"error": "Record not found"})
        public = {key: value for key, value in self.media[media_id].items() if not key.startswith("_")}
        if self._polls.get(media_id, 0) > 0:
            self._polls[media_id] -= 1
            return Answer(206, public)
        public["url"] = self.media[media_id]["url"] = f"{self.base_url}/system/media/{media_id}.png"
        return Answer(200, public)

    def _post_status(self, request: RecordedRequest) -> Answer:
        key = request.headers.get("idempotency-key")
        if key and key in self.by_idempotency_key:
            return Answer(200, self.statuses[self.by_idempotency_key[key]])
        text = (request.form.get("status") or [""])[0]
        media_ids = request.form.get("media_ids[]", [])
        if not text.strip() and not media_ids:
            return Answer(422, {"error": "Validation failed: Text can't be blank"})
        if len(text) > TEXT_LIMIT:
            return Answer(422, {"error": f"Validation failed: Text character limit of {TEXT_LIMIT} exceeded"})
        if len(media_ids) > 4:
            return Answer(422, {"error": "Validation failed: Media attachments can't be more than 4"})
        for media_id in media_ids:
            if media_id not in self.media:
                return Answer(422, {"error": "Validation failed: Media attachments are invalid"})
            if self.media[media_id]["url"] is None:
                return Answer(422, {"error": "Cannot attach files that have not finished processing. Try again in a moment!"})
        status_id = str(next(self._ids))
        status = {
            "id": status_id, "created_at": _now(), "uri": f"{self.base_url}/users/dialog/statuses/{status_id}",
            "url": f"{self.base_url}/@dialog/{status_id}", "content": f"<p>{text}</p>",
            "visibility": (request.form.get("visibility") or ["public"])[0],
            "language": (request.form.get("language") or [None])[0], "sensitive": False, "spoiler_text": "",
            "media_attachments": [{key: value for key, value in self.media[media_id].items() if not key.startswith("_")}
                                  for media_id in media_ids],
            "account": {"id": "1", "username": "dialog", "acct": "dialog", "url": f"{self.base_url}/@dialog"},
            "replies_count": 0, "reblogs_count": 0, "favourites_count": 0,
        }
        self.statuses[status_id] = status
        if key:
            self.by_idempotency_key[key] = status_id
        return Answer(200, status)
