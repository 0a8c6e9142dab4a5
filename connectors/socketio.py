"""Rasa's socket.io channel (the support page's chat widget) behind the gate:
the widget's ``customData`` carries the customer's token, checked and replaced by
the verified identity before Rasa records the message (``connectors.gate``).

With replicas, the customer's socket is held by one Rasa replica while a message
for them (an agent's, sent by the desk through Rasa's HTTP API) may be emitted by
another: with ``RENEWAL_SOCKETIO_REDIS_URL`` set (the stack sets it to the lock
store's Redis) the replicas share their rooms over Redis pub/sub, so the replica
holding the socket delivers it."""
from __future__ import annotations

import hashlib
import hmac
import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Optional
from urllib.parse import parse_qs, urlsplit, urlunsplit

from rasa.core.channels import socketio
from rasa.core.channels.channel import OutputChannel, UserMessage
from sanic import Blueprint
from socketio import AsyncRedisManager, AsyncServer

from connectors import Wired
from connectors.gate import Gate, OnNewMessage
from connectors.rest import message_problem
from renewal.adapters.identity import SecretMissing
from renewal.text import messages

logger = logging.getLogger(__name__)

CONVERSATION_ID = re.compile(r"[0-9a-f]{32}")


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
    """Rasa's socket.io channel with three changes. Only the support page's origins may open a socket.
    A chat session is bound to the client that started it: the session id the server confirms is the
    conversation id signed with the server's secret, kept by that client only (the widget's storage);
    a client that asks for a session without its signature gets a new, empty one, so knowing a
    conversation id (it is shown in the desk and the logs) lets nobody read that conversation. And a
    message that cannot be read gets the same clear Italian answer as on the REST channel."""

    @classmethod
    def name(cls) -> str:
        return "socketio"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        async def with_links(message: UserMessage) -> Any:
            message.output_channel = SocketIOOutput(self.sio, self.bot_message_evt)
            return await on_new_message(message)

        services = Wired.get()
        admitted = Gate.of(services).wrap(with_links)
        blueprint = super().blueprint(admitted)
        sio = self.sio
        share_rooms(sio, services.settings.socketio_redis_url)
        origins = services.settings.support_page_origins
        sessions = SessionIds(services.settings.token_secret or "")

        @sio.on("connect", namespace=self.namespace)
        async def connect(sid: str, environ: dict[str, Any], auth: Any = None) -> bool:
            """A browser's socket (polling or websocket) from a page of another site is refused; the
            CORS headers themselves are Rasa's (``--cors``)."""
            origin = environ.get("HTTP_ORIGIN")
            return not origin or origin in origins

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: str, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            conversation = sessions.conversation_of(requested)
            if conversation is None:  # new, or not this client's to resume: a new conversation
                conversation = uuid.uuid4().hex
                requested = sessions.session_id_for(conversation)
            await sio.save_session(sid, {"conversation": conversation}, namespace=self.namespace)
            sio.enter_room(sid, conversation, namespace=self.namespace)
            await sio.emit("session_confirm", requested, room=sid, namespace=self.namespace)

        @sio.on(self.user_message_evt, namespace=self.namespace)
        async def handle_message(sid: str, data: Any) -> None:
            conversation = (await sio.get_session(sid, namespace=self.namespace)).get("conversation")
            body = data if isinstance(data, dict) else {}
            metadata = body.get(self.metadata_key, {})
            if isinstance(metadata, str):  # the widget may send it as JSON text
                try:
                    metadata = json.loads(metadata)
                except ValueError:
                    metadata = None
            problem = (messages.MALFORMED_REQUEST["session"] if conversation is None else
                       messages.MALFORMED_REQUEST["body"] if not isinstance(data, dict) else
                       message_problem({**body, self.metadata_key: metadata}, self.metadata_key))
            if problem:
                await sio.emit(self.bot_message_evt, {"text": problem}, room=sid, namespace=self.namespace)
                return
            try:
                await admitted(UserMessage(body["message"], SocketIOOutput(sio, self.bot_message_evt), conversation,
                                           input_channel=self.name(), metadata=metadata))
            except Exception:  # told, and logged here rather than lost in an unretrieved task
                logger.exception("message of a web chat conversation not handled")
                await sio.emit(self.bot_message_evt, {"text": messages.SERVICE_UNAVAILABLE}, room=sid,
                               namespace=self.namespace)

        return blueprint

    def get_output_channel(self) -> Optional[OutputChannel]:
        return SocketIOOutput(self.sio, self.bot_message_evt) if self.sio is not None else None


@dataclass(frozen=True)
class SessionIds:
    """A web chat's session id: its conversation id and an HMAC of it with the server's secret."""

    secret: str = field(repr=False)

    def _signature(self, conversation: str) -> str:
        if len(self.secret) < 16:
            raise SecretMissing("set RENEWAL_TOKEN_SECRET to a random string of at least 16 characters")
        return hmac.new(self.secret.encode(), f"socketio-session:{conversation}".encode(), hashlib.sha256).hexdigest()

    def session_id_for(self, conversation: str) -> str:
        """What the client keeps to resume its conversation: the id and its signature."""
        return f"{conversation}.{self._signature(conversation)}"

    def conversation_of(self, session_id: Any) -> Optional[str]:
        """The conversation a session id resumes, if it carries the server's signature."""
        if not isinstance(session_id, str) or len(session_id) > 200:
            return None
        conversation, _, signature = session_id.partition(".")
        if not CONVERSATION_ID.fullmatch(conversation) or not signature.isascii():
            return None
        expected = self._signature(conversation).encode()
        return conversation if hmac.compare_digest(signature.encode(), expected) else None


def share_rooms(sio: AsyncServer, redis_url: Optional[str]) -> None:
    """Rooms shared with the other replicas through Redis (before any client connects)."""
    if not redis_url:
        return
    url = urlsplit(redis_url)
    prefix = parse_qs(url.query).get("key_prefix", [""])[0]
    manager: Any = AsyncRedisManager(urlunsplit(url._replace(query="")), channel=f"{prefix}renewal-socketio")
    sio.manager = manager
    manager.set_server(sio)
