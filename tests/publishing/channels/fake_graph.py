"""Meta's Graph APIs – a Facebook Page, an Instagram professional account, a Threads profile – as documented.

One server, because the three speak one dialect: a version prefix (`/v24.0`, Threads `/v1.0`), form-encoded
POSTs that answer `{"id"}`, the token (here in `Authorization: Bearer`), and errors as
`{"error": {"message", "type", "code", "error_subcode", "fbtrace_id"}}`.

- Facebook: POST /{page-id}/photos (multipart `source`, `published`, `alt_text_custom`), POST /{page-id}/feed
  (`message`, `link`, `attached_media[i]`), GET /{post-id}/insights.
- Instagram: POST /{ig-user-id}/media (`image_url`, `caption`, `alt_text`, `is_carousel_item`, `media_type`,
  `children`), GET /{container-id}?fields=status_code, POST /{ig-user-id}/media_publish (`creation_id`).
- Threads: POST /{threads-user-id}/threads (`media_type` TEXT/IMAGE/CAROUSEL, `text`, `image_url`,
  `alt_text`, `is_carousel_item`, `children`), GET /{container-id}?fields=status, POST …/threads_publish.
- GET /{media-id}?fields=permalink and /{id}/insights?metric=… for every kind.

A container answers IN_PROGRESS `in_progress_polls` times before FINISHED; publishing one that is not
finished is refused as Instagram does (code 9007, subcode 2207027). `rate_limited()` prepares code 4 or a
business-use-case limit (80001/80002) with the X-Business-Use-Case-Usage header.
"""

from __future__ import annotations

import json
import re
import secrets
from itertools import count

from .fake_http import Answer, RecordedRequest
from .fake_rest import FakeApi

VERSION = re.compile(r"^/v\d+\.\d+(/.*)$")
PAGE_ID = "104829385710293"
IG_USER_ID = "17841405822304914"
THREADS_USER_ID = "7405822304914"
METRICS = {
    "facebook": {"post_impressions_unique", "post_clicks", "post_reactions_by_type_total"},
    "instagram": {"reach", "likes", "comments", "shares", "saved", "views", "total_interactions"},
    "threads": {"views", "likes", "replies", "reposts", "quotes", "shares"},
}


def graph_error(message: str, *, code: int, kind: str = "OAuthException", subcode: int | None = None,
                status: int = 400, headers: dict | None = None, **extra) -> Answer:
    error = {"message": message, "type": kind, "code": code, "fbtrace_id": "A" + secrets.token_hex(10)} | extra
    if subcode:
        error["error_subcode"] = subcode
    return Answer(status, {"error": error}, headers or {})


