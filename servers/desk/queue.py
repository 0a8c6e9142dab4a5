"""Requests for a person: the live events (the queue and the open request), taking one, replying, notes,
transferring, giving the conversation back to the bot or closing it."""
from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Optional

from sanic import Blueprint
from sanic.request import Request
from sanic.response import HTTPResponse

from renewal.domain.decision import Decision, Reason
from renewal.services.desk_agents import DeskSession
from renewal.services.handoff import HandoffMessage, HandoffStatus, HandoffView, MessageKind, may_open
from renewal.text import desk as text
from renewal.text import messages
from servers.desk.app import (
    EVENT_STREAM_SECONDS,
    Desk,
    bad_request,
    desk_of,
    done,
    guarded,
    headers,
    refused,
    run,
    signed_in,
    valid_id,
)
from servers.desk.orders import customer_panel
from servers.rasa_api import RasaUnavailable, transcript

logger = logging.getLogger(__name__)
routes = Blueprint("desk_queue")
SESSION_CHECK_SECONDS = 20  # while a page is open: its session still valid, the agent online (handoff.ONLINE_WITHIN)


def request_line(request: Any, now: Any) -> dict[str, Any]:
    return {"id": request.id, "username": request.username or text.UNIDENTIFIED, "channel": request.channel,
            "status": request.status.value, "taken_by": request.taken_by, "position": request.position,
            "waited_seconds": int((now - request.created_at).total_seconds()), "withdrawn_with": request.withdrawn_with}


def snapshot(desk: Desk, session: DeskSession, open_id: Optional[int]) -> dict[str, Any]:
    """What the page shows, read from the database (the transcript comes from Rasa, added after)."""
    handoffs, now = desk.services.handoffs, desk.services.clock.now()
    queue = handoffs.queue(agent=session.agent.name)
    withdrawn = handoffs.recently_withdrawn()  # listed a while, with the customer's words: why it left the queue
    found: dict[str, Any] = {"agent": session.agent.name, "queue": [request_line(r, now) for r in queue + withdrawn],
                             "waiting": sum(1 for r in queue if r.status is HandoffStatus.WAITING)}
    if open_id is None:
        return found
    request = handoffs.get(open_id)
    if request.ok and not may_open(request.value, session.agent.name, session.agent.can_supervise):
        found["refused"] = messages.explain(Decision.refuse(Reason.HANDOFF_NOT_YOURS, handoff_id=open_id,
                                                            taken_by=request.value.taken_by))
    elif request.ok:
        view = request.value
        found["open"] = {**request_line(view, now), "conversation_id": view.conversation_id,
                         "mine": view.taken_by == session.agent.name and view.open,
                         "notes": [{"agent": m.agent, "text": m.text, "at": m.at.isoformat()}
                                   for m in handoffs.messages(open_id) if m.kind is MessageKind.NOTE],
                         "panel": customer_panel(desk, view.username),
                         "colleagues": [n for n in desk.services.agents.names() if n != session.agent.name]}
    return found


@routes.get("/desk/events")
async def events(request: Request) -> Optional[HTTPResponse]:
    desk, found = desk_of(request), await signed_in(request)
    if found is None:
        return refused(Decision.refuse(Reason.DESK_SESSION_EXPIRED), 401)
    session = found[0]
    asked = request.args.get("open")
    open_id = valid_id(asked) if asked else None
    if asked and open_id is None:
        return refused(Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=asked[:20]), 404)
    if open_id is not None:
        opened = await run(desk.services.handoffs.get, open_id)
        if not opened.ok:
            return refused(opened, 404)
        if not may_open(opened.value, session.agent.name, session.agent.can_supervise):
            return refused(Decision.refuse(Reason.HANDOFF_NOT_YOURS, handoff_id=open_id,
                                           taken_by=opened.value.taken_by), 403)
    stream = await request.respond(content_type="text/event-stream", headers=headers())
    await stream.send("retry: 1000\n\n")
    last, clock = None, asyncio.get_running_loop()
    deadline, checked = clock.time() + EVENT_STREAM_SECONDS, clock.time()
    while clock.time() < deadline:
        if clock.time() - checked >= SESSION_CHECK_SECONDS:  # still signed in; and seen (online) now
            if (await signed_in(request)) is None:
                await stream.send("event: signed-out\ndata: {}\n\n")
                break
            checked = clock.time()
        state = await run(snapshot, desk, session, open_id)
        if "open" in state:
            try:
                state["open"]["transcript"] = transcript(await desk.rasa.events(state["open"]["conversation_id"]))
            except RasaUnavailable as error:
                state["open"]["transcript_error"] = text.transcript_unreadable(error)
        shown = json.dumps(state, ensure_ascii=False, default=str)
        if shown != last:
            await stream.send(f"data: {shown}\n\n")
            last = shown
        await asyncio.sleep(1)
    await stream.eof()
    return None


