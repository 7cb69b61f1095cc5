"""LinkedIn's versioned REST API as documented (learn.microsoft.com/linkedin/marketing/community-management).

- Every call needs `LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0` and the bearer token.
- POST /rest/images?action=initializeUpload `{"initializeUploadRequest": {"owner"}}` →
  `{"value": {"uploadUrlExpiresAt", "uploadUrl", "image"}}`; PUT uploadUrl with the file → 201.
- POST /rest/posts → 201, empty body, `x-restli-id: urn:li:share:…`; a post repeating the commentary of an
  earlier one is refused with 422 as LinkedIn refuses duplicates.
- GET /rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity=…&shares=List(…)
  → `{"elements": [{"totalShareStatistics": {…}}]}`.
- Errors `{"status", "serviceErrorCode", "code", "message"}`; `rate_limited()` prepares the daily-throttle 429.
"""

from __future__ import annotations

import re
from itertools import count

from .fake_http import Answer, RecordedRequest
from .fake_rest import FakeApi

ORGANIZATION = "urn:li:organization:5515715"


class FakeLinkedIn(FakeApi):
    def __init__(self, *, access_token: str = "AQVfakeLinkedInToken93kd", version: str = "202610") -> None:
        super().__init__()
        self.access_token = access_token
        self.version = version
        self.images: dict[str, bytes | None] = {}
        self.posts: dict[str, dict] = {}
        self.statistics: dict[str, dict] = {}
        self._ids = count(7_140_000_000_000_000_001)

    def rate_limited(self, path: str = "/rest/posts") -> None:
        self.fail_next(path, Answer(429, {"status": 429, "message":
                                          "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."}))

    def route(self, request: RecordedRequest) -> Answer:
        if request.method == "PUT" and request.path.startswith("/upload/"):
            return self._upload(request)
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return Answer(401, {"status": 401, "serviceErrorCode": 65600, "code": "INVALID_ACCESS_TOKEN",
                                "message": "Invalid access token"})
        if not re.fullmatch(r"\d{6}", request.headers.get("linkedin-version", "")):
            return Answer(400, {"status": 400, "code": "VERSION_MISSING", "message":
                                "A version must be present. Please specify a version by adding the LinkedIn-Version header."})
        if request.headers.get("x-restli-protocol-version") != "2.0.0":
            return Answer(400, {"status": 400, "message": "Restli protocol version 2.0.0 is required"})
        if request.method == "POST" and request.path == "/rest/images" and request.query.get("action") == ["initializeUpload"]:
            return self._initialize(request)
        if request.method == "POST" and request.path == "/rest/posts":
            return self._create(request)
        if request.method == "GET" and request.path == "/rest/organizationalEntityShareStatistics":
            return self._statistics(request)
        return Answer(404, {"status": 404, "message": "Not Found"})

    def _initialize(self, request: RecordedRequest) -> Answer:
        owner = (request.json().get("initializeUploadRequest") or {}).get("owner")
        if owner != ORGANIZATION:
            return Answer(403, {"status": 403, "serviceErrorCode": 100, "code": "ACCESS_DENIED",
                                "message": f"Not enough permissions to access: owner {owner}"})
        image_id = f"D4E10AQ{next(self._ids)}"
        self.images[f"urn:li:image:{image_id}"] = None
        return Answer(200, {"value": {"uploadUrlExpiresAt": 1_900_000_000_000, "uploadUrl": f"{self.base_url}/upload/{image_id}",
                                      "image": f"urn:li:image:{image_id}"}})

    def _upload(self, request: RecordedRequest) -> Answer:
        urn = f"urn:li:image:{request.path.rsplit('/', 1)[-1]}"
        if urn not in self.images or request.headers.get("authorization") != f"Bearer {self.access_token}":
            return Answer(401, {"status": 401, "message": "Upload not authorised"})
        self.images[urn] = request.body
        return Answer(201)

    def _create(self, request: RecordedRequest) -> Answer:
        body = request.json()
        for field in ("author", "commentary", "visibility", "distribution", "lifecycleState"):
            if field not in body:
                return Answer(422, {"status": 422, "message": f"/{field} :: field is required but not found and has no default value"})
        if body["author"] != ORGANIZATION:
            return Answer(403, {"status": 403, "code": "ACCESS_DENIED", "message": "Not enough permissions to post as the author"})
        content = body.get("content") or {}
        images = [content["media"]] if "media" in content else (content.get("multiImage") or {}).get("images", [])
        for image in images:
            if self.images.get(image.get("id")) is None:
                return Answer(422, {"status": 422, "message": f"/content/media/id :: {image.get('id')} is not an uploaded image"})
        if "multiImage" in content and len(images) < 2:
            return Answer(422, {"status": 422, "message": "/content/multiImage/images :: must have at least 2 images"})
        for earlier_urn, earlier in self.posts.items():
            if earlier["commentary"] == body["commentary"]:
                return Answer(422, {"status": 422, "message": f"Content is a duplicate of {earlier_urn}"})
        urn = f"urn:li:share:{next(self._ids)}"
        self.posts[urn] = body
        return Answer(201, None, {"x-restli-id": urn})

    def _statistics(self, request: RecordedRequest) -> Answer:
        if request.query.get("q") != ["organizationalEntity"] or request.query.get("organizationalEntity") != [ORGANIZATION]:
            return Answer(400, {"status": 400, "message": "Invalid query parameters"})
        shares = re.fullmatch(r"List\((.*)\)", (request.query.get("shares") or [""])[0])
        if not shares:
            return Answer(400, {"status": 400, "message": "shares must be a List"})
        elements = [{"organizationalEntity": ORGANIZATION, "share": urn, "totalShareStatistics": {
            "uniqueImpressionsCount": 0, "shareCount": 0, "engagement": 0.0, "clickCount": 0, "likeCount": 0,
            "impressionCount": 0, "commentCount": 0, **self.statistics.get(urn, {})}}
            for urn in shares.group(1).split(",") if urn in self.posts]
        return Answer(200, {"elements": elements, "paging": {"count": 10, "start": 0, "links": []}})
