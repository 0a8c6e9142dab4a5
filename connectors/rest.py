"""Rasa's REST channel (``POST /webhooks/rest/webhook``) with the request checked
before anything runs: a JSON object with a non-empty ``sender`` (text or number,
at most 128 characters), a text ``message`` and, if any, a ``metadata`` object.
Anything else is answered 400 with the reason, where Rasa's own channel answered
500, or put every sender-less client into one shared conversation. The input
channel is always ``rest``: a client cannot claim to be another channel. The
credentials in the metadata are checked at the gate (``connectors.gate``).
"""
from __future__ import annotations

from typing import Any, Optional

from rasa.core.channels import rest
from sanic import Blueprint
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from connectors.gate import Gate, OnNewMessage

MAX_SENDER_LENGTH = 128


def checked_body(request: Request) -> dict[str, Any]:
    body = request.json  # malformed JSON or invalid UTF-8: Sanic answers 400 itself
    if not isinstance(body, dict):
        raise InvalidUsage("The body must be a JSON object.")
    sender = body.get("sender")
    if isinstance(sender, bool) or not isinstance(sender, (str, int)) or not str(sender).strip() \
            or len(str(sender)) > MAX_SENDER_LENGTH or not str(sender).isprintable():
        raise InvalidUsage(f"'sender' must be a non-empty text or number of at most {MAX_SENDER_LENGTH} printable "
                           f"characters.")
    if not isinstance(body.get("message"), str):
        raise InvalidUsage("'message' must be a text.")
    if not isinstance(body.get("metadata", {}), dict):
        raise InvalidUsage("'metadata' must be a JSON object.")
    return body


class RestInput(rest.RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(Gate().wrap(on_new_message))

    async def _extract_sender(self, req: Request) -> Optional[str]:
        return str(checked_body(req)["sender"])  # Rasa reads the sender first: the check runs before anything

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()
