"""A demo payment provider, served locally by the run command: what Stripe Checkout or PayPal would be.

Its API (for the project, with its API key): create a checkout for an order, read it, expire it. Its page
(for the customer, at the checkout's unguessable address): the amount, the order number and the renewal
being bought, with "Paga" and "Annulla" (and a refused payment, to try that path). Each outcome is notified
to the project's webhook, signed with HMAC-SHA256 over a timestamp and the body in the ``Demo-Signature``
header, and delivered again with backoff until the project answers 2xx. No real money moves: the page
says so. Its records are its own (a SQLite file by default), not the project's database.

    python -m servers.demo_provider --port 8083 --webhook-url http://127.0.0.1:8082/payments/webhook
"""
from __future__ import annotations

import argparse
import asyncio
import json
import logging
import secrets
import sys
import time
import urllib.error
import urllib.request
from datetime import datetime, timedelta, timezone
from hmac import compare_digest
from pathlib import Path
from typing import Any, Optional

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse
from sqlalchemy import Column, DateTime, Integer, String, create_engine, select
from sqlalchemy.orm import declarative_base, sessionmaker

from renewal.adapters.payment_demo import SIGNATURE_HEADER, from_cents
from renewal.adapters.tables import aware
from renewal.config import DEMO_PROVIDER_API_KEY_ENV, WEBHOOK_SECRET_ENV, WEBHOOK_URL_ENV, SettingMissing, Settings
from renewal.services.payments import sign
from renewal.text.formats import format_euro

logger = logging.getLogger(__name__)

CHECKOUT_LIFETIME = timedelta(hours=24)
RETRY_DELAYS = (2, 10, 30, 120, 600)  # seconds before each new delivery of a notification
METHOD_NAMES = {"card": "Carta di credito", "paypal": "PayPal"}
HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                      "frame-ancestors 'none'; base-uri 'none'",
           "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer", "Cache-Control": "no-store"}

Base: Any = declarative_base()  # SQLAlchemy 1.4 has no types: the tables are Any to mypy


