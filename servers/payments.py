"""The payment provider's webhook: its signed notifications conclude card and PayPal renewals.

``POST /payments/webhook`` hands the raw body and headers to ``renewal.services.payments.PaymentService.receive``:
unsigned, wrongly signed, stale or replayed notifications get 400/409 and change nothing; the same event
again gets 200 and changes nothing. A payment registered, failed or abandoned is told to the customer in
the conversation that asked for the link: at once on the web chat and Telegram (through Rasa's HTTP API),
with their next message on REST.

    python -m servers.payments --port 8082 --rasa-api-url http://127.0.0.1:5005
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import sys

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from renewal.bootstrap import build
from renewal.config import API_SECRET_ENV, PAYMENT_PROVIDER_ENV, SettingMissing, Settings
from renewal.domain.decision import Reason
from renewal.services.payments import PaymentService, Received, wall_clock_now
from renewal.text import messages
from servers.rasa_api import RasaApi, RasaUnavailable

logger = logging.getLogger(__name__)

MAX_BODY = 64 * 1024


def build_app(payments: PaymentService, rasa: RasaApi, name: str = "payments") -> Sanic:
    app = Sanic(name)
    app.config.REQUEST_MAX_SIZE = MAX_BODY

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.text("ok")

    @app.post("/payments/webhook")
    async def webhook(request: Request) -> HTTPResponse:
        received = await asyncio.to_thread(payments.receive, request.body, dict(request.headers), wall_clock_now())
        if not received.ok:
            logger.warning("provider notification refused: %s", received.reason.value)
            status = 409 if received.reason is Reason.NOTIFICATION_REPLAYED else 400
            return response.json({"received": False, "reason": received.reason.value,
                                  "message": messages.explain(received)}, status=status)
        outcome = received.value
        logger.info("notification %s for order %s: %s%s", outcome.kind.value, outcome.order_number, outcome.outcome,
                    " (duplicate)" if outcome.duplicate else "")
        if outcome.notice_id is not None:
            await tell(outcome)
        return response.json({"received": True, "duplicate": outcome.duplicate, "outcome": outcome.outcome})

    async def tell(outcome: Received) -> None:
        """Recorded in the conversation and sent on the customer's live channel; on REST (or if Rasa does
        not answer) it stays for their next message."""
        conversation_id, notice_id = outcome.conversation_id, outcome.notice_id
        if conversation_id is None or notice_id is None:
            return
        try:
            await rasa.deliver(conversation_id, outcome.channel or "rest", outcome.notice,
                               lambda: payments.notices.mark_delivered(notice_id))
        except RasaUnavailable as error:
            logger.error("could not tell conversation about order %s: %s", outcome.order_number, error)

    return app


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servers.payments", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8082)
    parser.add_argument("--rasa-api-url", default="http://127.0.0.1:5005")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    try:
        api_secret = settings.secret(API_SECRET_ENV)
        services = build(settings, migrate=True)
    except SettingMissing as error:
        print(f"The payment webhook cannot start: {error}.", file=sys.stderr)
        return 2
    payments = services.payments
    if payments is None:
        print(f"The payment webhook needs a provider ({PAYMENT_PROVIDER_ENV}).", file=sys.stderr)
        return 2
    provider = payments.provider
    print(f"Payment webhook on http://{args.host}:{args.port}/payments/webhook ({provider.name})", flush=True)
    build_app(payments, RasaApi(args.rasa_api_url, api_secret)).run(host=args.host, port=args.port, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
