"""The support page with the chat widget, for local runs and the browser tests.

It stands in for the customer area: the customer is signed in there, so the page
carries a signed token for their account in the widget's ``customData``, which
the socket.io channel hands to the actions as metadata. The widget
(``rasa-webchat`` from npm, ``npm ci`` in ``web/``) is served from
``web/node_modules``: nothing is loaded from a CDN.

    python -m servers.webchat --port 8080 --rasa-url http://127.0.0.1:5005
    open http://127.0.0.1:8080/?account=1000002@aruba.it   (demo sign-in)
"""
from __future__ import annotations

import argparse
import html
import json
import sys
from collections.abc import Callable
from datetime import timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from renewal.bootstrap import build
from renewal.config import Settings
from renewal.services.access import AccessService
from renewal.services.demo import ACCOUNTS

WEB = Path(__file__).resolve().parent.parent / "web"
WIDGET = WEB / "node_modules" / "rasa-webchat" / "lib" / "index.js"
FONT_IMPORT = b"@import url(https://fonts.googleapis.com/css?family=Inter:400,500,700&display=swap);"
"""The widget's web-font import: the page's CSP would block it (an error in the console each load), so it is taken
out when the widget is served; system fonts are used."""
PAGE = WEB / "public" / "index.html"
STARTER = WEB / "public" / "chat.js"
DEFAULT_ACCOUNT = ACCOUNTS[0].username
TOKEN_VALIDITY = timedelta(hours=2)


def render_page(account: str, token: str, rasa_url: str) -> bytes:
    links = " · ".join(f'<a href="/?account={quote(demo.username)}">{html.escape(demo.username)}</a>'
                       for demo in ACCOUNTS)
    config = json.dumps({"token": token, "socketUrl": rasa_url}).replace("<", "\\u003c")
    page = (PAGE.read_text().replace("{{ACCOUNT}}", html.escape(account))
            .replace("{{ACCOUNT_LINKS}}", links).replace("{{CONFIG}}", config))
    return page.encode()


def content_security_policy(rasa_url: str) -> str:
    """Scripts from this page only, connections to the Rasa server only: nothing
    leaves for a CDN (the widget's web-font import is taken out when served, system fonts are used)."""
    socket_url = rasa_url.replace("http", "ws", 1)
    return (f"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
            f"font-src 'self' data:; "
            f"connect-src 'self' {rasa_url} {socket_url}; frame-ancestors 'none'")


def handler(access: AccessService, rasa_url: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            routes: dict[str, Callable[[], None]] = {
                "/": lambda: self._page(parse_qs(url.query).get("account", [DEFAULT_ACCOUNT])[0]),
                "/webchat.js": lambda: self._script(WIDGET, without=FONT_IMPORT),
                "/chat.js": lambda: self._script(STARTER),
                "/health": lambda: self._send(HTTPStatus.OK, b"ok", "text/plain"),
            }
            routes.get(url.path, lambda: self._send(HTTPStatus.NOT_FOUND, b"not found", "text/plain"))()

        def _page(self, account: str) -> None:
            token = access.mint_customer_token(account[:64], TOKEN_VALIDITY)
            if not token.ok:
                self._send(HTTPStatus.NOT_FOUND, f"Account sconosciuto: {html.escape(account[:64])}".encode(),
                           "text/plain; charset=utf-8")
                return
            self._send(HTTPStatus.OK, render_page(account, token.value, rasa_url), "text/html; charset=utf-8")

        def _script(self, path: Path, without: bytes = b"") -> None:
            if not path.exists():
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, b"run 'npm ci' in web/ first", "text/plain")
                return
            script = path.read_bytes()
            self._send(HTTPStatus.OK, script.replace(without, b"") if without else script, "application/javascript")

        def _send(self, status: HTTPStatus, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Security-Policy", content_security_policy(rasa_url))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # the query names an account, not a token
            sys.stderr.write(f"web: {self.command} {urlsplit(self.path).path} {args[1] if len(args) > 1 else ''}\n")

    return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://127.0.0.1:5005")
    args = parser.parse_args(argv)
    if not WIDGET.exists():
        print("The chat widget is missing: run 'npm ci' in web/ (make run does).", file=sys.stderr)
        return 2
    access = build(Settings.from_env(), provider=None, migrate=True).access
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(access, args.rasa_url))
    print(f"Support page on http://127.0.0.1:{args.port}/", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
