"""The support agents' desk: a browser page beside the support page (Sanic, which Rasa runs on too).

Agents sign in with the name and password made by ``python -m renewal agents add``; the session
cookie is HttpOnly and SameSite=Strict, every change carries a CSRF token, sessions end at sign-out,
after 30 idle minutes or after a shift. The page follows the queue live (server-sent events), takes a
request (one agent only: the database decides), shows the whole conversation with the customer's new
messages as they arrive, sends the agent's replies to the customer's own channel, keeps notes only
agents see, shows the customer's account, live cart and orders, gives the conversation back to the
bot, closes it or transfers it to a colleague, and runs guided sessions for a customer on the phone.
Every agent action is in the audit table (``python -m renewal audit``).

    python -m servers.desk --port 8081 --rasa-url http://127.0.0.1:5005 --rasa-api-url http://127.0.0.1:5005
    open http://127.0.0.1:8081/desk/
"""
from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import json
import logging
import secrets
import sys
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Optional

import aiohttp
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from renewal.adapters import identity
from renewal.bootstrap import Services, build
from renewal.config import API_SECRET_ENV, DESK_PUBLIC_URL_ENV, TOKEN_SECRET_ENV, SettingMissing, Settings
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import OrderStatus
from renewal.services.desk_agents import SESSION_LENGTH, DeskSession
from renewal.services.handoff import HandoffMessage, HandoffStatus, MessageKind, may_open
from renewal.text import messages
from renewal.text.formats import format_date, format_euro
from servers.rasa_api import RasaApi, RasaUnavailable, transcript

logger = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent.parent / "web" / "desk"
SESSION_COOKIE = "desk_session"
LOGIN_COOKIE = "desk_login"
EVENT_STREAM_SECONDS = 50  # then the browser reconnects by itself (EventSource), with a fresh session check
SESSION_CHECK_SECONDS = 20  # while a page is open: its session still valid, the agent online (handoff.ONLINE_WITHIN)
CANNED_REPLIES = (
    "Ciao, sono del supporto di Fatturazione Elettronica: ho letto la conversazione, ti aiuto io.",
    "Un attimo, controllo il tuo servizio.",
    "Ho verificato: puoi proseguire con il rinnovo, ti ripasso all'assistente che completa l'ordine con te.",
    "Il pagamento con bonifico viene registrato entro 2-3 giorni lavorativi dall'accredito.",
    "C'è altro che posso fare per te?",
)
_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
}
MAX_ID = 2 ** 31 - 1  # ids are 32-bit in the database: a larger one names nothing (404), it is not an error


def headers() -> dict[str, str]:
    """The desk's security headers, a fresh dict per response (Sanic's redirect adds Location to it)."""
    return dict(_HEADERS)


@dataclass
class Desk:
    """What the desk's handlers share: the process's services (built once), Rasa, the page's secret."""

    services: Services
    rasa: RasaApi
    rasa_url: str
    secret: bytes
    public_url: str = ""  # where agents' browsers reach the desk: over https the cookies are Secure

    def csrf(self, session_key: str) -> str:
        return hmac.new(self.secret, f"desk-csrf:{session_key}".encode(), hashlib.sha256).hexdigest()


def _page(name: str, **values: str) -> HTTPResponse:
    page = (STATIC / name).read_text()
    for key, value in values.items():
        page = page.replace("{{" + key + "}}", _escape(value))
    return response.html(page, headers=headers())


