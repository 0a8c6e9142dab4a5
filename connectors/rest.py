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

from connectors import Wired
from connectors.gate import Gate, OnNewMessage
from renewal.text import messages

MAX_SENDER_LENGTH = 128


def checked_body(request: Request) -> dict[str, Any]:
    body = request.json  # malformed JSON or invalid UTF-8: Sanic answers 400 itself
    if not isinstance(body, dict):
        raise InvalidUsage(messages.MALFORMED_REQUEST["body"])
    sender = body.get("sender")
    if isinstance(sender, bool) or not isinstance(sender, (str, int)) or not str(sender).strip() \
            or len(str(sender)) > MAX_SENDER_LENGTH or not str(sender).isprintable():
        raise InvalidUsage(messages.MALFORMED_REQUEST["sender"].format(limit=MAX_SENDER_LENGTH))
    problem = message_problem(body, "metadata")
    if problem:
        raise InvalidUsage(problem)
    return body


def message_problem(body: dict[str, Any], metadata_key: str) -> Optional[str]:
    """Why a channel's message cannot be read (its text, its metadata), or None: the REST channel and the
    web chat's socket.io channel check the same way and say the same."""
    if not isinstance(body.get("message"), str):
        return messages.MALFORMED_REQUEST["message"]
    if not isinstance(body.get(metadata_key, {}), dict):
        return messages.MALFORMED_REQUEST["metadata"].format(field=metadata_key)
    return None


class RestInput(rest.RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return super().blueprint(Gate.of(Wired.get()).wrap(on_new_message))

    async def _extract_sender(self, req: Request) -> Optional[str]:
        return str(checked_body(req)["sender"])  # Rasa reads the sender first: the check runs before anything

    def _extract_input_channel(self, req: Request) -> str:
        return self.name()
