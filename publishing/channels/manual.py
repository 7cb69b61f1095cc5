"""The manual channel: networks Dialog cannot post to (no API access, or none granted yet).

`publish` never posts: it raises `ManualPublishingRequired` carrying a ready-to-copy `ManualPackage` (the
text with its link, the images and their alt texts). A person posts it by hand and marks the variant as
published with the post's address; `published_by_hand(url)` checks that address and turns it into the same
`Published` value an automatic adapter returns, so the outbox records both the same way.

The images go into the package as they are given: the right size per network comes from the media
library's renditions (the publisher asks for them), not from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from .base import Adapter, Post, PostImage, Published


@dataclass(frozen=True)
class ManualPackage:
    channel: str
    text: str
    images: tuple[PostImage, ...]

    def alt_texts(self) -> list[tuple[str, str]]:
        """(file name, alt text) for each image, in order."""
        return [(image.filename, image.alt_text) for image in self.images]

    def as_text(self) -> str:
        """Everything a person copies, as one plain text: the post, then each image's alt text."""
        if not self.images:
            return self.text
        lines = [_("Alternative texts of the images:")]
        lines += [f"{number}. {image.filename}: {image.alt_text}" for number, image in enumerate(self.images, start=1)]
        return self.text + "\n\n" + "\n".join(lines)


def manual_package(post: Post, *, channel: str) -> ManualPackage:
    return ManualPackage(channel=channel, text=post.text_with_link(), images=post.images)


class ManualPublishingRequired(Exception):  # not an error: the outbox waits for a person
    """The variant waits for a person to post it by hand; `package` is what they copy."""

    def __init__(self, package: ManualPackage) -> None:
        self.package = package
        super().__init__(_("%(channel)s is published by hand: copy the package and mark the post as published.") % {
            "channel": package.channel})


def published_by_hand(url: str) -> Published:
    """The `Published` value for a post a person made; `url` is the address they copied from the network."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(_("Enter the full address of the post, starting with https://."))
    return Published(external_id=url, url=url)


class ManualAdapter(Adapter):
    network = "manual"

    def publish(self, post: Post) -> Published:
        raise ManualPublishingRequired(manual_package(post, channel=self.key))
