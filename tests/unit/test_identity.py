"""Signed session tokens: forged, tampered, expired and malformed ones prove nothing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from renewal.adapters.identity import mint_token, verify_token
from renewal.domain.decision import Reason

SECRET = b"s" * 32
NOW = datetime(2026, 11, 24, 12, tzinfo=timezone.utc)


def test_valid_token_names_the_account():
    token = mint_token("1000001@aruba.it", NOW, timedelta(minutes=30), SECRET)
    decision = verify_token(token, NOW + timedelta(minutes=29), SECRET)
    assert decision.ok and decision.value == "1000001@aruba.it"


def test_expired_token():
    token = mint_token("1000001@aruba.it", NOW, timedelta(minutes=30), SECRET)
    assert verify_token(token, NOW + timedelta(minutes=30), SECRET).reason is Reason.TOKEN_EXPIRED


def test_token_signed_with_another_secret():
    token = mint_token("1000001@aruba.it", NOW, timedelta(minutes=30), b"x" * 32)
    assert verify_token(token, NOW, SECRET).reason is Reason.TOKEN_INVALID


def test_tampered_payload():
    token = mint_token("1000001@aruba.it", NOW, timedelta(minutes=30), SECRET)
    other = mint_token("1000002@aruba.it", NOW, timedelta(minutes=30), SECRET)
    forged = other.split(".")[0] + "." + token.split(".")[1]
    assert verify_token(forged, NOW, SECRET).reason is Reason.TOKEN_INVALID


@pytest.mark.parametrize("token, reason", [
    (None, Reason.TOKEN_MISSING), ("", Reason.TOKEN_MISSING), (42, Reason.TOKEN_INVALID),
    ("abc", Reason.TOKEN_INVALID), ("a.b.c", Reason.TOKEN_INVALID), ("x" * 5000, Reason.TOKEN_INVALID),
    ({"sub": "1000001@aruba.it"}, Reason.TOKEN_INVALID),
])
def test_malformed_tokens(token, reason):
    assert verify_token(token, NOW, SECRET).reason is reason
