"""The anonymous-form protection (core/antibot.py): ALTCHA proofs once only, rate limits by a keyed hash."""

import base64
import json

import altcha
import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from core import antibot


def solved(challenge: dict | None = None) -> str:
    """What the widget sends: the challenge solved by brute force, base64 JSON."""
    challenge = challenge or antibot.new_challenge()
    solution = altcha.solve_challenge_v1(challenge["challenge"], challenge["salt"], challenge["algorithm"], challenge["maxNumber"])
    payload = {key: challenge[key] for key in ("algorithm", "challenge", "salt", "signature")} | {"number": solution.number}
    return base64.b64encode(json.dumps(payload).encode()).decode()


@pytest.fixture(autouse=True)
def _small_work(settings):
    settings.DIALOG_ALTCHA_MAX_NUMBER = 2000


def test_a_solved_challenge_is_accepted_once():
    payload = solved()
    proof = antibot.verify_proof(payload)
    assert len(proof.fingerprint) == 64
    with pytest.raises(antibot.ProofRefused) as refused:
        antibot.verify_proof(payload)
    assert refused.value.message == antibot.REPLAYED


@pytest.mark.parametrize("payload", ["", "nie-base64!", base64.b64encode(b"[1]").decode(), base64.b64encode(b'{"algorithm": "SHA-256"}').decode()])
def test_missing_or_malformed_payloads_are_refused(payload):
    with pytest.raises(antibot.ProofRefused):
        antibot.verify_proof(payload)


def test_a_wrong_number_or_a_foreign_signature_is_refused():
    challenge = antibot.new_challenge()
    payload = json.loads(base64.b64decode(solved(challenge)))
    with pytest.raises(antibot.ProofRefused):
        antibot.verify_proof(base64.b64encode(json.dumps(payload | {"number": payload["number"] + 1}).encode()).decode())
    foreign = altcha.create_challenge_v1(algorithm="SHA-256", max_number=100, salt_length=12, hmac_key="someone-else", salt="", number=None, expires=None, params=None)
    with pytest.raises(antibot.ProofRefused) as refused:
        antibot.verify_proof(solved(foreign.to_dict()))
    assert refused.value.message == antibot.INVALID


def test_an_expired_challenge_is_refused(settings):
    settings.DIALOG_ALTCHA_EXPIRES_SECONDS = -10
    with pytest.raises(antibot.ProofRefused) as refused:
        antibot.verify_proof(solved())
    assert refused.value.message == antibot.INVALID


def test_the_client_key_is_a_keyed_hash_not_the_address(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    key = antibot.client_key(request)
    assert len(key) == 64 and "203" not in key
    assert key == antibot.client_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.7"))
    assert key != antibot.client_key(RequestFactory().get("/", REMOTE_ADDR="203.0.113.8"))
    settings.SECRET_KEY = "inny-klucz-" * 5
    assert key != antibot.client_key(request)


def test_behind_a_proxy_the_configured_header_names_the_client(settings):
    settings.DIALOG_ANTIBOT_CLIENT_HEADER = "HTTP_X_REAL_IP"
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert antibot.client_address(request) == "203.0.113.7"


def test_rate_limit_is_stricter_without_a_proof(settings):
    settings.DIALOG_ANTIBOT_LIMIT = 4
    settings.DIALOG_ANTIBOT_UNVERIFIED_LIMIT = 2
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    other = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1")
    assert [antibot.allow_submission(request, scope="t", verified=False) for _ in range(3)] == [True, True, False]
    assert antibot.allow_submission(request, scope="t", verified=True)  # 4th within the general limit
    assert not antibot.allow_submission(request, scope="t", verified=True)  # 5th: over it
    assert antibot.allow_submission(other, scope="t", verified=False)  # another client counts alone


def test_the_field_cleans_to_a_proof_or_to_none_without_javascript():
    field = antibot.AltchaField()
    assert field.clean("") is None
    assert isinstance(field.clean(solved()), antibot.Proof)
    strict = antibot.AltchaField(allow_unverified=False)
    with pytest.raises(ValidationError):
        strict.clean("")


def test_the_widget_embeds_a_fresh_signed_challenge():
    html = antibot.AltchaField().widget.render("altcha", "")
    assert "<altcha-widget" in html and "core/vendor/altcha/altcha.js" in html and "challengejson=" in html
