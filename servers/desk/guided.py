"""Guided sessions: the agent drives the assistant for a customer on the phone, through the REST channel,
with a five-minute agent token minted on the agent's desk session for each message."""
from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import aiohttp
from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from renewal.adapters import identity
from renewal.services.desk_agents import DeskSession
from renewal.text import desk as text
from servers.desk.app import bad_request, desk_of, done, guarded, refused, run
from servers.desk.orders import customer_panel

routes = Blueprint("desk_guided")


@routes.post("/desk/api/guided")
@guarded
async def guided_open(request: Request, session: DeskSession, body: dict[str, Any]) -> HTTPResponse:
    desk = desk_of(request)
    username = str(body.get("account", "")).strip()[:64]
    account = await run(desk.services.renewals.account, username)
    if not account.ok:
        return refused(account, 404)
    conversation = f"desk-{session.agent.name}-{uuid.uuid4().hex[:10]}"
    return done(text.guided_opened(username), conversation_id=conversation,
                panel=await run(customer_panel, desk, username))


@routes.post("/desk/api/guided/say")
@guarded
async def guided_say(request: Request, session: DeskSession, body: dict[str, Any]) -> HTTPResponse:
    desk = desk_of(request)
    conversation, username = str(body.get("conversation_id", "")), str(body.get("account", ""))[:64]
    if not conversation.startswith(f"desk-{session.agent.name}-"):
        return bad_request(text.GUIDED_UNKNOWN, 404)
    token = identity.mint_token(session.agent.name, desk.services.clock.now(), timedelta(minutes=5), desk.secret,
                                role=identity.AGENT, session_id=session.agent_session_id)
    payload = {"sender": conversation, "message": str(body.get("text", ""))[:2000],
               "metadata": {"agent_token": token, "account": username}}
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as client:
            async with client.post(f"{desk.rasa_url}/webhooks/rest/webhook", json=payload) as answer:
                replies = await answer.json(content_type=None)
    except (aiohttp.ClientError, TimeoutError, ValueError) as error:
        return bad_request(text.assistant_silent(error), 502)
    said = [{"text": r.get("text") or "", "buttons": [{"title": b.get("title", ""), "payload": b.get("payload", "")}
                                                      for b in r.get("buttons") or []]} for r in replies]
    return done(replies=said, panel=await run(customer_panel, desk, username))
