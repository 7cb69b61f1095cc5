"""Protection of anonymous public forms: an ALTCHA proof of work and rate limits by a keyed hash of the client.

Shared by every app with a form anyone may send (surveys first). Three rules:

- A proof is a solved ALTCHA challenge (the `altcha` package's classic SHA-256 format, which the vendored widget
  `core/static/core/vendor/altcha/` solves). The challenge is signed with a key derived from SECRET_KEY and expires
  after DIALOG_ALTCHA_EXPIRES_SECONDS. A solution is accepted once: `verify_proof` marks its challenge as used with
  `cache.add` (first line, cheap), and a caller that stores something keeps `Proof.fingerprint` in a unique column
  (the database's word is final: the cache is per process unless REDIS_URL is set).
- The client's address is never stored or logged: `client_key` is an HMAC of it under another derived key, used only
  as a cache key for counting, and forgotten when the window ends.
- Without JavaScript nobody can solve the challenge. Such a sender is not turned away: the form is accepted without
  a proof, but counted against a stricter limit (DIALOG_ANTIBOT_UNVERIFIED_LIMIT) and the caller marks the result
  "unverified" so analysts can tell it apart.
"""

import base64
import binascii
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import timedelta

import altcha
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ALGORITHM = "SHA-256"
FIELD_NAME = "altcha"


def _key(purpose: str) -> bytes:
    """A key for one purpose, derived from SECRET_KEY (so one leaked derived key reveals nothing else)."""
    return salted_hmac(f"core.antibot.{purpose}", "key", algorithm="sha256").digest()


def new_challenge() -> dict:
    """A signed challenge for the widget (its `challengejson` attribute)."""
    expires = timezone.now() + timedelta(seconds=settings.DIALOG_ALTCHA_EXPIRES_SECONDS)
    challenge = altcha.create_challenge_v1(
        algorithm=ALGORITHM, max_number=settings.DIALOG_ALTCHA_MAX_NUMBER, salt_length=12,
        hmac_key=_key("altcha").hex(), salt="", number=None, expires=expires, params=None,
    )
    return challenge.to_dict()


@dataclass(frozen=True)
class Proof:
    """A verified solution: `fingerprint` identifies its challenge (store it in a unique column to refuse replays)."""

    fingerprint: str


class ProofRefused(Exception):
    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


MISSING = _("Confirm that you are not a robot: wait until the check next to the button is done, then send again.")
INVALID = _("The anti-robot check failed or expired. Please send the form again.")
REPLAYED = _("This anti-robot check was already used. Please send the form again.")


def _payload(raw: str) -> dict | None:
    try:
        payload = json.loads(base64.b64decode(raw, validate=True).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return payload if isinstance(payload, dict) else None


def verify_proof(raw: str) -> Proof:
    """Check a widget's payload; raise `ProofRefused` (Polish message) if it is missing, wrong, expired or replayed."""
    if not raw:
        raise ProofRefused(MISSING)
    payload = _payload(raw)
    if payload is None:
        raise ProofRefused(INVALID)
    ok, _error = altcha.verify_solution_v1(payload, _key("altcha").hex(), check_expires=True)
    if not ok:
        raise ProofRefused(INVALID)
    fingerprint = hashlib.sha256(str(payload["challenge"]).encode()).hexdigest()
    if not cache.add(f"antibot:used:{fingerprint}", 1, timeout=settings.DIALOG_ALTCHA_EXPIRES_SECONDS + 60):
        raise ProofRefused(REPLAYED)
    return Proof(fingerprint=fingerprint)


def client_address(request) -> str:
    """The client's address as the server sees it (DIALOG_ANTIBOT_CLIENT_HEADER behind a trusted proxy)."""
    header = settings.DIALOG_ANTIBOT_CLIENT_HEADER
    value = request.META.get(header, "") if header else ""
    return (value.split(",")[-1].strip() if value else "") or request.META.get("REMOTE_ADDR", "")


def client_key(request) -> str:
    """A keyed hash of the client's address: enough to count requests, useless to find the person."""
    return hmac.new(_key("client"), client_address(request).encode(), hashlib.sha256).hexdigest()


def within_limit(*, scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one attempt of `key` in `scope`; False once more than `limit` attempts fall in the current window."""
    cache_key = f"antibot:rate:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return limit >= 1
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add() and incr()
        cache.add(cache_key, 1, timeout=window_seconds)
        count = 1
    return count <= limit


def allow_submission(request, *, scope: str, verified: bool) -> bool:
    """The rate limit of an anonymous form: a stricter one for senders without a proof (no JavaScript)."""
    key = client_key(request)
    window = settings.DIALOG_ANTIBOT_WINDOW_SECONDS
    if not within_limit(scope=scope, key=key, limit=settings.DIALOG_ANTIBOT_LIMIT, window_seconds=window):
        return False
    if verified:
        return True
    return within_limit(
        scope=f"{scope}:unverified", key=key, limit=settings.DIALOG_ANTIBOT_UNVERIFIED_LIMIT, window_seconds=window
    )


TOO_MANY = _("Too many forms were sent from your network in a short time. Please wait a few minutes and try again.")


# The widget's own texts, in the page's language.
WIDGET_STRINGS = {
    "label": _("I am not a robot"),
    "verify": pgettext_lazy("anti-robot check", "Check"),
    "verifying": _("Checking…"),
    "verified": pgettext_lazy("anti-robot check", "Checked"),
    "waitAlert": _("Checking… please wait."),
    "error": _("The check failed. Please try again later."),
    "expired": _("The check has expired. Please try again."),
    "verificationRequired": _("The anti-robot check is required."),
    "reload": pgettext_lazy("anti-robot check", "Reload"),
}


class AltchaWidget(forms.Widget):
    """The vendored web component; without JavaScript it renders nothing usable and the field stays empty."""

    template_name = "core/includes/altcha_widget.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["challenge_json"] = json.dumps(new_challenge())
        context["strings_json"] = json.dumps({key: str(text) for key, text in WIDGET_STRINGS.items()}, ensure_ascii=False)
        return context

    def value_from_datadict(self, data, files, name):
        return data.get(name, "")


class AltchaField(forms.Field):
    """A form field holding the widget's payload. Cleans to a `Proof`, or to None when the sender had no JavaScript
    and `allow_unverified` is set (the caller then applies the stricter limit and marks the result)."""

    widget = AltchaWidget

    def __init__(self, *, allow_unverified: bool = True, **kwargs):
        kwargs.setdefault("label", _("Anti-robot check"))
        kwargs["required"] = False
        self.allow_unverified = allow_unverified
        super().__init__(**kwargs)

    def clean(self, value):
        if not value and self.allow_unverified:
            return None
        try:
            return verify_proof(value or "")
        except ProofRefused as refusal:
            raise forms.ValidationError(refusal.message, code="altcha") from None
