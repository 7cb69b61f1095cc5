"""Channel adapters: one module per network behind one interface (`base.Adapter`).

    from publishing.channels import Post, PostImage, adapter_for
    published = adapter_for("mastodon").publish(Post(text=..., images=(...), idempotency_key=...))

See `base` for the interface and its errors, `registry` for credentials, `manual` for networks without API
access.
"""

from .base import (
    Adapter,
    ChannelError,
    Metrics,
    PermanentError,
    Post,
    PostImage,
    Published,
    Secret,
    TransientError,
    redact,
)
from .manual import ManualPackage, ManualPublishingRequired, manual_package, published_by_hand
from .registry import ADAPTERS, adapter_class, adapter_for, configured_credentials

__all__ = [
    "ADAPTERS",
    "Adapter",
    "ChannelError",
    "ManualPackage",
    "ManualPublishingRequired",
    "Metrics",
    "PermanentError",
    "Post",
    "PostImage",
    "Published",
    "Secret",
    "TransientError",
    "adapter_class",
    "adapter_for",
    "configured_credentials",
    "manual_package",
    "published_by_hand",
    "redact",
]
