"""X's API v2 as its reference describes it (docs.x.com/x-api).

- POST /2/media/upload, multipart `media` and `media_category` → `{"data": {"id", "media_key", "size", …}}`.
- POST /2/media/metadata `{"id", "metadata": {"alt_text": {"text"}}}` → `{"data": {"associated_metadata": true}}`.
- POST /2/tweets `{"text", "media": {"media_ids"}}` → 201 `{"data": {"id", "text", "edit_history_tweet_ids"}}`;
  a second post with the same text is refused (403, duplicate content), unknown media ids are an invalid request.
- GET /2/tweets/:id?tweet.fields=public_metrics,non_public_metrics → `{"data": {…}}`, or 200 with only
  `errors` for a post that does not exist.
- Errors are problem documents `{"title", "detail", "type", "status"}`; `rate_limited()` prepares a 429 with
  the x-rate-limit-* headers.
"""

from __future__ import annotations

import time
from itertools import count

from .fake_http import Answer, RecordedRequest
from .fake_rest import FakeApi

UNAUTHORIZED = {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}
CATEGORIES = {"tweet_image", "dm_image", "subtitles", "tweet_gif", "tweet_video"}


def invalid(message: str, parameters: dict) -> Answer:
    return Answer(400, {"errors": [{"parameters": parameters, "message": message}], "title": "Invalid Request",
                        "detail": "One or more parameters to your request was invalid.",
                        "type": "https://api.twitter.com/2/problems/invalid-request"})


class FakeX(FakeApi):
    def __init__(self, *, access_token: str = "fake-x-user-token-7Hq2") -> None:
        super().__init__()
        self.access_token = access_token
        self.media: dict[str, dict] = {}
        self.tweets: dict[str, dict] = {}
        self.metrics: dict[str, dict] = {}  # per post: public_metrics and non_public_metrics overrides
        self._ids = count(1_860_000_000_000_000_001)

    def rate_limited(self, path: str = "/2/tweets", *, reset_in: int = 900) -> None:
        self.fail_next(path, Answer(429, {"title": "Too Many Requests", "detail": "Too Many Requests",
                                          "type": "about:blank", "status": 429}, {
            "x-rate-limit-limit": "100", "x-rate-limit-remaining": "0", "x-rate-limit-reset": str(int(time.time()) + reset_in)}))

    def route(self, request: RecordedRequest) -> Answer:
        if request.headers.get("authorization") != f"Bearer {self.access_token}":
            return Answer(401, UNAUTHORIZED)
        if (request.method, request.path) == ("POST", "/2/media/upload"):
            return self._upload(request)
        if (request.method, request.path) == ("POST", "/2/media/metadata"):
            return self._metadata(request)
        if (request.method, request.path) == ("POST", "/2/tweets"):
            return self._create(request)
        if request.method == "GET" and request.path.startswith("/2/tweets/"):
            return self._lookup(request, request.path.rsplit("/", 1)[-1])
        return Answer(404, {"title": "Not Found", "type": "about:blank", "status": 404, "detail": "Not Found"})

    def _upload(self, request: RecordedRequest) -> Answer:
        file = request.files.get("media")
        category = (request.form.get("media_category") or [""])[0]
        if file is None or not file.data:
            return invalid("The `media` field is required.", {"media": []})
        if category not in CATEGORIES:
            return invalid(f"Invalid media_category: {category}", {"media_category": [category]})
        media_id = str(next(self._ids))
        self.media[media_id] = {"data": file.data, "content_type": file.content_type, "alt_text": None}
        return Answer(200, {"data": {"id": media_id, "media_key": f"3_{media_id}", "size": len(file.data),
                                     "expires_after_secs": 86400, "image": {"image_type": file.content_type}}})

    def _metadata(self, request: RecordedRequest) -> Answer:
        body = request.json()
        if body.get("id") not in self.media:
            return invalid("Media id not found.", {"id": [body.get("id")]})
        text = ((body.get("metadata") or {}).get("alt_text") or {}).get("text")
        if not text or len(text) > 1000:
            return invalid("alt_text.text must be 1 to 1000 characters.", {"metadata.alt_text.text": [text]})
        self.media[body["id"]]["alt_text"] = text
        return Answer(200, {"data": {"associated_metadata": True, "id": body["id"]}})

    def _create(self, request: RecordedRequest) -> Answer:
        body = request.json()
        text = body.get("text", "")
        media_ids = (body.get("media") or {}).get("media_ids", [])
        if len(media_ids) > 4 or any(media_id not in self.media for media_id in media_ids):
            return invalid("Your media IDs are invalid.", {"media.media_ids": media_ids})
        if any(tweet["text"] == text for tweet in self.tweets.values()):
            return Answer(403, {"detail": "You are not allowed to create a Tweet with duplicate content.",
                                "type": "about:blank", "title": "Forbidden", "status": 403})
        tweet_id = str(next(self._ids))
        self.tweets[tweet_id] = {"text": text, "media_ids": media_ids}
        return Answer(201, {"data": {"id": tweet_id, "text": text, "edit_history_tweet_ids": [tweet_id]}})

    def _lookup(self, request: RecordedRequest, tweet_id: str) -> Answer:
        if tweet_id not in self.tweets:
            return Answer(200, {"errors": [{"value": tweet_id, "detail": f"Could not find tweet with id: [{tweet_id}].",
                                            "title": "Not Found Error", "resource_type": "tweet", "parameter": "id",
                                            "resource_id": tweet_id,
                                            "type": "https://api.twitter.com/2/problems/resource-not-found"}]})
        fields = set(",".join(request.query.get("tweet.fields", [])).split(","))
        data = {"id": tweet_id, "text": self.tweets[tweet_id]["text"], "edit_history_tweet_ids": [tweet_id]}
        numbers = self.metrics.get(tweet_id, {})
        if "public_metrics" in fields:
            data["public_metrics"] = {"retweet_count": 0, "reply_count": 0, "like_count": 0, "quote_count": 0,
                                      "bookmark_count": 0, "impression_count": 0, **numbers.get("public_metrics", {})}
        if "non_public_metrics" in fields:
            data["non_public_metrics"] = {"impression_count": 0, "url_link_clicks": 0, "user_profile_clicks": 0,
                                          **numbers.get("non_public_metrics", {})}
        return Answer(200, {"data": data})
