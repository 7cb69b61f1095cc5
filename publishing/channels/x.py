"""X (formerly Twitter), through the API v2 with `requests`.

Documented calls (https://docs.x.com/x-api/posts/create-post, https://docs.x.com/x-api/media/upload-media,
https://docs.x.com/x-api/media/create-media-metadata, https://docs.x.com/x-api/posts/get-post-by-id,
rate limits: https://docs.x.com/x-api/fundamentals/rate-limits):

- POST /2/media/upload, multipart `media` (the file) and `media_category=tweet_image` → `{"data": {"id", …}}`;
- POST /2/media/metadata `{"id", "metadata": {"alt_text": {"text"}}}` for each image's alt text;
- POST /2/tweets `{"text", "media": {"media_ids": [...]}}` → 201 `{"data": {"id", "text"}}`;
- GET /2/tweets/:id?tweet.fields=public_metrics,non_public_metrics for the results: reach is the impression
  count, reactions are likes, reposts, quotes and replies, clicks the link clicks (non-public metrics are
  given only to the author's token and for 30 days, which is how long Dialog reads them).

Errors are problem documents `{"title", "detail", "type", "status"}` (or `{"errors": [{"message"}]}`): 401
and 403 (a revoked token, a duplicate post) are permanent; 429 is transient and waits until the
`x-rate-limit-reset` epoch second; 5xx is transient.

Credentials: `access_token` – an OAuth 2.0 user-context token of the unit's account with the scopes
tweet.read, tweet.write, users.read and media.write. Optional: `username` (for the post's address; without
it the address is https://x.com/i/web/status/<id>), `api_url` (default https://api.x.com), `timeout`.
X's user tokens expire after two hours unless refreshed: whoever issues the token keeps it fresh.
"""

from __future__ import annotations

import logging

import requests

from .base import Metrics, Post, PostImage, Published
from .rest import HttpAdapter, json_or_empty, seconds_until

logger = logging.getLogger(__name__)

MAX_IMAGES = 4


class XAdapter(HttpAdapter):
    network = "x"
    required_fields = frozenset({"access_token"})
    secret_fields = frozenset({"access_token"})
    default_api_url = "https://api.x.com"

    def publish(self, post: Post) -> Published:
        if len(post.images) > MAX_IMAGES:
            raise self.permanent(f"X takes at most {MAX_IMAGES} images, this post has {len(post.images)}")
        body: dict = {"text": post.text_with_link()}
        media_ids = [self._upload(image) for image in post.images]
        if media_ids:
            body["media"] = {"media_ids": media_ids}
        created = self._json("POST", "/2/tweets", what="POST /2/tweets", creates_post=True, json=body)
        try:
            post_id = str(created["data"]["id"])
        except (KeyError, TypeError):
            raise self.transient("POST /2/tweets answered without the post's id", may_have_published=True) from None
        username = self._settings.get("username")
        url = f"https://x.com/{username}/status/{post_id}" if username else f"https://x.com/i/web/status/{post_id}"
        logger.info("X channel %s: published post %s", self.key, post_id)
        return Published(external_id=post_id, url=url)

    def fetch_metrics(self, external_id: str) -> Metrics:
        answer = self._json("GET", f"/2/tweets/{external_id}", what="GET /2/tweets/:id",
                            params={"tweet.fields": "public_metrics,non_public_metrics"})
        data = answer.get("data")
        if not isinstance(data, dict):  # a deleted post is a 200 with only "errors"
            raise self.permanent(_problem_text(answer) or f"The post {external_id} no longer exists", status=404)
        public = data.get("public_metrics") or {}
        private = data.get("non_public_metrics") or {}
        reactions = sum(public.get(name) or 0 for name in ("like_count", "retweet_count", "quote_count", "reply_count"))
        impressions = private.get("impression_count", public.get("impression_count"))
        return Metrics(reach=impressions, reactions=reactions, clicks=private.get("url_link_clicks"))

    def _upload(self, image: PostImage) -> str:
        uploaded = self._json("POST", "/2/media/upload", what="POST /2/media/upload",
                              files={"media": (image.filename, image.data, image.mime_type)},
                              data={"media_category": "tweet_image"})
        try:
            media_id = str(uploaded["data"]["id"])
        except (KeyError, TypeError):
            raise self.transient("POST /2/media/upload answered without the media id") from None
        self._request("POST", "/2/media/metadata", what="POST /2/media/metadata",
                      json={"id": media_id, "metadata": {"alt_text": {"text": image.alt_text}}})
        return media_id

    def _error_message(self, response: requests.Response) -> str:
        return _problem_text(json_or_empty(response)) or super()._error_message(response)

    def _retry_after(self, response: requests.Response) -> float | None:
        return seconds_until(response.headers.get("x-rate-limit-reset"))


def _problem_text(body: dict) -> str:
    """The words of an X error: a problem document's title and detail, or the messages of `errors`."""
    title, detail = body.get("title"), body.get("detail")
    if title or detail:
        return f"{title}: {detail}" if title and detail and title != detail else str(detail or title)
    errors = body.get("errors")
    if isinstance(errors, list):
        return "; ".join(str(error.get("message") or error.get("detail") or "") for error in errors if isinstance(error, dict))
    return ""
