"""Rasa's socket.io channel (the support page's chat widget) behind the gate:
the widget's ``customData`` carries the customer's token, checked and replaced by
the verified identity before Rasa records the message (``connectors.gate``).

With replicas, the customer's socket is held by one Rasa replica while a message
for them (an agent's, sent by the desk through Rasa's HTTP API) may be emitted by
another: with ``RENEWAL_SOCKETIO_REDIS_URL`` set (the stack sets it to the lock
store's Redis) the replicas share their rooms over Redis pub/sub, so the replica
holding the socket delivers it."""
from __future__ import annotations

import os
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit, urlunsplit

from rasa.core.channels import socketio
from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint
from socketio import AsyncRedisManager, AsyncServer

from connectors.gate import Gate, OnNewMessage
from servers.stack import SOCKETIO_REDIS_ENV


class SocketIOOutput(socketio.SocketIOOutput):
    """Rasa's socket.io output, with link buttons: the widget shows a button of type ``web_url`` as a
    link that opens its page in a new tab (the pay page)."""

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        replies = [{"type": "web_url", "title": b["title"], "url": b["url"]} if b.get("url") else
                   {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons]
        *before, last = text.strip().split("\n\n") or [text]  # as Rasa's: one message a paragraph
        for part in before:
            await self._send_message(recipient_id, {"text": part})
        # Quick replies show under the last message only; a link stays usable under its own ("buttons").
        key = "buttons" if any(b.get("url") for b in buttons) else "quick_replies"
        await self._send_message(recipient_id, {"text": last, key: replies})


class SocketIOInput(socketio.SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        async def with_links(message: UserMessage) -> Any:
            message.output_channel = SocketIOOutput(self.sio, self.bot_message_evt)
            return await on_new_message(message)

        blueprint = super().blueprint(Gate().wrap(with_links))
        share_rooms(self.sio, os.environ.get(SOCKETIO_REDIS_ENV))
        return blueprint

    def get_output_channel(self) -> Optional[OutputChannel]:
        return SocketIOOutput(self.sio, self.bot_message_evt) if self.sio is not None else None


def share_rooms(sio: AsyncServer, redis_url: Optional[str]) -> None:
    """Rooms shared with the other replicas through Redis (before any client connects)."""
    if not redis_url:
        return
    url = urlsplit(redis_url)
    prefix = parse_qs(url.query).get("key_prefix", [""])[0]
    manager: Any = AsyncRedisManager(urlunsplit(url._replace(query="")), channel=f"{prefix}renewal-socketio")
    sio.manager = manager
    manager.set_server(sio)
