"""Signing in and out, the desk's page and its static files."""
from __future__ import annotations

import hmac
import json
import logging
import secrets

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from renewal.services.desk_agents import SESSION_LENGTH
from renewal.text import desk as text
from renewal.text import messages
from servers.desk.app import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    STATIC,
    Desk,
    desk_of,
    headers,
    page,
    run,
    set_cookie,
    signed_in,
)

logger = logging.getLogger(__name__)
routes = Blueprint("desk_auth")


def sign_in_page(desk: Desk, error: str = "") -> HTTPResponse:
    token = secrets.token_urlsafe(24)
    reply = page("login.html", CSRF=token, ERROR=error)
    set_cookie(desk, reply, LOGIN_COOKIE, token, 900)
    return reply


@routes.get("/health")
async def health(_: Request) -> HTTPResponse:
    return response.text("ok")


@routes.get("/desk/login")
async def login_page(request: Request) -> HTTPResponse:
    return sign_in_page(desk_of(request))


@routes.post("/desk/login")
async def login(request: Request) -> HTTPResponse:
    desk, form = desk_of(request), request.form
    if not hmac.compare_digest(form.get("csrf", ""), request.cookies.get(LOGIN_COOKIE, "")) or not form.get("csrf"):
        return sign_in_page(desk, text.SIGN_IN_PAGE_EXPIRED)
    signed = await run(desk.services.agents.sign_in, form.get("name", "").strip(), form.get("password", ""),
                       request.remote_addr or request.ip)
    if not signed.ok:
        logger.info("desk sign-in refused")
        return sign_in_page(desk, messages.explain(signed))
    reply = response.redirect("/desk/", headers=headers(), status=303)
    set_cookie(desk, reply, SESSION_COOKIE, signed.value, int(SESSION_LENGTH.total_seconds()))
    set_cookie(desk, reply, LOGIN_COOKIE, "", 0)
    return reply


@routes.post("/desk/logout")
async def logout(request: Request) -> HTTPResponse:
    desk = desk_of(request)
    key = request.cookies.get(SESSION_COOKIE, "")
    if key and hmac.compare_digest(request.form.get("csrf", ""), desk.csrf(key)):
        await run(desk.services.agents.sign_out, key)
    reply = response.redirect("/desk/login", headers=headers(), status=303)
    set_cookie(desk, reply, SESSION_COOKIE, "", 0)
    return reply


@routes.get("/desk/")
async def desk_page(request: Request) -> HTTPResponse:
    found = await signed_in(request)
    if found is None:
        return response.redirect("/desk/login", headers=headers(), status=303)
    session, key = found
    return page("desk.html", AGENT=session.agent.name, CSRF=desk_of(request).csrf(key),
                CAN_PAY="1" if session.agent.can_register_payments else "",
                CANNED=json.dumps(text.CANNED_REPLIES, ensure_ascii=False))


@routes.get("/desk/<name:(desk\\.js|desk\\.css)>")
async def static(_: Request, name: str) -> HTTPResponse:
    content_type = "application/javascript" if name.endswith(".js") else "text/css"
    return response.text((STATIC / name).read_text(), content_type=content_type, headers=headers())