async def deliver(desk: Desk, request_view: HandoffView, message: HandoffMessage, resume: bool = False) -> Optional[str]:
    """To the customer: recorded in the conversation and sent on their live channel (web chat, Telegram); on
    REST it goes with their next request (``connectors.gate``). The failure, if any."""
    try:
        await desk.rasa.deliver(request_view.conversation_id, request_view.channel, message.for_customer,
                                lambda: desk.services.handoffs.mark_delivered(message.id),
                                agent=message.agent if message.kind is MessageKind.AGENT else None, resume=resume)
    except RasaUnavailable as error:
        logger.error("could not reach the customer of request %s: %s", request_view.id, error)
        return str(error)
    return None


@routes.post("/desk/api/handoffs/<handoff_id:int>/take")
@guarded
async def take(request: Request, session: DeskSession, body: dict[str, Any], handoff_id: int) -> HTTPResponse:
    desk = desk_of(request)
    waiting = await run(desk.services.handoffs.get, handoff_id)
    if not waiting.ok:
        return refused(waiting)
    if waiting.value.status is not HandoffStatus.WAITING:  # taken, withdrawn or ended: the take says which
        return refused(await run(desk.services.handoffs.take, handoff_id, session.agent.name))
    try:  # the bot stops first: from the take on, only the agent answers (nothing taken if Rasa cannot say so)
        await desk.rasa.pause(waiting.value.conversation_id)
    except RasaUnavailable as error:
        logger.error("request %s not taken: Rasa did not pause the conversation: %s", handoff_id, error)
        return bad_request(text.not_taken(str(error)), 503)
    taken = await run(desk.services.handoffs.take, handoff_id, session.agent.name)
    if not taken.ok:  # withdrawn or taken by a colleague meanwhile; the bot goes on if nobody has it
        now = await run(desk.services.handoffs.get, handoff_id)
        if now.ok and now.value.status is not HandoffStatus.TAKEN:
            await _resume_quietly(desk, waiting.value.conversation_id)
        return refused(taken)
    await deliver(desk, taken.value, taken.figures["notice"])
    return done(text.taken(handoff_id))


async def _resume_quietly(desk: Desk, conversation_id: str) -> None:
    try:
        await desk.rasa.resume(conversation_id)
    except RasaUnavailable as error:
        logger.error("the bot of conversation %s could not be resumed: %s", conversation_id, error)


@routes.post("/desk/api/handoffs/<handoff_id:int>/reply")
@guarded
async def reply(request: Request, session: DeskSession, body: dict[str, Any], handoff_id: int) -> HTTPResponse:
    desk = desk_of(request)
    written = await run(desk.services.handoffs.write, handoff_id, session.agent.name, str(body.get("text", "")))
    if not written.ok:
        return refused(written)
    failed = await deliver(desk, (await run(desk.services.handoffs.get, handoff_id)).value, written.value)
    return done(text.saved_for_later(failed) if failed else "")


@routes.post("/desk/api/handoffs/<handoff_id:int>/note")
@guarded
async def note(request: Request, session: DeskSession, body: dict[str, Any], handoff_id: int) -> HTTPResponse:
    written = await run(desk_of(request).services.handoffs.write, handoff_id, session.agent.name,
                        str(body.get("text", "")), MessageKind.NOTE)
    return done(text.NOTE_SAVED) if written.ok else refused(written)


@routes.post("/desk/api/handoffs/<handoff_id:int>/transfer")
@guarded
async def transfer(request: Request, session: DeskSession, body: dict[str, Any], handoff_id: int) -> HTTPResponse:
    desk = desk_of(request)
    moved = await run(desk.services.handoffs.transfer, handoff_id, session.agent.name, str(body.get("to", "")))
    if not moved.ok:
        return refused(moved)
    await deliver(desk, moved.value, moved.figures["notice"])
    return done(text.transferred(moved.figures["colleague"]))


@routes.post("/desk/api/handoffs/<handoff_id:int>/<how:(give-back|close)>")
@guarded
async def end(request: Request, session: DeskSession, body: dict[str, Any], handoff_id: int, how: str) -> HTTPResponse:
    desk = desk_of(request)
    status = HandoffStatus.RETURNED if how == "give-back" else HandoffStatus.CLOSED
    ended = await run(desk.services.handoffs.end, handoff_id, session.agent.name, status)
    if not ended.ok:
        return refused(ended)
    failed = await deliver(desk, ended.value, ended.figures["notice"], resume=status is HandoffStatus.CLOSED)
    if status is HandoffStatus.RETURNED and not failed:
        try:
            await desk.rasa.resume_with_bot(ended.value.conversation_id)
        except RasaUnavailable as error:
            failed = str(error)
    if failed:  # the conversation would stay paused with nobody on it: the request stays the agent's
        logger.error("request %s not ended: Rasa did not resume the conversation: %s", handoff_id, failed)
        await run(desk.services.handoffs.reopen, handoff_id, session.agent.name, ended.figures["notice"].id)
        return bad_request(text.not_ended(failed), 503)
    return done(text.GIVEN_BACK if status is HandoffStatus.RETURNED else text.CLOSED)
