"""Mastodon, through the Mastodon.py library (`Mastodon.media_post`, `Mastodon.status_post`).

Credentials: `base_url` (the instance, e.g. https://mastodon.social) and `access_token` (an OAuth token of
the unit's account with the `write:media` and `write:statuses` scopes). Optional: `visibility` (default
"public"), `timeout` in seconds (default 30), `media_poll_attempts` / `media_poll_interval` (how long to
wait for the instance to process an uploaded file; images are usually processed at once).

Exactly once: the variant's idempotency key goes out as the `Idempotency-Key` header of POST
/api/v1/statuses, so a retry after a lost answer gets the first status back instead of a second post.
Mastodon keeps the keys for about an hour, so the outbox should not retry one variant for longer without
asking a person. Images are uploaded again on a retry; unattached uploads are removed by the instance.

The instance's version is given, not asked: left to itself Mastodon.py reads /api/v1/instance and
/api/v2/instance before the first upload, and Mastodon.py 2.3.3 recurses without end when that read fails
(an instance answering 503), so an outage would end in a RecursionError instead of a `TransientError`.
Set `mastodon_version` only for an instance older than 3.1.4.

Mastodon.py waits and retries by itself on a 429 unless told otherwise; here it throws
(`ratelimit_method="throw"`) so the outbox, not a worker asleep inside a request, decides when to retry.
"""

from __future__ import annotations

import logging
import time

from mastodon import (
    Mastodon,
    MastodonAPIError,
    MastodonError,
    MastodonIllegalArgumentError,
    MastodonNetworkError,
    MastodonRatelimitError,
    MastodonServerError,
    MastodonVersionError,
)

from .base import Adapter, ChannelError, Metrics, Post, PostImage, Published

logger = logging.getLogger(__name__)

USER_AGENT = "Dialog (civic-dialogue publishing; Mastodon.py)"
ASSUMED_VERSION = "4.0.0"  # every method used here exists since 3.1.4 (POST /api/v2/media)
NOT_PROCESSED_YET = "not finished processing"  # Mastodon's 422 when a status names media still being processed


class MastodonAdapter(Adapter):
    network = "mastodon"
    required_fields = frozenset({"base_url", "access_token"})
    secret_fields = frozenset({"access_token"})

    def _client(self) -> Mastodon:
        return Mastodon(
            access_token=self._secrets["access_token"].reveal(),
            api_base_url=self._settings["base_url"],
            ratelimit_method="throw",
            request_timeout=float(self._settings.get("timeout", 30)),
            user_agent=USER_AGENT,
            mastodon_version=self._settings.get("mastodon_version", ASSUMED_VERSION),
            version_check_mode="created",
        )

    def publish(self, post: Post) -> Published:
        client = self._client()
        try:
            media_ids = [self._upload(client, image) for image in post.images]
            status = client.status_post(
                post.text_with_link(),
                media_ids=media_ids or None,
                visibility=self._settings.get("visibility", "public"),
                language=post.language,
                idempotency_key=post.idempotency_key,
            )
        except MastodonError as error:
            failure = self._translate(error, client)
            logger.warning("Mastodon channel %s: publishing failed: %s", self.key, failure)
            raise failure from None
        published = Published(external_id=str(status["id"]), url=status.get("url") or status.get("uri") or "")
        logger.info("Mastodon channel %s: published status %s", self.key, published.external_id)
        return published

    def fetch_metrics(self, external_id: str) -> Metrics:
        """Favourites, boosts and replies of the status (GET /api/v1/statuses/:id); Mastodon counts no views or clicks."""
        client = self._client()
        try:
            status = client.status(external_id)
        except MastodonError as error:
            raise self._translate(error, client) from None
        counts = (status.get(name) or 0 for name in ("favourites_count", "reblogs_count", "replies_count"))
        return Metrics(reactions=sum(counts))

    def _upload(self, client: Mastodon, image: PostImage) -> str:
        media = client.media_post(image.data, mime_type=image.mime_type, description=image.alt_text,
                                  file_name=image.filename)
        attempts = int(self._settings.get("media_poll_attempts", 10))
        interval = float(self._settings.get("media_poll_interval", 2))
        while media.get("url") is None and attempts > 0:  # 202 Accepted: the instance is still processing it
            attempts -= 1
            time.sleep(interval)
            media = client.media(media["id"])
        if media.get("url") is None:
            raise self.transient(f"The instance has not finished processing {image.filename}")
        return str(media["id"])

    def _translate(self, error: MastodonError, client: Mastodon) -> ChannelError:
        if isinstance(error, MastodonRatelimitError):
            reset = getattr(client, "ratelimit_reset", None)
            retry_after = max(0.0, reset - time.time()) if reset else None
            return self.transient("Too many requests", status=429, retry_after=retry_after)
        if isinstance(error, MastodonNetworkError):  # includes read time-outs: the idempotency key makes a retry safe
            return self.transient(str(error))
        if isinstance(error, MastodonIllegalArgumentError | MastodonVersionError):
            return self.permanent(str(error))
        status, message = _status_and_message(error)
        if isinstance(error, MastodonServerError) or status is None:
            return self.transient(message, status=status)
        if status == 422 and NOT_PROCESSED_YET in message:
            return self.transient(message, status=status)
        if isinstance(error, MastodonAPIError) and status == 408:
            return self.transient(message, status=status)
        return self.permanent(message, status=status)


def _status_and_message(error: MastodonError) -> tuple[int | None, str]:
    """Mastodon.py raises `(summary, status code, reason, the instance's "error" text)` for HTTP errors."""
    args = error.args
    if len(args) == 4 and isinstance(args[1], int):
        _summary, status, reason, message = args
        return status, str(message or reason or f"HTTP {status}")
    return None, " ".join(str(arg) for arg in args) or type(error).__name__
