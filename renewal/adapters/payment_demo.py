"""The demo payment provider's adapter: the project's side of ``servers.demo_provider``, over its HTTP API,
as an adapter for Stripe Checkout or PayPal Orders would be (create a checkout, read it, expire it, check
a notification's signature).

    RENEWAL_PAYMENT_PROVIDER=demo
    RENEWAL_DEMO_PROVIDER_URL=http://127.0.0.1:8083     the provider's API and pages
    RENEWAL_DEMO_PROVIDER_API_KEY=...                   the project's key at the provider
    RENEWAL_PAYMENT_WEBHOOK_SECRET=...                  signs the provider's notifications
(read by ``renewal.config``, built by ``renewal.bootstrap.provider_for``)
"""
from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from renewal.domain.decision import Decision, Reason
from renewal.domain.views import OrderView
from renewal.services.payments import (
    Checkout,
    CheckoutStatus,
    Notification,
    NotificationKind,
    ProviderUnavailable,
    check_signature,
)

SIGNATURE_HEADER = "Demo-Signature"
TIMEOUT_SECONDS = 10
CURRENCY_SHAPE = re.compile(r"[A-Za-z]{3}")


def to_cents(amount: Decimal) -> int:
    return int((amount * 100).to_integral_value())


def from_cents(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


@dataclass
class DemoProvider:
    url: str
    api_key: str
    secret: bytes
    name: str = "demo"

    def _call(self, method: str, path: str, body: Optional[dict[str, Any]] = None) -> dict[str, Any]:
        request = urllib.request.Request(
            f"{self.url}{path}", method=method, data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.api_key}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as reply:
                return json.loads(reply.read())
        except urllib.error.HTTPError as error:
            raise ProviderUnavailable(f"{method} {path}: HTTP {error.code}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise ProviderUnavailable(f"{method} {path}: {type(error).__name__}") from error

    def create_checkout(self, order: OrderView, description: str) -> Checkout:
        return _checkout(self._call("POST", "/v1/checkouts", {
            "order_number": order.number, "amount_cents": to_cents(order.total), "currency": "EUR",
            "description": description, "payment_method": order.payment_method.value}))

    def fetch_checkout(self, checkout_id: str) -> Checkout:
        return _checkout(self._call("GET", f"/v1/checkouts/{urllib.parse.quote(checkout_id, safe='')}"))

    def expire_checkout(self, checkout_id: str) -> Checkout:
        return _checkout(self._call("POST", f"/v1/checkouts/{urllib.parse.quote(checkout_id, safe='')}/expire", {}))

    def verify(self, body: bytes, headers: Mapping[str, str], now: datetime) -> Decision[Notification]:
        signature = _header(headers, SIGNATURE_HEADER)
        signed = check_signature(self.secret, body, signature, now)
        if not signed.ok:
            return signed  # type: ignore[return-value]
        try:
            event = json.loads(body)
            data = event["data"]
            cents, currency = data["amount_cents"], data["currency"]
            if isinstance(cents, bool) or not isinstance(cents, int) or not isinstance(currency, str) \
                    or not CURRENCY_SHAPE.fullmatch(currency):
                raise ValueError("amount_cents must be a whole number and currency three letters")
            note = Notification(event_id=str(event["id"]), kind=NotificationKind(event["type"]),
                                checkout_id=str(data["checkout_id"]), order_number=str(data["order_number"]),
                                amount=from_cents(cents), currency=currency.upper(),
                                payment_id=str(data["payment_id"]) if data.get("payment_id") else None)
        except (ValueError, KeyError, TypeError, InvalidOperation, AttributeError):
            return Decision.refuse(Reason.NOTIFICATION_MALFORMED)
        return Decision.allow(value=note, signature=signature)


def _header(headers: Mapping[str, str], name: str) -> Optional[str]:
    for key, value in headers.items():
        if key.lower() == name.lower():
            return value
    return None


def _checkout(reply: dict[str, Any]) -> Checkout:
    try:
        return Checkout(checkout_id=str(reply["id"]), url=str(reply["url"]),
                        expires_at=datetime.fromisoformat(reply["expires_at"]),
                        status=CheckoutStatus(reply["status"]), payment_id=reply.get("payment_id"),
                        amount=from_cents(int(reply["amount_cents"])), currency=str(reply.get("currency", "EUR")))
    except (KeyError, ValueError, TypeError) as error:
        raise ProviderUnavailable(f"unreadable checkout: {type(error).__name__}") from error
