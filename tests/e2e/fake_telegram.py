"""A fake Telegram Bot API server on loopback: it records what the bot sends
(``/bot<token>/<method>``, form or JSON bodies as aiogram posts them) and answers
as the Bot API documents it."""
from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

from aiohttp import web


class FakeBotApi:
    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()
        self._loop = asyncio.new_event_loop()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._next_message_id = 1000

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def _method(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = {k: v for k, v in (await request.post()).items()}
        with self._lock:
            self.calls.append((method, params))
            self._next_message_id += 1
            message_id = self._next_message_id
        if method == "sendMessage":
            result: Any = {"message_id": message_id, "date": int(time.time()), "text": params.get("text"),
                           "chat": {"id": int(params["chat_id"]), "type": "private"},
                           "from": {"id": 1, "is_bot": True, "first_name": "Rinnovi", "username": "rinnovi_bot"}}
        elif method == "getMe":
            result = {"id": 1, "is_bot": True, "first_name": "Rinnovi", "username": "rinnovi_bot"}
        else:
            result = True
        return web.json_response({"ok": True, "result": result})

    def start(self) -> FakeBotApi:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._method)
        self._runner = web.AppRunner(app)
        ready = threading.Event()

        def serve() -> None:
            asyncio.set_event_loop(self._loop)
            self._loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            self._loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()

        threading.Thread(target=serve, daemon=True).start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        async def shutdown() -> None:
            await self._runner.cleanup()
        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)

    def sent(self, since: int = 0) -> list[dict[str, Any]]:
        """The messages the bot sent, each with its text and keyboard (parsed)."""
        with self._lock:
            calls = self.calls[since:]
        out = []
        for method, params in calls:
            if method == "sendMessage":
                markup = params.get("reply_markup")
                out.append({"chat_id": str(params["chat_id"]), "text": params.get("text", ""),
                            "reply_markup": json.loads(markup) if isinstance(markup, str) else markup})
        return out

    def mark(self) -> int:
        with self._lock:
            return len(self.calls)
