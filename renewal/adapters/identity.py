"""Signed session tokens: who the customer is, proven by the customer area.

A token is ``base64url(payload).base64url(HMAC-SHA256(secret, payload))`` with
payload ``{"sub": subject, "exp": unix seconds, "role": "customer" | "agent",
"jti": session id}``. A customer token's subject is the account's username and
its session id is bound to the first conversation that uses it (see
``renewal.services.access``); an agent token's subject is the support agent's name. The
secret comes from ``RENEWAL_TOKEN_SECRET``; the assistant never sees a password.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from datetime import datetime, timedelta, timezone
from typing import Any, Optional

from renewal.domain.decision import Decision, Reason

MAX_TOKEN_LENGTH = 2048
CUSTOMER = "customer"
AGENT = "agent"
AGENT_NAME = re.compile(r"[a-z][a-z0-9._-]{1,39}")


class SecretMissing(RuntimeError):
    pass


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(payload: str, secret: bytes) -> str:
    return _b64(hmac.new(secret, payload.encode(), hashlib.sha256).digest())


def mint_token(subject: str, now: datetime, valid_for: timedelta, secret: bytes, role: str = CUSTOMER,
               session_id: Optional[str] = None) -> str:
    claims = {"sub": subject, "exp": int((now + valid_for).timestamp()), "role": role,
              "jti": session_id or secrets.token_urlsafe(12)}
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{payload}.{_sign(payload, secret)}"


def verify_token(token: Any, now: datetime, secret: bytes, role: str = CUSTOMER) -> Decision[str]:
    """The subject the token proves for ``role``, or why it proves nothing.
    The decision's figures carry the session id (``session_id``) and the expiry."""
    if not token:
        return Decision.refuse(Reason.TOKEN_MISSING)
    if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH or token.count(".") != 1:
        return Decision.refuse(Reason.TOKEN_INVALID)
    payload, signature = token.split(".")
    if not hmac.compare_digest(_sign(payload, secret), signature):
        return Decision.refuse(Reason.TOKEN_INVALID)
    try:
        claims = json.loads(_unb64(payload))
        subject, expires, session_id = str(claims["sub"]), int(claims["exp"]), str(claims["jti"])
    except (ValueError, KeyError, TypeError):
        return Decision.refuse(Reason.TOKEN_INVALID)
    if claims.get("role") != role:
        return Decision.refuse(Reason.TOKEN_INVALID)
    expires_at = datetime.fromtimestamp(expires, timezone.utc)
    if now >= expires_at:
        return Decision.refuse(Reason.TOKEN_EXPIRED, expired_at=expires_at)
    return Decision.allow(value=subject, subject=subject, session_id=session_id, expires_at=expires_at)


def username_from(token: Any, now: datetime, secret: bytes) -> Decision[str]:
    return verify_token(token, now, secret)


def agent_from(token: Any, now: datetime, secret: bytes) -> Decision[str]:
    return verify_token(token, now, secret, role=AGENT)


IDENTITY_KEY = "identity"
"""The metadata key a channel puts the verified identity under, in place of the credentials."""
STAMP_VALIDITY = timedelta(minutes=10)


def _identity_body(conversation_id: str, claims: dict[str, Any]) -> str:
    return json.dumps([conversation_id, claims], sort_keys=True, separators=(",", ":"))


def stamp_identity(conversation_id: str, username: str, agent: Optional[str], session_id: Optional[str],
                   now: datetime, secret: bytes) -> dict[str, Any]:
    """What Rasa may keep of a message's credentials once a channel has checked them: who
    (account, agent, session), when, and a MAC that binds them to this conversation, so that the
    action server knows a channel checked them. No credential: nothing here opens anything."""
    claims = {"account": username, "agent": agent, "session": session_id, "at": int(now.timestamp())}
    return {IDENTITY_KEY: {**claims, "proof": _sign(_identity_body(conversation_id, claims), secret)}}


def read_identity(conversation_id: str, metadata: Any, now: datetime,
                  secret: bytes) -> Decision[tuple[str, Optional[str]]]:
    """(account, agent) of a message a channel stamped for this conversation, or why not."""
    stamped = metadata.get(IDENTITY_KEY) if isinstance(metadata, dict) else None
    if not isinstance(stamped, dict):
        return Decision.refuse(Reason.TOKEN_MISSING)
    claims = {key: stamped.get(key) for key in ("account", "agent", "session", "at")}
    proof = stamped.get("proof")
    if not isinstance(proof, str) or not isinstance(claims["at"], int) or not isinstance(claims["account"], str) \
            or not hmac.compare_digest(_sign(_identity_body(conversation_id, claims), secret), proof):
        return Decision.refuse(Reason.TOKEN_INVALID)
    if now - datetime.fromtimestamp(claims["at"], timezone.utc) > STAMP_VALIDITY:
        return Decision.refuse(Reason.TOKEN_EXPIRED)
    return Decision.allow(value=(claims["account"], claims["agent"]))


def mint_api_token(now: datetime, valid_for: timedelta, secret: bytes, operator: str = "operator") -> str:
    """A JWT (HS256) for Rasa's HTTP API, which ``rasa run --enable-api --jwt-secret``
    checks (signature compared in constant time by PyJWT, expiry enforced). It
    travels in the ``Authorization: Bearer`` header, so it never shows in a URL or a log."""
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT"}, separators=(",", ":")).encode())
    claims = {"user": {"username": operator, "role": "admin"}, "exp": int((now + valid_for).timestamp())}
    payload = _b64(json.dumps(claims, separators=(",", ":")).encode())
    return f"{header}.{payload}.{_sign(f'{header}.{payload}', secret)}"
