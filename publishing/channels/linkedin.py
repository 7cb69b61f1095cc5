"""LinkedIn (an organisation page), through the versioned REST Posts API with `requests`.

Documented calls (https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api,
https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api,
https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format,
https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics,
https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling); every call carries
`LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0`:

- images: POST /rest/images?action=initializeUpload `{"initializeUploadRequest": {"owner"}}` →
  `{"value": {"uploadUrl", "image"}}`, then PUT the file to `uploadUrl` (with the same bearer token);
- POST /rest/posts `{"author", "commentary", "visibility": "PUBLIC", "distribution", "lifecycleState":
  "PUBLISHED", "content"}` → 201 with an empty body; the post's URN is the `x-restli-id` header. `content` is
  `media` (one image with `altText`), `multiImage` (2–20), or an `article` card for a link without images.
  `commentary` is "little" text: the reserved characters `\\ | { } @ [ ] ( ) < > # * _ ~` are escaped outside
  links, or LinkedIn cuts the text at the first of them;
- results (organisation authors only): GET /rest/organizationalEntityShareStatistics?q=organizationalEntity
  → `totalShareStatistics`: unique impressions (reach), likes + comments + shares (reactions), clicks.

Errors are `{"status", "serviceErrorCode", "code", "message"}`: 401 (expired or revoked token) and 403
(missing permission) permanent, 422 (e.g. a duplicate post) permanent, 429 (daily throttle) transient, 5xx
transient.

Credentials: `author` (the page's URN, `urn:li:organization:<id>`), `access_token` (a 3-legged token of a page
administrator with `w_organization_social` and `r_organization_social`) and `linkedin_version` (YYYYMM: LinkedIn
retires each version after a year, so it is set, not guessed). Optional: `api_url` (default
https://api.linkedin.com), `timeout`.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote

import requests

from .base import Metrics, Post, PostImage, Published
from .rest import HttpAdapter, json_or_empty

logger = logging.getLogger(__name__)

MAX_IMAGES = 20
RESERVED = re.compile(r"([\\|{}@\[\]()<>#*_~])")
LINK = re.compile(r"https?://\S+")


def little_text(text: str) -> str:
    """`text` as plain "little" text: reserved characters escaped, links left as they are so they stay links."""
    parts, position = [], 0
    for match in LINK.finditer(text):
        parts += [RESERVED.sub(r"\\\1", text[position:match.start()]), match.group()]
        position = match.end()
    parts.append(RESERVED.sub(r"\\\1", text[position:]))
    return "".join(parts)


class LinkedInAdapter(HttpAdapter):
    network = "linkedin"
    required_fields = frozenset({"author", "access_token", "linkedin_version"})
    secret_fields = frozenset({"access_token"})
    default_api_url = "https://api.linkedin.com"

    def _request(self, method: str, url: str, **kwargs) -> requests.Response:
        headers = {"LinkedIn-Version": self._settings["linkedin_version"], "X-Restli-Protocol-Version": "2.0.0",
                   **(kwargs.pop("headers", None) or {})}
        return super()._request(method, url, headers=headers, **kwargs)

    def publish(self, post: Post) -> Published:
        if len(post.images) > MAX_IMAGES:
            raise self.permanent(f"LinkedIn takes at most {MAX_IMAGES} images, this post has {len(post.images)}")
        author = self._settings["author"]
        images = [{"id": self._upload(author, image), "altText": image.alt_text} for image in post.images]
        body: dict = {
            "author": author, "commentary": little_text(post.text_with_link() if images else post.text),
            "visibility": "PUBLIC", "lifecycleState": "PUBLISHED", "isReshareDisabledByAuthor": False,
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
        }
        if len(images) == 1:
            body["content"] = {"media": images[0]}
        elif images:
            body["content"] = {"multiImage": {"images": images}}
        elif post.link_url:
            body["content"] = {"article": {"source": post.link_url, "title": post.title or post.link_url}}
        response = self._request("POST", "/rest/posts", what="POST /rest/posts", creates_post=True, json=body)
        urn = response.headers.get("x-restli-id")
        if not urn:
            raise self.transient("POST /rest/posts answered without the post's id", status=response.status_code,
                                 may_have_published=True)
        logger.info("LinkedIn channel %s: published %s", self.key, urn)
        return Published(external_id=urn, url=f"https://www.linkedin.com/feed/update/{urn}/")

    def fetch_metrics(self, external_id: str) -> Metrics | None:
        author = self._settings["author"]
        if not author.startswith("urn:li:organization:"):
            return None  # LinkedIn gives share statistics only for organisation pages
        kind = "ugcPosts" if external_id.startswith("urn:li:ugcPost:") else "shares"
        query = (f"q=organizationalEntity&organizationalEntity={quote(author, safe='')}"
                 f"&{kind}=List({quote(external_id, safe='')})")
        answer = self._json("GET", f"/rest/organizationalEntityShareStatistics?{query}", what="share statistics")
        elements = answer.get("elements") or []
        if not elements:
            raise self.permanent(f"LinkedIn has no statistics for {external_id}", status=404)
        totals = elements[0].get("totalShareStatistics") or {}
        return Metrics(reach=totals.get("uniqueImpressionsCount"), clicks=totals.get("clickCount"),
                       reactions=sum(totals.get(name) or 0 for name in ("likeCount", "commentCount", "shareCount")))

    def _upload(self, author: str, image: PostImage) -> str:
        answer = self._json("POST", "/rest/images?action=initializeUpload", what="initializeUpload",
                            json={"initializeUploadRequest": {"owner": author}})
        value = answer.get("value") or {}
        if not value.get("uploadUrl") or not value.get("image"):
            raise self.transient("initializeUpload answered without an upload address")
        self._request("PUT", value["uploadUrl"], what="image upload", data=image.data,
                      headers={"Content-Type": "application/octet-stream"})
        return value["image"]

    def _error_message(self, response: requests.Response) -> str:
        body = json_or_empty(response)
        message, code = body.get("message"), body.get("code") or body.get("serviceErrorCode")
        if message:
            return f"{message} ({code})" if code else str(message)
        return super()._error_message(response)
