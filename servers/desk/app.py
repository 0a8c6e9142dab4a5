"""What the desk's routes share (the process's services, Rasa, the page's secret; responses, cookies, the
signed-in agent and the guard of every change) and the application that puts the route groups together."""
from __future__ import annotations

import asyncio
import hashlib
import hmac
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from renewal.bootstrap import Services
from renewal.domain.decision import Decision, Reason
from renewal.services.desk_agents import DeskSession
from renewal.text import desk as text
from renewal.text import messages
from servers.rasa_api import RasaApi

STATIC = Path(__file__).resolve().parents[2] / "web" / "desk"
SESSION_COOKIE = "desk_session"
LOGIN_COOKIE = "desk_login"
EVENT_STREAM_SECONDS = 50  # then the browser reconnects by itself (EventSource), with a fresh session check
MAX_ID = 2 ** 31 - 1  # ids are 32-bit in the database: a larger one names nothing (404), it is not an error
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
Handler = Callable[..., Awaitable[HTTPResponse]]


@dataclass(frozen=True)
class Desk:
    """What the desk's handlers share: the process's services (built once), Rasa, the page's secret."""

    services: Services
    rasa: RasaApi
    rasa_url: str
    secret: bytes
    public_url: str = ""  # where agents' browsers reach the desk: over https the cookies are Secure

    def csrf(self, session_key: str) -> str:
        return hmac.new(self.secret, f"desk-csrf:{session_key}".encode(), hashlib.sha256).hexdigest()


def desk_of(request: Request) -> Desk:
    found: Desk = request.app.ctx.desk
    return found


def headers() -> dict[str, str]:
    """The desk's security headers, a fresh dict per response (Sanic's redirect adds Location to it)."""
    return dict(_HEADERS)


def page(name: str, **values: str) -> HTTPResponse:
    body = (STATIC / name).read_text()
    for key, value in values.items():
        body = body.replace("{{" + key + "}}", escape(value))
    return response.html(body, headers=headers())


def escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#39;"))


def set_cookie(desk: Desk, reply: HTTPResponse, name: str, value: str, max_age: int) -> None:
    reply.cookies[name] = value
    cookie = reply.cookies[name]
    cookie["httponly"], cookie["samesite"], cookie["path"], cookie["max-age"] = True, "Strict", "/desk", max_age
    if desk.public_url.startswith("https://"):
        cookie["secure"] = True


def refused(decision: Decision[Any], status: int = 409) -> HTTPResponse:
    return response.json({"ok": False, "message": messages.explain(decision)}, status=status, headers=headers())


def done(message: str = "", **extra: Any) -> HTTPResponse:
    return response.json({"ok": True, "message": message, **extra}, headers=headers())


def bad_request(message: str, status: int) -> HTTPResponse:
    return response.json({"ok": False, "message": message}, status=status, headers=headers())


async def run(function: Callable[..., Any], *args: Any) -> Any:
    """A service call (it waits on the database) off the event loop."""
    return await asyncio.to_thread(function, *args)


async def signed_in(request: Request) -> Optional[tuple[DeskSession, str]]:
    key = request.cookies.get(SESSION_COOKIE)
    found = await run(desk_of(request).services.agents.session, key)
    return (found.value, key) if found.ok and key else None


def valid_id(named: object) -> Optional[int]:
    """An id the database can hold, or None: a larger or malformed one names nothing."""
    text_id = str(named)
    if text_id.isascii() and text_id.isdigit() and len(text_id) <= 10 and 0 < int(text_id) <= MAX_ID:
        return int(text_id)
    return None


def guarded(handler: Handler) -> Callable[..., Coroutine[Any, Any, HTTPResponse]]:
    """A change: a signed-in agent, the page's CSRF token in the header, a JSON object as body, and an id
    that can name a request."""
    async def checked(request: Request, **kwargs: Any) -> HTTPResponse:
        found = await signed_in(request)
        if found is None:
            return refused(Decision.refuse(Reason.DESK_SESSION_EXPIRED), 401)
        session, key = found
        if not hmac.compare_digest(request.headers.get("X-CSRF-Token", ""), desk_of(request).csrf(key)):
            return bad_request(text.BAD_REQUEST_RELOAD, 403)
        if "handoff_id" in kwargs:
            handoff_id = valid_id(kwargs["handoff_id"])
            if handoff_id is None:
                return refused(Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=str(kwargs["handoff_id"])[:20]), 404)
            kwargs["handoff_id"] = handoff_id
        body = request.json if request.body else {}
        if not isinstance(body, dict):
            return bad_request(text.BAD_REQUEST, 400)
        return await handler(request, session, body, **kwargs)
    checked.__name__ = handler.__name__
    return checked


def build_app(desk: Desk, name: str = "desk") -> Sanic:
    from servers.desk import auth, guided, orders, queue

    app = Sanic(name)
    app.config.RESPONSE_TIMEOUT = EVENT_STREAM_SECONDS + 30
    app.ctx.desk = desk
    for group in (auth, queue, orders, guided):
        app.blueprint(group.routes)
    return app
