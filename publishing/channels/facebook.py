"""A Facebook Page, through the Graph API (shared rules in `graph`) with `requests`.

Documented calls (https://developers.facebook.com/docs/pages-api/posts,
https://developers.facebook.com/docs/graph-api/reference/page/feed,
https://developers.facebook.com/docs/graph-api/reference/page/photos,
https://developers.facebook.com/docs/graph-api/reference/insights):

- text and link: POST /{page-id}/feed with `message` and `link` → `{"id": "<page-id>_<post-id>"}`;
- images: each one first POST /{page-id}/photos (multipart `source`, `published=false`, the alt text as
  `alt_text_custom`) → `{"id"}`, then the feed post with `attached_media[i]={"media_fbid": id}` and the link
  in the message (a post with photos shows no link preview);
- results: GET /{post-id}/insights?metric=post_impressions_unique,post_clicks,post_reactions_by_type_total –
  reach, clicks and reactions (the sum over the reaction types).

Only the feed post creates what people see; unpublished photos that never get attached expire on their own.

Credentials: `page_id` and `page_access_token` – a Page access token with `pages_manage_posts` and
`pages_read_engagement` (and `read_insights` for the results). Optional: `api_url`, the versioned base URL
(default https://graph.facebook.com/v24.0; set the version the app was reviewed with), `timeout`.
"""

from __future__ import annotations

import json
import logging

from .base import Metrics, Post, PostImage, Published
from .graph import GraphAdapter, count

logger = logging.getLogger(__name__)

INSIGHTS = ["post_impressions_unique", "post_clicks", "post_reactions_by_type_total"]


class FacebookAdapter(GraphAdapter):
    network = "facebook"
    required_fields = frozenset({"page_id", "page_access_token"})
    secret_fields = frozenset({"page_access_token"})
    bearer_field = "page_access_token"
    default_api_url = "https://graph.facebook.com/v24.0"

    def publish(self, post: Post) -> Published:
        page = self._settings["page_id"]
        if post.images:
            fields = {"message": post.text_with_link()}
            for number, image in enumerate(post.images):
                fields[f"attached_media[{number}]"] = json.dumps({"media_fbid": self._upload(page, image)})
        else:
            fields = {"message": post.text}
            if post.link_url:
                fields["link"] = post.link_url
        what = "POST /{page-id}/feed"
        post_id = self._created_id(self._graph("POST", f"/{page}/feed", what=what, creates_post=True, data=fields),
                                   what, creates_post=True)
        page_part, _, story = post_id.partition("_")
        logger.info("Facebook channel %s: published %s", self.key, post_id)
        return Published(external_id=post_id, url=f"https://www.facebook.com/{page_part}/posts/{story or page_part}")

    def fetch_metrics(self, external_id: str) -> Metrics:
        values = self._insights(external_id, INSIGHTS)
        return Metrics(reach=count(values.get("post_impressions_unique")),
                       reactions=count(values.get("post_reactions_by_type_total")),
                       clicks=count(values.get("post_clicks")))

    def _upload(self, page: str, image: PostImage) -> str:
        what = "POST /{page-id}/photos"
        answer = self._graph("POST", f"/{page}/photos", what=what,
                             files={"source": (image.filename, image.data, image.mime_type)},
                             data={"published": "false", "alt_text_custom": image.alt_text})
        return self._created_id(answer, what)
