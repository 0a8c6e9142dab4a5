"""A support agent at the desk, over HTTP as the page talks to it: sign-in form with its CSRF token,
the session cookie, the page's CSRF token on every change, and the live events stream."""
from __future__ import annotations

import http.cookiejar
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any, Optional

from renewal.adapters.db import Database
from renewal.domain.clock import FixedClock
from renewal.services.desk_agents import DeskAgents
from tests.conftest import TODAY

PASSWORD = "una-password-lunga-1"


def make_agent(database_url: str, name: str, can_register_payments: bool = False, supervisor: bool = False) -> None:
    """An agent whose display name is their first name: "mario.rossi" is "Mario" to customers."""
    assert DeskAgents(Database(database_url), FixedClock(TODAY)).create(
        name, PASSWORD, can_register_payments, name.split(".")[0].capitalize(), supervisor).ok


class DeskAgent:
    def __init__(self, desk_url: str) -> None:
        self.url = desk_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        self.csrf = ""

    def get(self, path: str) -> tuple[int, str]:
        try:
            with self.opener.open(f"{self.url}{path}", timeout=30) as reply:
                return reply.status, reply.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def sign_in(self, name: str, password: str = PASSWORD) -> str:
        _, page = self.get("/desk/login")
        token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"csrf": token, "name": name, "password": password}).encode()
        with self.opener.open(urllib.request.Request(f"{self.url}/desk/login", data=form), timeout=30) as reply:
            page = reply.read().decode()
        found = re.search(r'<meta name="csrf" content="([^"]+)"', page)
        self.csrf = found.group(1) if found else ""
        return page

    def post(self, path: str, body: Optional[dict] = None, csrf: Optional[str] = None) -> tuple[int, dict]:
        request = urllib.request.Request(f"{self.url}{path}", data=json.dumps(body or {}).encode(), method="POST",
                                         headers={"Content-Type": "application/json",
                                                  "X-CSRF-Token": self.csrf if csrf is None else csrf})
        try:
            with self.opener.open(request, timeout=60) as reply:
                return reply.status, json.loads(reply.read())
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"{}")

    def wait_for(self, check: Callable[[dict], bool], open_id: Optional[int] = None, seconds: float = 30) -> dict:
        """Reads the live events stream until a state passes ``check``."""
        deadline = time.monotonic() + seconds
        query = f"?open={open_id}" if open_id else ""
        last: dict[str, Any] = {}
        with self.opener.open(f"{self.url}/desk/events{query}", timeout=seconds) as stream:
            assert stream.headers["Content-Type"].startswith("text/event-stream")
            for raw in stream:
                line = raw.decode().strip()
                if line.startswith("data: "):
                    last = json.loads(line[len("data: "):])
                    if check(last):
                        return last
                if time.monotonic() > deadline:
                    break
        raise AssertionError(f"the desk never showed the expected state; last: {json.dumps(last)[:2000]}")
