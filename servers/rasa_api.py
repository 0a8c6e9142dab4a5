"""What the desk asks of Rasa's HTTP API (enabled with ``--enable-api``, behind a short-lived JWT):
a conversation's events, bot messages appended to it and sent to the customer on the channel they
last wrote from (``output_channel=latest``), the bot's pause lifted, and the bot's own action run."""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any, Optional
from urllib.parse import quote

import aiohttp

from renewal.adapters import identity
from renewal.text import desk as desk_text
from renewal.text import handoffs as handoffs_text

ACTION = "action_process"
TIMEOUT = aiohttp.ClientTimeout(total=30)


class RasaUnavailable(Exception):
    """Rasa did not answer, or refused: nothing was done in the conversation."""


class RasaApi:
    def __init__(self, url: str, secret: bytes) -> None:
        self.url = url.rstrip("/")
        self.secret = secret

    def _headers(self) -> dict[str, str]:
        token = identity.mint_api_token(datetime.now(timezone.utc), timedelta(minutes=5), self.secret, "desk")
        return {"Authorization": f"Bearer {token}"}

    async def _call(self, method: str, path: str, body: Any = None) -> Any:
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                async with session.request(method, f"{self.url}{path}", json=body, headers=self._headers()) as reply:
                    if reply.status >= 400:
                        raise RasaUnavailable(f"{method} {path.split('?')[0]}: HTTP {reply.status}")
                    return await reply.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError) as error:
            raise RasaUnavailable(f"{method} {path.split('?')[0]}: {type(error).__name__}") from error

    async def events(self, conversation_id: str) -> list[dict[str, Any]]:
        tracker = await self._call("GET", f"{_path(conversation_id)}/tracker?include_events=ALL")
        return tracker.get("events") or []

    async def send(self, conversation_id: str, text: str, agent: Optional[str] = None,
                   resume: bool = False) -> None:
        """A bot message, recorded and sent to the customer's latest channel; ``resume`` then lifts the pause."""
        events: list[dict[str, Any]] = [{"event": "bot", "text": text, "timestamp": time.time(),
                                         "metadata": {"agent": agent} if agent else {}}]
        if resume:
            events += _resumed()
        await self._append(conversation_id, events, "?execute_side_effects=true&output_channel=latest")

    async def _append(self, conversation_id: str, events: list[dict[str, Any]], query: str = "") -> None:
        """Events appended to the conversation's tracker."""
        await self._call("POST", f"{_path(conversation_id)}/tracker/events{query}", events)

    async def deliver(self, conversation_id: str, channel: str, text: str, mark_delivered: Callable[[], Any],
                      agent: Optional[str] = None, resume: bool = False) -> None:
        """``send``, then, on a live channel (web chat, Telegram), ``mark_delivered`` (run in a thread: it
        writes to the database). On REST the message stays undelivered and goes with the customer's next
        request (``connectors.gate``). Raises RasaUnavailable having marked nothing."""
        await self.send(conversation_id, text, agent=agent, resume=resume)
        if channel != "rest":
            await asyncio.to_thread(mark_delivered)

    async def pause(self, conversation_id: str) -> None:
        """The bot stops answering: a person has the conversation (Rasa records the customer's messages)."""
        await self._append(conversation_id, [{"event": "pause", "timestamp": time.time()}])

    async def resume(self, conversation_id: str) -> None:
        """The pause lifted, the bot silent until the customer writes."""
        await self._append(conversation_id, _resumed())

    async def resume_with_bot(self, conversation_id: str) -> None:
        """Lifts the pause and lets the bot speak: it picks the renewal up where it stopped."""
        await self._append(conversation_id, [{"event": "resume", "timestamp": time.time()}])
        await self._call("POST", f"{_path(conversation_id)}/execute?output_channel=latest", {"name": ACTION})
        await self._append(conversation_id, [_listen()])


def _path(conversation_id: str) -> str:
    return f"/conversations/{quote(conversation_id, safe='')}"


def _listen() -> dict[str, Any]:
    """The bot waits for the customer, as at the end of any turn: without it the rules, seeing a
    customer message that does not follow a listen, would run the bot's action again and again."""
    return {"event": "action", "name": "action_listen", "timestamp": time.time()}


def _resumed() -> list[dict[str, Any]]:
    return [{"event": "resume", "timestamp": time.time()}, _listen()]


def transcript(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The conversation as the desk shows it: who said what, with the buttons the customer saw."""
    lines: list[dict[str, Any]] = []
    titles: dict[str, str] = {}  # what the buttons the customer was shown say, by the payload they send
    for event in events:
        kind = event.get("event")
        if kind == "user" and event.get("text"):
            text = event["text"]
            shown = desk_text.CHAT_OPENED if text == "/greet" and not lines else titles.get(text.replace(" ", ""), text)
            lines.append({"who": "customer", "text": shown, "at": event.get("timestamp")})
        elif kind == "bot" and event.get("text"):
            agent = (event.get("metadata") or {}).get("agent")
            text = event["text"].partition(handoffs_text.AGENT_SIGNATURE)[2] or event["text"] if agent else event["text"]
            offered = (event.get("data") or {}).get("buttons") or []
            titles.update({str(b.get("payload", "")).replace(" ", ""): b.get("title", "") for b in offered})
            buttons = [b.get("title", "") for b in offered]
            lines.append({"who": "agent" if agent else "bot", "agent": agent, "text": text,
                          "buttons": buttons, "at": event.get("timestamp")})
        elif kind == "pause":
            lines.append({"who": "system", "text": desk_text.PAUSED,
                          "at": event.get("timestamp")})
        elif kind == "resume":
            lines.append({"who": "system", "text": desk_text.RESUMED,
                          "at": event.get("timestamp")})
    return lines
