"""The action server: rasa-sdk's app running the ``actions`` package, guarded by a
shared secret. It binds loopback by default; bound elsewhere it refuses to start
without ``ACTION_SERVER_TOKEN``, which Rasa sends in the ``X-Action-Token`` header
(see the endpoints file ``servers.stack`` writes). When the database cannot be
reached it answers 503, and Rasa tells the customer to try again.

    python -m servers.action_server --port 5055
"""
from __future__ import annotations

import argparse
import hmac
import logging
import os
import sys

from rasa_sdk.endpoint import create_app
from sanic import Sanic, response
from sanic.request import Request
from sqlalchemy.exc import DBAPIError

TOKEN_ENV = "ACTION_SERVER_TOKEN"
HOST_ENV = "ACTION_SERVER_HOST"
TOKEN_HEADER = "X-Action-Token"
LOOPBACK = ("127.0.0.1", "::1", "localhost")

logger = logging.getLogger(__name__)


def guarded_app(token: str | None) -> Sanic:
    app = create_app("actions", cors_origins=None)

    @app.exception(DBAPIError)
    async def database_unavailable(request: Request, error: DBAPIError):  # type: ignore[no-untyped-def]
        # The operation's transaction was rolled back: nothing is half written. Rasa
        # tells the customer to try again (connectors.rasa_patches).
        logger.error("Database unavailable (%s): answered 503", type(error.orig).__name__)
        return response.json({"error": "database unavailable"}, status=503)
    if token:
        expected = token.encode()

        @app.middleware("request")
        async def require_token(request: Request):  # type: ignore[no-untyped-def]
            if request.path == "/health":
                return None
            provided = (request.headers.get(TOKEN_HEADER) or "").encode()
            if not hmac.compare_digest(provided, expected):
                return response.json({"error": "missing or wrong action server token"}, status=401)
            return None

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    host = os.environ.get(HOST_ENV, "127.0.0.1")
    token = os.environ.get(TOKEN_ENV) or None
    if host not in LOOPBACK and not token:
        print(f"The action server would be reachable beyond this machine on {host}: set {TOKEN_ENV} "
              f"(and the same value for the Rasa server) first.", file=sys.stderr)
        return 2
    if token and len(token) < 16:
        print(f"{TOKEN_ENV} must be at least 16 characters.", file=sys.stderr)
        return 2
    logger.info("Action server on %s:%s, %s", host, args.port, "token required" if token else "loopback only")
    guarded_app(token).run(host=host, port=args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
