"""Threads, through the Threads API (Meta's Graph dialect, shared rules in `graph`) with `requests`.

Documented calls (https://developers.facebook.com/docs/threads/posts,
https://developers.facebook.com/docs/threads/troubleshooting (container status),
https://developers.facebook.com/docs/threads/insights):

- POST /{threads-user-id}/threads with `media_type=TEXT` and `text`; with one image `media_type=IMAGE`,
  `image_url`, `alt_text` and `text`; with 2–20 images one `IMAGE` container per image
  (`is_carousel_item=true`), then `media_type=CAROUSEL` with `children` and `text` → `{"id"}`;
- GET /{container-id}?fields=status,error_message until FINISHED (ERROR and EXPIRED are permanent), then
  POST /{threads-user-id}/threads_publish with `creation_id` → `{"id"}`; GET /{media-id}?fields=permalink;
- results: GET /{media-id}/insights?metric=views,likes,replies,reposts,quotes – views are the reach
  (Threads counts no unique reach and no clicks), the rest the reactions.

Like Instagram, Threads fetches images from a public address (`graph.public_image_url`). The first link in
the text becomes the post's link preview.

Credentials: `threads_user_id` and `access_token` (a Threads token with `threads_basic`,
`threads_content_publish` and `threads_manage_insights`). Optional: `api_url` (default
https://graph.threads.net/v1.0), `public_base_url`, `container_poll_attempts`, `container_poll_interval`,
`timeout`.
"""

from __future__ import annotations

from .base import Metrics
from .graph import ContainerAdapter, count

REACTIONS = ["likes", "replies", "reposts", "quotes"]


class ThreadsAdapter(ContainerAdapter):
    network = "threads"
    required_fields = frozenset({"threads_user_id", "access_token"})
    secret_fields = frozenset({"access_token"})
    default_api_url = "https://graph.threads.net/v1.0"
    user_field = "threads_user_id"
    container_edge = "threads"
    publish_edge = "threads_publish"
    text_param = "text"
    status_field = "status"
    status_fields = "status,error_message"
    max_images = 20
    image_type = "IMAGE"
    text_type = "TEXT"

    def fetch_metrics(self, external_id: str) -> Metrics:
        values = self._insights(external_id, ["views", *REACTIONS])
        return Metrics(reach=count(values.get("views")), reactions=sum(count(values.get(name)) or 0 for name in REACTIONS))
