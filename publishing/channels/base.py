"""The one interface every channel adapter has (DESIGN.md §3, STYLE.md §7).

The publisher hands an adapter a `Post` (plain values, no models) and gets back `Published` or one of
two errors:

- `TransientError`: try again later (network down, 5xx, 429). `retry_after` is the number of seconds the
  network asked us to wait, when it said; otherwise the outbox's own backoff applies.
  `may_have_published` is true when the request that creates the post was sent but its answer was lost
  (a timeout, a 5xx) on a network that has no idempotency key: a blind retry could post twice, so the
  outbox should show it to a person instead.
- `PermanentError`: retrying will not help (4xx other than 429, credentials revoked, content rejected).
  It is shown on the dashboard with the network's own words.

Both carry the network's error text (`network_message`) and never a credential: every text an adapter
puts into an error or a log line first goes through `redact` with the adapter's secrets, and library
exceptions are re-raised `from None` so an error report (Django's debug page, the admins' e-mail) does not
show the library's frames, whose local variables hold the token.

Credentials are a mapping of strings (base URL, tokens); an adapter keeps the secret ones wrapped in
`Secret`, whose `repr`/`str` show stars. Where they come from is `publishing.channels.registry`.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from django.utils.translation import gettext as _

REDACTED = "[redacted]"
MIN_SECRET_LENGTH = 4  # shorter values are not searched for: "on" or "pl" would blank out every message


class Secret:
    """A credential that shows as stars in `repr`, `str`, f-strings, logs and error reports."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('********')"

    __str__ = __repr__

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __reduce__(self):  # never pickled (task arguments, caches)
        raise TypeError("a Secret is not pickled")


def redact(text: str, secrets: Iterable[Secret | str | None]) -> str:
    """`text` with every occurrence of each secret replaced by `[redacted]`."""
    for secret in secrets:
        value = secret.reveal() if isinstance(secret, Secret) else secret
        if value and len(value) >= MIN_SECRET_LENGTH:
            text = text.replace(value, REDACTED)
    return text


@dataclass(frozen=True, kw_only=True)
class PostImage:
    data: bytes = field(repr=False)
    filename: str
    mime_type: str
    alt_text: str

    def __post_init__(self) -> None:
        if not self.data:
            raise ValueError("an image without data")
        if not self.mime_type.startswith("image/"):
            raise ValueError(f"{self.mime_type!r} is not an image type")
        if not self.alt_text.strip():
            raise ValueError(f"image {self.filename!r} has no alt text")  # WCAG: every image we publish has one


@dataclass(frozen=True, kw_only=True)
class Post:
    """One channel variant, ready to go out. `idempotency_key` is stable per variant: a retry reuses it."""

    text: str
    idempotency_key: str
    images: tuple[PostImage, ...] = ()
    link_url: str | None = None
    language: str = "pl"
    title: str = ""  # the record's title: a subject line for channels that need one (newsletter)
    record_id: int | None = None  # the catalog record, for channels that choose their audience by its topics and districts

    def __post_init__(self) -> None:
        if not isinstance(self.images, tuple):
            object.__setattr__(self, "images", tuple(self.images))
        if not self.idempotency_key.strip():
            raise ValueError("a post needs an idempotency key")
        if not self.text.strip() and not self.images:
            raise ValueError("a post needs text or an image")

    def text_with_link(self) -> str:
        """The text, with `link_url` appended on its own line unless the text already contains it."""
        if not self.link_url or self.link_url in self.text:
            return self.text
        return f"{self.text.rstrip()}\n\n{self.link_url}" if self.text.strip() else self.link_url


@dataclass(frozen=True)
class Published:
    external_id: str
    url: str


@dataclass(frozen=True)
class Metrics:
    """What a post achieved, as far as the network tells: None where it does not (Mastodon and Bluesky count no views
    or clicks for others). `reactions` sums what people did with it: likes, shares and replies."""

    reach: int | None = None
    reactions: int | None = None
    clicks: int | None = None


class ChannelError(Exception):
    """A publish that did not happen. `str()` is for logs; `summary()` is for people (translated)."""

    def __init__(self, network_message: str, *, channel: str, status: int | None = None) -> None:
        self.network_message = network_message
        self.channel = channel
        self.status = status
        super().__init__(network_message)

    def __str__(self) -> str:
        status = f" (HTTP {self.status})" if self.status else ""
        return f"{self.channel}{status}: {self.network_message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.network_message!r}, channel={self.channel!r}, status={self.status!r})"

    def summary(self) -> str:
        raise NotImplementedError


class TransientError(ChannelError):
    def __init__(self, network_message: str, *, channel: str, status: int | None = None,
                 retry_after: float | None = None, may_have_published: bool = False) -> None:
        super().__init__(network_message, channel=channel, status=status)
        self.retry_after = retry_after
        self.may_have_published = may_have_published

    def summary(self) -> str:
        if self.may_have_published:
            return _("%(channel)s did not confirm the post; check the profile before trying again. The network said: %(message)s") % {
                "channel": self.channel, "message": self.network_message}
        return _("%(channel)s is not available at the moment; the post will be sent again later. The network said: %(message)s") % {
            "channel": self.channel, "message": self.network_message}


class PermanentError(ChannelError):
    def summary(self) -> str:
        return _("%(channel)s refused the post: %(message)s") % {"channel": self.channel, "message": self.network_message}


class Adapter(abc.ABC):
    """One network. Subclasses set `network` and `secret_fields` and implement `publish`.

    `key` is the channel's key (a `core.Channel` slug such as "mastodon"); two channels may use the same
    network with different credentials.
    """

    network: ClassVar[str]
    required_fields: ClassVar[frozenset[str]] = frozenset()
    secret_fields: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *, key: str, credentials: Mapping[str, str]) -> None:
        missing = sorted(name for name in self.required_fields if not credentials.get(name))
        if missing:
            raise ValueError(f"channel {key!r}: credentials lack {', '.join(missing)}")  # names only, never values
        self.key = key
        self._secrets = {name: Secret(str(credentials[name])) for name in self.secret_fields if credentials.get(name)}
        self._settings = {name: str(value) for name, value in credentials.items()
                          if name not in self.secret_fields and name != "adapter"}

    @classmethod
    def from_credentials(cls, key: str, credentials: Mapping[str, str]) -> Adapter:
        return cls(key=key, credentials=credentials)

    @abc.abstractmethod
    def publish(self, post: Post) -> Published:
        """Publish `post` once; raise `TransientError` or `PermanentError` when it was not published."""

    def fetch_metrics(self, external_id: str) -> Metrics | None:
        """The post's numbers from the network, or None when its API gives none (then staff type them in)."""
        return None

    def secrets(self) -> list[Secret]:
        return list(self._secrets.values())

    def redact(self, text: str) -> str:
        return redact(text, self.secrets())

    def transient(self, message: str, **kwargs) -> TransientError:
        return TransientError(self.redact(message), channel=self.key, **kwargs)

    def permanent(self, message: str, **kwargs) -> PermanentError:
        return PermanentError(self.redact(message), channel=self.key, **kwargs)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} key={self.key!r}>"

    __str__ = __repr__
