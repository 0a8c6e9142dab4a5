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
import json
import logging
import sys
import zlib

from rasa_sdk.executor import ActionExecutor
from rasa_sdk.interfaces import ActionExecutionRejection, ActionNotFoundException
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy.exc import DBAPIError

from actions.processor import ActionProcess
from renewal.bootstrap import Services, build
from renewal.config import ACTION_TOKEN_ENV, ACTION_TOKEN_HEADER, Settings

LOOPBACK = ("127.0.0.1", "::1", "localhost")

logger = logging.getLogger(__name__)


def guarded_app(services: Services, token: str | None) -> Sanic:
    """rasa-sdk's endpoints (``/webhook``, ``/actions``, ``/health``) around the one action, built once
    with the process's services (rasa-sdk's own app would build it with none)."""
    executor = ActionExecutor()
    executor.register_action(ActionProcess(services))
    app = Sanic("actions", configure_logging=False)

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    @app.get("/actions")
    async def actions(_: Request) -> HTTPResponse:
        return response.json([{"name": name} for name in executor.actions])

    @app.post("/webhook")
    async def webhook(request: Request) -> HTTPResponse:
        body = zlib.decompress(request.body) if request.headers.get("Content-Encoding") == "deflate" else request.body
        try:
            action_call = json.loads(body)
        except ValueError:
            action_call = None
        if not isinstance(action_call, dict):
            return response.json({"error": "Invalid body request"}, status=400)
        try:
            return response.json(await executor.run(action_call))
        except ActionExecutionRejection as error:
            return response.json({"error": error.message, "action_name": error.action_name}, status=400)
        except ActionNotFoundException as error:
            logger.error(error)
            return response.json({"error": error.message, "action_name": error.action_name}, status=404)

    @app.exception(DBAPIError)
    async def database_unavailable(request: Request, error: DBAPIError):
        # The operation's transaction was rolled back: nothing is half written. Rasa
        # tells the customer to try again (connectors.rasa_patches).
        logger.error("Database unavailable (%s): answered 503", type(error.orig).__name__)
        return response.json({"error": "database unavailable"}, status=503)
    if token:
        expected = token.encode()

        @app.middleware("request")
        async def require_token(request: Request):
            if request.path == "/health":
                return None
            provided = (request.headers.get(ACTION_TOKEN_HEADER) or "").encode()
            if not hmac.compare_digest(provided, expected):
                return response.json({"error": "missing or wrong action server token"}, status=401)
            return None

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=5055)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = Settings.from_env()
    host, token = settings.action_host, settings.action_token
    if host not in LOOPBACK and not token:
        print(f"The action server would be reachable beyond this machine on {host}: set {ACTION_TOKEN_ENV} "
              f"(and the same value for the Rasa server) first.", file=sys.stderr)
        return 2
    if token and len(token) < 16:
        print(f"{ACTION_TOKEN_ENV} must be at least 16 characters.", file=sys.stderr)
        return 2
    logger.info("Action server on %s:%s, %s", host, args.port, "token required" if token else "loopback only")
    guarded_app(build(settings, migrate=True), token).run(host=host, port=args.port, workers=1, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
