"""Instagram (a professional account), through the Graph API's content publishing, with `requests`.

Documented calls (https://developers.facebook.com/docs/instagram-platform/content-publishing,
https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media,
https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media_publish,
https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container,
https://developers.facebook.com/docs/instagram-platform/reference/instagram-media/insights):

- one image: POST /{ig-user-id}/media with `image_url`, `caption`, `alt_text` → a container `{"id"}`;
- 2–10 images: one container per image (`is_carousel_item=true`), then one with `media_type=CAROUSEL`,
  `children` (the ids, comma-separated) and `caption`;
- GET /{container-id}?fields=status_code until FINISHED (ERROR and EXPIRED are permanent), then
  POST /{ig-user-id}/media_publish with `creation_id` → `{"id"}`; GET /{media-id}?fields=permalink;
- results: GET /{media-id}/insights?metric=reach,likes,comments,shares,saved (Instagram counts no clicks).

Instagram fetches each image itself from a public address: see `graph.public_image_url` (a copy in the
media storage, addressed through `public_base_url` or WAGTAILADMIN_BASE_URL, which must be reachable from
the internet). Instagram has no post without an image; the publisher's Instagram renditions already fit
its sizes. Text-only links are not clickable on Instagram: the link stays in the caption as text.

Credentials: `ig_user_id` and `access_token` (a token with `instagram_basic`, `instagram_content_publish`,
`instagram_manage_insights` and `pages_read_engagement`). Optional: `api_url` (default
https://graph.facebook.com/v24.0), `public_base_url`, `container_poll_attempts` (10) and
`container_poll_interval` (3 seconds), `timeout`.
"""

from __future__ import annotations

from .base import Metrics
from .graph import ContainerAdapter, count

INSIGHTS = ["reach", "likes", "comments", "shares", "saved"]


class InstagramAdapter(ContainerAdapter):
    network = "instagram"
    required_fields = frozenset({"ig_user_id", "access_token"})
    secret_fields = frozenset({"access_token"})
    default_api_url = "https://graph.facebook.com/v24.0"
    user_field = "ig_user_id"
    container_edge = "media"
    publish_edge = "media_publish"
    text_param = "caption"
    status_field = "status_code"
    status_fields = "status_code,status"
    max_images = 10
    image_type = None
    text_type = None

    def fetch_metrics(self, external_id: str) -> Metrics:
        values = self._insights(external_id, INSIGHTS)
        return Metrics(reach=count(values.get("reach")),
                       reactions=sum(count(values.get(name)) or 0 for name in INSIGHTS[1:]))
