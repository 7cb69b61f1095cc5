"""Which adapter publishes a channel, and with which credentials.

Credentials live in the setting `DIALOG_CHANNEL_CREDENTIALS`, a dict keyed by channel key (the
`core.Channel` slug); each value is a dict of strings. `adapter` names the network's module and defaults to
the channel key, so a second Mastodon profile is one more entry:

    DIALOG_CHANNEL_CREDENTIALS = {
        "mastodon": {"base_url": "https://mastodon.social", "access_token": "…"},
        "mastodon-mck": {"adapter": "mastodon", "base_url": "https://pol.social", "access_token": "…"},
        "bluesky": {"identifier": "dialog.krakow.pl", "app_password": "xxxx-xxxx-xxxx-xxxx"},
        "x": {"access_token": "…", "username": "KrakowDialog"},
        "facebook": {"page_id": "1234567890", "page_access_token": "…"},
        "instagram": {"ig_user_id": "17841400000000000", "access_token": "…"},
        "threads": {"threads_user_id": "1234567890", "access_token": "…"},
        "linkedin": {"author": "urn:li:organization:123", "access_token": "…", "linkedin_version": "202610"},
        "youtube": {"adapter": "manual"},
    }

Fields per network are listed in each module's docstring. In production the settings read it as JSON from
the environment variable of the same name (never from the database, never in a task's arguments). A channel
without an entry is published by hand (`manual`): that is the state of every network until someone gives
Dialog access to it.

Adding a network is adding a module with an `Adapter` subclass and one line in `ADAPTERS`; the publisher
never branches on a network's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .base import Adapter

ADAPTERS: dict[str, str] = {
    "mastodon": "publishing.channels.mastodon.MastodonAdapter",
    "bluesky": "publishing.channels.bluesky.BlueskyAdapter",
    "x": "publishing.channels.x.XAdapter",
    "facebook": "publishing.channels.facebook.FacebookAdapter",
    "instagram": "publishing.channels.instagram.InstagramAdapter",
    "threads": "publishing.channels.threads.ThreadsAdapter",
    "linkedin": "publishing.channels.linkedin.LinkedInAdapter",
    "newsletter": "publishing.channels.newsletter.NewsletterAdapter",
    "website": "newsroom.channels.WebsiteAdapter",
    "press": "newsroom.channels.PressReleaseAdapter",
    "manual": "publishing.channels.manual.ManualAdapter",
}
# Channels Dialog runs itself need no credentials; the setting may still override them (e.g. to "manual").
BUILT_IN: dict[str, Mapping[str, str]] = {"newsletter": {"adapter": "newsletter"}, "website": {"adapter": "website"}, "press": {"adapter": "press"}}


def configured_credentials() -> Mapping[str, Mapping[str, str]]:
    """The built-in channels and the setting, read at every call (a changed setting takes effect without a restart)."""
    value = getattr(settings, "DIALOG_CHANNEL_CREDENTIALS", None) or {}
    if not isinstance(value, Mapping):
        raise ImproperlyConfigured("DIALOG_CHANNEL_CREDENTIALS must be a dict keyed by channel key")
    return {**BUILT_IN, **value}


def adapter_class(network: str) -> type[Adapter]:
    try:
        dotted = ADAPTERS[network]
    except KeyError:
        raise ImproperlyConfigured(f"no channel adapter called {network!r} (known: {', '.join(sorted(ADAPTERS))})") from None
    module_name, _, class_name = dotted.rpartition(".")
    return getattr(import_module(module_name), class_name)


def adapter_for(channel_key: str, credentials: Mapping[str, str] | None = None) -> Adapter:
    """The adapter for a channel; `credentials` default to the channel's entry in the setting."""
    if credentials is None:
        credentials = configured_credentials().get(channel_key) or {"adapter": "manual"}
    if not isinstance(credentials, Mapping):
        raise ImproperlyConfigured(f"DIALOG_CHANNEL_CREDENTIALS[{channel_key!r}] must be a dict")
    network = credentials.get("adapter") or channel_key
    try:
        return adapter_class(network).from_credentials(channel_key, credentials)
    except ValueError as error:  # missing fields: the message names them, never their values
        raise ImproperlyConfigured(str(error)) from None