class FakeGraph(FakeApi):
    def __init__(self, *, access_token: str = "EAAFakePageToken4d9Xq1") -> None:
        super().__init__()
        self.access_token = access_token
        self.in_progress_polls = 0
        self.photos: dict[str, dict] = {}
        self.feed: dict[str, dict] = {}
        self.containers: dict[str, dict] = {}
        self.published: dict[str, dict] = {}  # Instagram and Threads media: the container's fields, kind
        self.insights: dict[str, dict] = {}  # per object id: metric → value
        self._ids = count(17_900_000_000_000_001)

    def url(self, version: str = "v24.0") -> str:
        return f"{self.base_url}/{version}"

    def rate_limited(self, path: str, *, code: int = 4, regain_minutes: int = 12) -> None:
        usage = {PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 10, "total_time": 10,
                            "estimated_time_to_regain_access": regain_minutes}]}
        message = ("(#4) Application request limit reached" if code == 4
                   else "(#80001) There have been too many calls to this Page account. Wait a bit and try again.")
        self.fail_next(path, graph_error(message, code=code, headers={"X-Business-Use-Case-Usage": json.dumps(usage)},
                                         is_transient=True, status=403 if code == 4 else 400))

    # -- routes

    def route(self, request: RecordedRequest) -> Answer:
        match = VERSION.match(request.path)
        if not match:
            return graph_error("Unknown path components", code=2500)
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return graph_error("Invalid OAuth access token - Cannot parse access token", code=190)
        parts = match.group(1).strip("/").split("/")
        form = {name: values[0] for name, values in request.form.items()}
        if request.method == "POST" and parts == [PAGE_ID, "photos"]:
            return self._photo(request, form)
        if request.method == "POST" and parts == [PAGE_ID, "feed"]:
            return self._feed(form)
        if request.method == "POST" and parts in ([IG_USER_ID, "media"], [THREADS_USER_ID, "threads"]):
            return self._container("instagram" if parts[0] == IG_USER_ID else "threads", form)
        if request.method == "POST" and parts in ([IG_USER_ID, "media_publish"], [THREADS_USER_ID, "threads_publish"]):
            return self._publish(form.get("creation_id", ""))
        if request.method == "GET" and len(parts) == 2 and parts[1] == "insights":
            return self._insights(parts[0], ",".join(request.query.get("metric", [])))
        if request.method == "GET" and len(parts) == 1:
            return self._read(parts[0], ",".join(request.query.get("fields", [])).split(","))
        return graph_error("Unsupported request - method type or path", code=100, kind="GraphMethodException")

    def _photo(self, request: RecordedRequest, form: dict) -> Answer:
        source = request.files.get("source")
        if source is None or not source.content_type.startswith("image/"):
            return graph_error("(#324) Requires upload file", code=324)
        photo_id = str(next(self._ids))
        self.photos[photo_id] = {"data": source.data, "published": form.get("published", "true"),
                                 "alt_text_custom": form.get("alt_text_custom")}
        return Answer(200, {"id": photo_id})

    def _feed(self, form: dict) -> Answer:
        attached = [json.loads(value)["media_fbid"] for name, value in sorted(form.items()) if name.startswith("attached_media[")]
        if not (form.get("message") or form.get("link") or attached):
            return graph_error("(#100) Missing message or attachment", code=100)
        for photo_id in attached:
            if photo_id not in self.photos or self.photos[photo_id]["published"] != "false":
                return graph_error(f"(#100) Invalid media_fbid {photo_id}", code=100)
        if any(post.get("message") == form.get("message") for post in self.feed.values()):
            return graph_error("(#506) Duplicate status message", code=506)
        post_id = f"{PAGE_ID}_{next(self._ids)}"
        self.feed[post_id] = form | {"attached": attached}
        return Answer(200, {"id": post_id})

    def _container(self, kind: str, form: dict) -> Answer:
        media_type = form.get("media_type", "IMAGE" if kind == "instagram" else "")
        text_field = "caption" if kind == "instagram" else "text"
        if kind == "threads" and media_type not in {"TEXT", "IMAGE", "VIDEO", "CAROUSEL"}:
            return graph_error("(#100) The parameter media_type is required", code=100)
        if media_type in {"IMAGE", ""} and not re.match(r"^https?://[^/]+/.+", form.get("image_url", "")):
            return graph_error("Media download has failed. The media URI doesn't meet our requirements.", code=9004,
                               subcode=2207052)
        if media_type == "TEXT" and (kind == "instagram" or not form.get("text")):
            return graph_error("(#100) The parameter text is required", code=100)
        if media_type == "CAROUSEL":
            children = form.get("children", "").split(",")
            limit = 10 if kind == "instagram" else 20
            if not 2 <= len(children) <= limit or any(
                    self.containers.get(child, {}).get("is_carousel_item") != "true" for child in children):
                return graph_error("(#100) Invalid children", code=100)
        if len(form.get(text_field, "")) > (2200 if kind == "instagram" else 500):
            return graph_error(f"(#100) The {text_field} is too long", code=100, subcode=2207006 if kind == "instagram" else None)
        container_id = str(next(self._ids))
        self.containers[container_id] = form | {"kind": kind, "media_type": media_type, "polls": self.in_progress_polls}
        return Answer(200, {"id": container_id})

    def _publish(self, creation_id: str) -> Answer:
        container = self.containers.get(creation_id)
        if container is None:
            return graph_error("(#100) Invalid parameter creation_id", code=100)
        if container["polls"] > 0:
            return graph_error("The media is not ready for publishing, please wait for a moment", code=9007,
                               subcode=2207027)
        if container.get("published"):
            return graph_error("(#100) The container was already published", code=100)
        container["published"] = True
        media_id = str(next(self._ids))
        self.published[media_id] = container
        return Answer(200, {"id": media_id})

    def _read(self, object_id: str, fields: list[str]) -> Answer:
        if object_id in self.containers:
            container = self.containers[object_id]
            if container["polls"] > 0:
                container["polls"] -= 1
                state = "IN_PROGRESS"
            else:
                state = "PUBLISHED" if container.get("published") else "FINISHED"
            field = "status_code" if container["kind"] == "instagram" else "status"
            return Answer(200, {"id": object_id, field: state} if field in fields else {"id": object_id})
        if object_id in self.published:
            host = "www.instagram.com/p" if self.published[object_id]["kind"] == "instagram" else "www.threads.net/@dialog/post"
            return Answer(200, {"id": object_id, "permalink": f"https://{host}/C{object_id[-8:]}/"})
        return graph_error(f"Unsupported get request. Object with ID '{object_id}' does not exist", code=100,
                           subcode=33, kind="GraphMethodException")

    def _insights(self, object_id: str, metric: str) -> Answer:
        kind = "facebook" if object_id in self.feed else self.published.get(object_id, {}).get("kind")
        if kind is None:
            return graph_error(f"Object with ID '{object_id}' does not exist", code=100, subcode=33)
        names = metric.split(",")
        unknown = [name for name in names if name not in METRICS[kind]]
        if unknown:
            return graph_error(f"(#100) metric[0] must be one of the following values: {', '.join(sorted(METRICS[kind]))}",
                               code=100)
        values = self.insights.get(object_id, {})
        return Answer(200, {"data": [
            {"name": name, "period": "lifetime", "values": [{"value": values.get(name, 0)}],
             "title": name, "id": f"{object_id}/insights/{name}/lifetime"} for name in names]})