class DemoCheckoutRow(Base):
    __tablename__ = "demo_checkouts"
    id = Column(String(40), primary_key=True)
    order_number = Column(String(32), nullable=False)
    amount_cents = Column(Integer, nullable=False)
    currency = Column(String(3), nullable=False)
    description = Column(String(300), nullable=False)
    payment_method = Column(String(16), nullable=False)
    status = Column(String(16), nullable=False)  # open, paid, failed, expired
    payment_id = Column(String(40))
    created_at = Column(DateTime(timezone=True), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    completed_at = Column(DateTime(timezone=True))


def reset_records(url: str) -> int:
    """Forgets every checkout (``demo reset``): a page made for an order number that the new demo data
    gives to another order can no longer be paid. How many were forgotten."""
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return 0
    engine = create_engine(url, future=True)
    try:
        Base.metadata.create_all(engine)
        with engine.begin() as connection:
            return connection.execute(DemoCheckoutRow.__table__.delete()).rowcount
    finally:
        engine.dispose()


class Provider:
    """The provider's records and its notifications to the project."""

    def __init__(self, database_url: str, public_url: str, api_key: str, secret: bytes, webhook_url: str) -> None:
        if database_url.startswith("sqlite:///"):
            Path(database_url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(database_url, future=True)
        Base.metadata.create_all(self.engine)
        self.sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)
        self.public_url, self.api_key, self.secret, self.webhook_url = public_url.rstrip("/"), api_key, secret, webhook_url

    def create(self, body: dict[str, Any]) -> DemoCheckoutRow:
        now = datetime.now(timezone.utc)
        row = DemoCheckoutRow(id=f"cs_{secrets.token_urlsafe(18)}", order_number=str(body["order_number"])[:32],
                              amount_cents=int(body["amount_cents"]), currency=str(body.get("currency", "EUR"))[:3],
                              description=str(body.get("description", ""))[:300],
                              payment_method=str(body.get("payment_method", "card"))[:16], status="open",
                              created_at=now, expires_at=now + CHECKOUT_LIFETIME)
        if row.amount_cents <= 0:
            raise ValueError("amount_cents must be positive")
        with self.sessions.begin() as session:
            session.add(row)
        return row

    def get(self, checkout_id: str) -> Optional[DemoCheckoutRow]:
        with self.sessions.begin() as session:
            row = session.get(DemoCheckoutRow, checkout_id)
            if row is not None and row.status == "open" and aware(row.expires_at) < datetime.now(timezone.utc):
                row.status = "expired"
            return row

    def complete(self, checkout_id: str, status: str) -> Optional[DemoCheckoutRow]:
        """open → paid, failed or expired, once; the checkout as it is after."""
        with self.sessions.begin() as session:
            row = session.scalars(select(DemoCheckoutRow).where(DemoCheckoutRow.id == checkout_id)
                                  .with_for_update()).first()
            if row is None or row.status != "open":
                return None
            row.status, row.completed_at = status, datetime.now(timezone.utc)
            if status == "paid":
                row.payment_id = f"pay_{secrets.token_hex(8)}"
            return row

    def view(self, row: DemoCheckoutRow) -> dict[str, Any]:
        return {"id": row.id, "url": f"{self.public_url}/pay/{row.id}", "status": row.status,
                "order_number": row.order_number, "amount_cents": row.amount_cents, "currency": row.currency,
                "payment_id": row.payment_id, "expires_at": aware(row.expires_at).isoformat()}

    def event(self, row: DemoCheckoutRow) -> bytes:
        return json.dumps({"id": f"evt_{secrets.token_hex(10)}", "type": f"checkout.{row.status}",
                           "created": int(time.time()),
                           "data": {"checkout_id": row.id, "order_number": row.order_number,
                                    "amount_cents": row.amount_cents, "currency": row.currency,
                                    "payment_id": row.payment_id}}).encode()

    def deliver(self, body: bytes) -> bool:
        """One delivery, signed now: whether the project took it (2xx)."""
        request = urllib.request.Request(self.webhook_url, data=body, method="POST", headers={
            "Content-Type": "application/json", SIGNATURE_HEADER: sign(self.secret, body, int(time.time()))})
        try:
            with urllib.request.urlopen(request, timeout=15) as reply:
                return 200 <= reply.status < 300
        except (urllib.error.URLError, OSError) as error:
            logger.warning("notification not delivered: %s", getattr(error, "code", type(error).__name__))
            return False


def _page(title: str, body: str, status: int = 200) -> HTTPResponse:
    return response.html(f"""<!doctype html><html lang="it"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;color:#222}}
.box{{border:1px solid #ccc;border-radius:8px;padding:1.2rem}}.amount{{font-size:2rem;margin:.4rem 0}}
button{{font-size:1rem;padding:.6rem 1.2rem;margin:.3rem .3rem 0 0;border-radius:6px;border:1px solid #888}}
.pay{{background:#0b5;color:#fff;border-color:#0b5}}.demo{{color:#a40;font-size:.9rem}}</style></head>
<body><p class="demo">Fornitore di pagamento dimostrativo: nessun addebito reale.</p>{body}</body></html>""",
                         status=status, headers=HEADERS)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def build_app(provider: Provider, name: str = "demo_provider") -> Sanic:
    app = Sanic(name)

    async def run(function: Any, *args: Any) -> Any:
        return await asyncio.to_thread(function, *args)

    def authorised(request: Request) -> bool:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ")
        return bool(given) and compare_digest(given.encode(), provider.api_key.encode())

    async def notify(row: DemoCheckoutRow) -> None:
        """Delivered now; if the project does not take it, again later (in the background)."""
        body = provider.event(row)
        if await run(provider.deliver, body):
            return

        async def again() -> None:
            for delay in RETRY_DELAYS:
                await asyncio.sleep(delay)
                if await run(provider.deliver, body):
                    return
            logger.error("notification for checkout %s given up after %d deliveries", row.id, len(RETRY_DELAYS) + 1)
        app.add_task(again())

    @app.get("/health")
    async def health(_: Request) -> HTTPResponse:
        return response.text("ok")

    # --- the API, for the project --------------------------------------------------------

    @app.post("/v1/checkouts")
    async def create(request: Request) -> HTTPResponse:
        if not authorised(request):
            return response.json({"error": "unauthorised"}, status=401)
        try:
            row = await run(provider.create, request.json or {})
        except (KeyError, ValueError, TypeError) as error:
            return response.json({"error": f"invalid checkout: {error}"}, status=400)
        return response.json(provider.view(row), status=201)

    @app.get("/v1/checkouts/<checkout_id>")
    async def read(request: Request, checkout_id: str) -> HTTPResponse:
        if not authorised(request):
            return response.json({"error": "unauthorised"}, status=401)
        row = await run(provider.get, checkout_id)
        return response.json(provider.view(row)) if row else response.json({"error": "not found"}, status=404)

    @app.post("/v1/checkouts/<checkout_id>/expire")
    async def expire(request: Request, checkout_id: str) -> HTTPResponse:
        if not authorised(request):
            return response.json({"error": "unauthorised"}, status=401)
        await run(provider.complete, checkout_id, "expired")
        row = await run(provider.get, checkout_id)
        return response.json(provider.view(row)) if row else response.json({"error": "not found"}, status=404)

    # --- the page, for the customer ------------------------------------------------------

    @app.get("/pay/<checkout_id>")
    async def page(request: Request, checkout_id: str) -> HTTPResponse:
        row = await run(provider.get, checkout_id)
        if row is None:
            return _page("Pagamento", "<h1>Pagina di pagamento inesistente</h1>", 404)
        if row.status != "open":
            return _page("Pagamento", _outcome(row))
        return _page("Pagamento", _checkout_form(row))

    @app.post("/pay/<checkout_id>/<outcome:(pay|cancel|decline)>")
    async def choose(request: Request, checkout_id: str, outcome: str) -> HTTPResponse:
        status = {"pay": "paid", "cancel": "expired", "decline": "failed"}[outcome]
        row = await run(provider.complete, checkout_id, status)
        if row is not None:
            await notify(row)
        else:
            row = await run(provider.get, checkout_id)
            if row is None:
                return _page("Pagamento", "<h1>Pagina di pagamento inesistente</h1>", 404)
        return _page("Pagamento", _outcome(row))

    return app


def _checkout_form(row: DemoCheckoutRow) -> str:
    method = METHOD_NAMES.get(row.payment_method, row.payment_method)
    return f"""<h1>Pagamento con {method}</h1><div class="box">
<p>Ordine n. <strong id="order">{_escape(row.order_number)}</strong></p>
<p class="amount" id="amount">{format_euro(from_cents(row.amount_cents))}</p>
<p id="description">{_escape(row.description)}</p>
<form method="post" action="/pay/{row.id}/pay"><button class="pay" type="submit">Paga</button></form>
<form method="post" action="/pay/{row.id}/cancel"><button type="submit">Annulla</button></form>
<form method="post" action="/pay/{row.id}/decline"><button type="submit">Simula un pagamento rifiutato</button></form>
</div>"""


def _outcome(row: DemoCheckoutRow) -> str:
    amount = format_euro(from_cents(row.amount_cents))
    said = {"paid": f"Pagamento riuscito: {amount} per l'ordine n. {_escape(row.order_number)}.",
            "failed": "Pagamento rifiutato: non ti è stato addebitato nulla.",
            "expired": "Pagamento non completato: questa pagina non è più valida."}[row.status]
    return f'<h1 id="outcome">{said}</h1><p>Puoi chiudere questa pagina e tornare alla chat.</p>'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servers.demo_provider", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8083)
    parser.add_argument("--public-url", default=None, help="where customers' browsers reach the pages")
    parser.add_argument("--webhook-url", default=None, help=f"default: ${WEBHOOK_URL_ENV}, or the local webhook")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    try:
        api_key, secret = settings.secret(DEMO_PROVIDER_API_KEY_ENV).decode(), settings.secret(WEBHOOK_SECRET_ENV)
    except SettingMissing as error:
        print(f"The demo payment provider cannot start: {error}.", file=sys.stderr)
        return 2
    provider = Provider(settings.demo_provider_database_url, args.public_url or f"http://127.0.0.1:{args.port}",
                        api_key, secret, args.webhook_url or settings.webhook_url)
    print(f"Demo payment provider on http://{args.host}:{args.port}/", flush=True)
    build_app(provider).run(host=args.host, port=args.port, access_log=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