def _escape(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#39;"))


def _set_cookie(desk: Desk, reply: HTTPResponse, name: str, value: str, max_age: int) -> None:
    reply.cookies[name] = value
    cookie = reply.cookies[name]
    cookie["httponly"], cookie["samesite"], cookie["path"], cookie["max-age"] = True, "Strict", "/desk", max_age
    if desk.public_url.startswith("https://"):
        cookie["secure"] = True


def _refused(decision: Decision[Any], status: int = 409) -> HTTPResponse:
    return response.json({"ok": False, "message": messages.explain(decision)}, status=status, headers=headers())


def _done(message: str = "", **extra: Any) -> HTTPResponse:
    return response.json({"ok": True, "message": message, **extra}, headers=headers())


def _order_line(order: Any) -> dict[str, Any]:
    return {"number": order.number, "total": format_euro(order.total), "state": messages.ORDER_STATUS_NAMES[order.status],
            "refunds": [messages.received_text(refund) for refund in order.refunds],
            "payable": order.status is OrderStatus.AWAITING_PAYMENT,
            "emailed": not order.payment_method.switches_on_automatic_renewal,
            "method": messages.PAYMENT_METHOD_NAMES[order.payment_method],
            "placed": format_date(order.placed_at.date()), "agent": order.placed_by_agent or "",
            "expiry": f"{format_date(order.current_expiry)} → {format_date(order.new_expiry)}"}


def customer_panel(desk: Desk, username: Optional[str]) -> Optional[dict[str, Any]]:
    """The account, the service's dates, the live cart and the orders, as the core says them."""
    if not username:
        return None
    account = desk.services.renewals.account(username)
    if not account.ok:
        return {"username": username, "error": messages.explain(account)}
    view = account.value
    status = view.status
    dates = [("Scadenza", format_date(status.expiry_date)), ("Cancellazione dei dati", format_date(status.deletion_date))]
    if status.grace_days_left is not None:
        dates.append(("Giorni di tolleranza rimasti", str(status.grace_days_left)))
    if status.automatic_renewal_date is not None:
        dates.append(("Rinnovo automatico", format_date(status.automatic_renewal_date)))
    return {"username": view.username, "holder": view.holder_name, "email": view.reference_email,
            "status": messages.status_text(status), "dates": dates,
            "cart": messages.cart_summary(view.open_cart) if view.open_cart is not None else "",
            "orders": [_order_line(order) for order in desk.services.renewals.orders(username)]}


def _request_line(request: Any, now: Any) -> dict[str, Any]:
    return {"id": request.id, "username": request.username or "cliente non identificato", "channel": request.channel,
            "status": request.status.value, "taken_by": request.taken_by, "position": request.position,
            "waited_seconds": int((now - request.created_at).total_seconds())}


def snapshot(desk: Desk, session: DeskSession, open_id: Optional[int]) -> dict[str, Any]:
    """What the page shows, read from the database (the transcript comes from Rasa, added after)."""
    now = desk.services.clock.now()
    queue = desk.services.handoffs.queue(agent=session.agent.name)
    found: dict[str, Any] = {"agent": session.agent.name, "queue": [_request_line(r, now) for r in queue],
                             "waiting": sum(1 for r in queue if r.status is HandoffStatus.WAITING)}
    if open_id is not None:
        request = desk.services.handoffs.get(open_id)
        if request.ok and not may_open(request.value, session.agent.name, session.agent.can_supervise):
            found["refused"] = messages.explain(Decision.refuse(Reason.HANDOFF_NOT_YOURS, handoff_id=open_id,
                                                                taken_by=request.value.taken_by))
        elif request.ok:
            view = request.value
            found["open"] = {**_request_line(view, now), "conversation_id": view.conversation_id,
                             "mine": view.taken_by == session.agent.name and view.open,
                             "notes": [{"agent": m.agent, "text": m.text, "at": m.at.isoformat()}
                                       for m in desk.services.handoffs.messages(open_id) if m.kind is MessageKind.NOTE],
                             "panel": customer_panel(desk, view.username),
                             "colleagues": [n for n in desk.services.agents.names() if n != session.agent.name]}
    return found


def build_app(desk: Desk, name: str = "desk") -> Sanic:
    app = Sanic(name)
    app.config.RESPONSE_TIMEOUT = EVENT_STREAM_SECONDS + 30
    app.ctx.desk = desk

    async def run(function: Callable[..., Any], *args: Any) -> Any:
        return await asyncio.to_thread(function, *args)

    async def signed_in(request: Request) -> Optional[tuple[DeskSession, str]]:
        key = request.cookies.get(SESSION_COOKIE)
        found = await run(desk.services.agents.session, key)
        return (found.value, key) if found.ok and key else None

    def guarded(handler: Callable[..., Awaitable[HTTPResponse]]) -> Callable[..., Coroutine[Any, Any, HTTPResponse]]:
        """A change: a signed-in agent, and the page's CSRF token in the header."""
        async def checked(request: Request, **kwargs: Any) -> HTTPResponse:
            found = await signed_in(request)
            if found is None:
                return _refused(Decision.refuse(Reason.DESK_SESSION_EXPIRED), 401)
            session, key = found
            if not hmac.compare_digest(request.headers.get("X-CSRF-Token", ""), desk.csrf(key)):
                return response.json({"ok": False, "message": "Richiesta non valida: ricarica la pagina."},
                                     status=403, headers=headers())
            if "handoff_id" in kwargs:  # an id the database cannot hold names nothing
                named = str(kwargs["handoff_id"])
                if not (named.isascii() and named.isdigit() and 0 < int(named) <= MAX_ID):
                    return _refused(Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=named[:20]), 404)
                kwargs["handoff_id"] = int(named)
            body = request.json if request.body else {}
            if not isinstance(body, dict):
                return response.json({"ok": False, "message": "Richiesta non valida."}, status=400, headers=headers())
            return await handler(request, session, body, **kwargs)
        checked.__name__ = handler.__name__
        return checked

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.text("ok")

    def sign_in_page(error: str = "") -> HTTPResponse:
        token = secrets.token_urlsafe(24)
        reply = _page("login.html", CSRF=token, ERROR=error)
        _set_cookie(desk, reply, LOGIN_COOKIE, token, 900)
        return reply

    @app.get("/desk/login")
    async def login_page(_: Request) -> HTTPResponse:
        return sign_in_page()

    @app.post("/desk/login")
    async def login(request: Request) -> HTTPResponse:
        form = request.form
        if not hmac.compare_digest(form.get("csrf", ""), request.cookies.get(LOGIN_COOKIE, "")) \
                or not form.get("csrf"):
            return sign_in_page("La pagina di accesso è scaduta: riprova.")
        signed = await run(desk.services.agents.sign_in, form.get("name", "").strip(), form.get("password", ""),
                           request.remote_addr or request.ip)
        if not signed.ok:
            logger.info("desk sign-in refused")
            return sign_in_page(messages.explain(signed))
        reply = response.redirect("/desk/", headers=headers(), status=303)
        _set_cookie(desk, reply, SESSION_COOKIE, signed.value, int(SESSION_LENGTH.total_seconds()))
        _set_cookie(desk, reply, LOGIN_COOKIE, "", 0)
        return reply

    @app.post("/desk/logout")
    async def logout(request: Request) -> HTTPResponse:
        key = request.cookies.get(SESSION_COOKIE, "")
        if key and hmac.compare_digest(request.form.get("csrf", ""), desk.csrf(key)):
            await run(desk.services.agents.sign_out, key)
        reply = response.redirect("/desk/login", headers=headers(), status=303)
        _set_cookie(desk, reply, SESSION_COOKIE, "", 0)
        return reply

    @app.get("/desk/")
    async def page(request: Request) -> HTTPResponse:
        found = await signed_in(request)
        if found is None:
            return response.redirect("/desk/login", headers=headers(), status=303)
        session, key = found
        return _page("desk.html", AGENT=session.agent.name, CSRF=desk.csrf(key),
                     CAN_PAY="1" if session.agent.can_register_payments else "",
                     CANNED=json.dumps(CANNED_REPLIES, ensure_ascii=False))

    @app.get("/desk/<name:(desk\\.js|desk\\.css)>")
    async def static(_: Request, name: str) -> HTTPResponse:
        content_type = "application/javascript" if name.endswith(".js") else "text/css"
        return response.text((STATIC / name).read_text(), content_type=content_type, headers=headers())

    @app.get("/desk/events")
    async def events(request: Request) -> Optional[HTTPResponse]:
        found = await signed_in(request)
        if found is None:
            return _refused(Decision.refuse(Reason.DESK_SESSION_EXPIRED), 401)
        session = found[0]
        asked = request.args.get("open")
        open_id = int(asked) if asked and asked.isascii() and asked.isdigit() and len(asked) <= 10 else None
        if asked and (open_id is None or not 0 < open_id <= MAX_ID):
            return _refused(Decision.refuse(Reason.HANDOFF_UNKNOWN, handoff_id=asked[:20]), 404)
        if open_id is not None:
            opened = await run(desk.services.handoffs.get, open_id)
            if not opened.ok:
                return _refused(opened, 404)
            if not may_open(opened.value, session.agent.name, session.agent.can_supervise):
                return _refused(Decision.refuse(Reason.HANDOFF_NOT_YOURS, handoff_id=open_id,
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
                    state["open"]["transcript_error"] = f"La conversazione non si legge ora ({error})."
            text = json.dumps(state, ensure_ascii=False, default=str)
            if text != last:
                await stream.send(f"data: {text}\n\n")
                last = text
            await asyncio.sleep(1)
        await stream.eof()
        return None

    # --- a request for a person -----------------------------------------------------

    @app.post("/desk/api/handoffs/<handoff_id:int>/take")
    @guarded
    async def take(request: Request, session: DeskSession, body: dict, handoff_id: int) -> HTTPResponse:
        taken = await run(desk.services.handoffs.take, handoff_id, session.agent.name)
        if not taken.ok:
            return _refused(taken)
        await deliver(taken.value, taken.figures["notice"])
        return _done(f"Hai preso la richiesta n. {handoff_id}.")

    @app.post("/desk/api/handoffs/<handoff_id:int>/reply")
    @guarded
    async def reply(request: Request, session: DeskSession, body: dict, handoff_id: int) -> HTTPResponse:
        written = await run(desk.services.handoffs.write, handoff_id, session.agent.name, str(body.get("text", "")))
        if not written.ok:
            return _refused(written)
        failed = await deliver((await run(desk.services.handoffs.get, handoff_id)).value, written.value)
        return _done(f"Messaggio salvato: il cliente lo riceverà con il suo prossimo messaggio ({failed})."
                     if failed else "")

    @app.post("/desk/api/handoffs/<handoff_id:int>/note")
    @guarded
    async def note(request: Request, session: DeskSession, body: dict, handoff_id: int) -> HTTPResponse:
        written = await run(desk.services.handoffs.write, handoff_id, session.agent.name, str(body.get("text", "")),
                            MessageKind.NOTE)
        return _done("Nota salvata: il cliente non la vede.") if written.ok else _refused(written)

    @app.post("/desk/api/handoffs/<handoff_id:int>/transfer")
    @guarded
    async def transfer(request: Request, session: DeskSession, body: dict, handoff_id: int) -> HTTPResponse:
        moved = await run(desk.services.handoffs.transfer, handoff_id, session.agent.name, str(body.get("to", "")))
        if not moved.ok:
            return _refused(moved)
        await deliver(moved.value, moved.figures["notice"])
        return _done(f"Richiesta passata a {moved.figures['colleague']}.")

    @app.post("/desk/api/handoffs/<handoff_id:int>/<how:(give-back|close)>")
    @guarded
    async def end(request: Request, session: DeskSession, body: dict, handoff_id: int, how: str) -> HTTPResponse:
        status = HandoffStatus.RETURNED if how == "give-back" else HandoffStatus.CLOSED
        ended = await run(desk.services.handoffs.end, handoff_id, session.agent.name, status)
        if not ended.ok:
            return _refused(ended)
        failed = await deliver(ended.value, ended.figures["notice"], resume=status is HandoffStatus.CLOSED)
        if status is HandoffStatus.RETURNED and not failed:
            try:
                await desk.rasa.resume_with_bot(ended.value.conversation_id)
            except RasaUnavailable as error:
                failed = str(error)
        if failed:
            logger.error("request %s ended, but Rasa did not resume the conversation: %s", handoff_id, failed)
            return _done(f"Richiesta conclusa, ma l'assistente non ha risposto ({failed}): la conversazione del "
                         f"cliente potrebbe restare ferma; segnalalo al supporto tecnico.")
        return _done("Conversazione restituita all'assistente." if status is HandoffStatus.RETURNED
                     else "Conversazione chiusa.")

    async def deliver(request_view: Any, message: HandoffMessage, resume: bool = False) -> Optional[str]:
        """To the customer: recorded in the conversation and sent on their live channel (web chat,
        Telegram); on REST it goes with their next request (``connectors.gate``). The failure, if any."""
        try:
            await desk.rasa.deliver(request_view.conversation_id, request_view.channel, message.for_customer,
                                    lambda: desk.services.handoffs.mark_delivered(message.id),
                                    agent=message.agent if message.kind is MessageKind.AGENT else None, resume=resume)
        except RasaUnavailable as error:
            logger.error("could not reach the customer of request %s: %s", request_view.id, error)
            return str(error)
        return None

    # --- the customer's orders ------------------------------------------------------

    @app.post("/desk/api/orders/<number>/cancel")
    @guarded
    async def cancel_order(request: Request, session: DeskSession, body: dict, number: str) -> HTTPResponse:
        cancelled = await run(lambda: desk.services.unpaid.cancel(number, agent=session.agent.name))
        if not cancelled.ok:
            return _refused(cancelled)
        return _done(messages.order_cancelled(cancelled.value))

    @app.post("/desk/api/orders/<number>/resend-email")
    @guarded
    async def resend_email(request: Request, session: DeskSession, body: dict, number: str) -> HTTPResponse:
        resent = await run(lambda: desk.services.renewals.resend_payment_email(number, agent=session.agent.name))
        if not resent.ok:
            return _refused(resent)
        return _done(f"Email con gli estremi per il pagamento messa in coda per {resent.figures['to_address']}.")

    @app.post("/desk/api/orders/<number>/payment")
    @guarded
    async def register_payment(request: Request, session: DeskSession, body: dict, number: str) -> HTTPResponse:
        if not session.agent.can_register_payments:
            return _refused(Decision.refuse(Reason.NOT_PERMITTED), 403)
        reference = str(body.get("reference", ""))[:120].strip() or None

        def register() -> Decision[Any]:
            paid = desk.services.renewals.register_payment(number, None, reference)
            if paid.ok and paid.reason is not Reason.PAYMENT_ALREADY_REGISTERED:
                desk.services.renewals.record_agent_actions(session.agent.name, paid.value.username, "",
                                                  [f"registered the payment of order {paid.value.number}"])
            return paid

        paid = await run(register)
        if not paid.ok:
            return _refused(paid)
        return _done(messages.explain(paid) or f"Pagamento registrato: nuova scadenza {format_date(paid.value.new_expiry)}.")

    # --- guided sessions: the agent drives the assistant for a customer on the phone ------------

    @app.post("/desk/api/guided")
    @guarded
    async def guided_open(request: Request, session: DeskSession, body: dict) -> HTTPResponse:
        username = str(body.get("account", "")).strip()[:64]
        account = await run(desk.services.renewals.account, username)
        if not account.ok:
            return _refused(account, 404)
        conversation = f"desk-{session.agent.name}-{uuid.uuid4().hex[:10]}"
        return _done(f"Sessione guidata per {username}: scrivi come se fossi il cliente.",
                     conversation_id=conversation, panel=await run(customer_panel, desk, username))

    @app.post("/desk/api/guided/say")
    @guarded
    async def guided_say(request: Request, session: DeskSession, body: dict) -> HTTPResponse:
        conversation, username = str(body.get("conversation_id", "")), str(body.get("account", ""))[:64]
        if not conversation.startswith(f"desk-{session.agent.name}-"):
            return response.json({"ok": False, "message": "Sessione guidata sconosciuta."}, status=404,
                                 headers=headers())
        token = identity.mint_token(session.agent.name, desk.services.clock.now(), timedelta(minutes=5), desk.secret,
                                    role=identity.AGENT, session_id=session.agent_session_id)
        payload = {"sender": conversation, "message": str(body.get("text", ""))[:2000],
                   "metadata": {"agent_token": token, "account": username}}
        try:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as client:
                async with client.post(f"{desk.rasa_url}/webhooks/rest/webhook", json=payload) as answer:
                    replies = await answer.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            return response.json({"ok": False, "message": f"L'assistente non risponde ({type(error).__name__}): "
                                                          f"riprova tra poco."}, status=502, headers=headers())
        said = [{"text": r.get("text") or "", "buttons": [{"title": b.get("title", ""), "payload": b.get("payload", "")}
                                                          for b in r.get("buttons") or []]} for r in replies]
        return _done(replies=said, panel=await run(customer_panel, desk, username))

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servers.desk", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1", help="where to listen (0.0.0.0 in a container)")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005", help="Rasa's channels (guided sessions)")
    parser.add_argument("--rasa-api-url", default=None, help="Rasa's HTTP API (default: --rasa-url)")
    parser.add_argument("--public-url", default="",
                        help=f"where agents' browsers reach the desk (${DESK_PUBLIC_URL_ENV}); https makes cookies Secure")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    try:
        secret, api_secret = settings.secret(TOKEN_SECRET_ENV), settings.secret(API_SECRET_ENV)
    except SettingMissing as error:
        print(f"The desk cannot start: {error}.", file=sys.stderr)
        return 2
    desk = Desk(build(settings, migrate=True), RasaApi(args.rasa_api_url or args.rasa_url, api_secret), args.rasa_url,
                secret, args.public_url or settings.desk_public_url)
    print(f"Desk on http://{args.host}:{args.port}/desk/", flush=True)
    build_app(desk).run(host=args.host, port=args.port, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
