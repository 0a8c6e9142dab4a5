"""Card and PayPal: a hosted payment page, and the provider's signed notification that concludes the renewal.

The project never sees a card. After a card or PayPal order the customer gets a pay link: a checkout made
by the payment provider for the order's number and total (``PaymentProvider.create_checkout``, shaped like
Stripe Checkout sessions and PayPal Orders). The provider tells the project how it went with a notification
signed with HMAC over a timestamp and the body; ``PaymentService.receive`` checks it (unsigned, wrongly
signed, stale and replayed notifications are refused; one delivered twice changes nothing) and a payment
registers through ``RenewalService.register_payment``, the same function as an operator's registration.
The customer is told in the conversation that asked for the link (``renewal.services.notices``).

The provider comes from the settings (``renewal.bootstrap.provider_for``): ``RENEWAL_PAYMENT_PROVIDER=demo``
is the demo provider the run command serves locally (``renewal.adapters.payment_demo``); a real one is another module
with the same calls.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from typing import Optional, Protocol

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from renewal.adapters.db import Database
from renewal.adapters.tables import CheckoutRow, OrderRow, PaymentNotificationRow, aware
from renewal.domain.clock import Clock
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import CURRENCY, IncomingPayment, OrderStatus
from renewal.domain.views import OrderView
from renewal.services.notices import Notices
from renewal.services.renewals import RenewalService
from renewal.text import messages
from renewal.text import receipts as receipts_text

logger = logging.getLogger(__name__)

SIGNATURE_TOLERANCE = timedelta(minutes=5)
"""A notification signed longer ago than this is refused as stale (Stripe's default tolerance)."""


class ProviderUnavailable(Exception):
    """The payment provider did not answer, or refused: no checkout was made."""


class CheckoutStatus(str, Enum):
    OPEN = "open"  # payable on the provider's page
    PAID = "paid"
    FAILED = "failed"  # the payment was refused, or the customer gave up: the order stays payable
    EXPIRED = "expired"  # the provider's link timed out, or the project withdrew it


class NotificationKind(str, Enum):
    PAID = "checkout.paid"
    FAILED = "checkout.failed"
    EXPIRED = "checkout.expired"


@dataclass(frozen=True)
class Checkout:
    """A provider's hosted payment page for one order."""

    checkout_id: str
    url: str
    expires_at: datetime
    status: CheckoutStatus = CheckoutStatus.OPEN
    payment_id: Optional[str] = None
    amount: Optional[Decimal] = None
    currency: str = CURRENCY


@dataclass(frozen=True)
class Notification:
    """What a verified provider notification says."""

    event_id: str
    kind: NotificationKind
    checkout_id: str
    order_number: str
    amount: Decimal
    currency: str
    payment_id: Optional[str] = None


class PaymentProvider(Protocol):
    name: str

    def create_checkout(self, order: OrderView, description: str) -> Checkout:
        """A hosted payment page for the order's total; raises ProviderUnavailable."""

    def fetch_checkout(self, checkout_id: str) -> Checkout:
        """The checkout as the provider has it now; raises ProviderUnavailable."""

    def expire_checkout(self, checkout_id: str) -> Checkout:
        """The page no longer takes payments (the order was cancelled or is paid another way): the checkout
        as it is after, which is paid if the customer paid first; raises ProviderUnavailable."""

    def verify(self, body: bytes, headers: Mapping[str, str], now: datetime) -> Decision[Notification]:
        """The notification if it is signed with the shared secret within the tolerance."""


# --- signatures: HMAC-SHA256 over "timestamp.body", as in Stripe's signature header ---------------

def sign(secret: bytes, body: bytes, timestamp: int) -> str:
    digest = hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


SIGNATURE_HEADER_SHAPE = re.compile(r"[\x20-\x7e]{1,1000}")
TIMESTAMP_SHAPE = re.compile(r"[0-9]{1,12}")
DIGEST_SHAPE = re.compile(r"[0-9a-f]{64}")


def check_signature(secret: bytes, body: bytes, header: Optional[str], now: datetime) -> Decision[int]:
    """The header's timestamp if one of its signatures is the body's and it is recent enough. A header of
    any other shape (non-ASCII digits, a timestamp of thousands of digits, a signature that is not hex)
    is refused like a wrong signature."""
    if not header:
        return Decision.refuse(Reason.SIGNATURE_MISSING)
    if not SIGNATURE_HEADER_SHAPE.fullmatch(header):
        return Decision.refuse(Reason.SIGNATURE_INVALID)
    parts = [part.partition("=") for part in header.split(",")]
    stamps = [value.strip() for key, _, value in parts if key.strip() == "t"]
    signatures = [value.strip() for key, _, value in parts if key.strip() == "v1"]
    if len(stamps) != 1 or not TIMESTAMP_SHAPE.fullmatch(stamps[0]) \
            or not any(DIGEST_SHAPE.fullmatch(candidate) for candidate in signatures):
        return Decision.refuse(Reason.SIGNATURE_INVALID)
    timestamp = int(stamps[0])
    expected = sign(secret, body, timestamp).rpartition("v1=")[2].encode()
    if not any(hmac.compare_digest(expected, candidate.encode()) for candidate in signatures
               if DIGEST_SHAPE.fullmatch(candidate)):
        return Decision.refuse(Reason.SIGNATURE_INVALID)
    age = now.timestamp() - timestamp
    if abs(age) > SIGNATURE_TOLERANCE.total_seconds():
        return Decision.refuse(Reason.SIGNATURE_STALE, age_seconds=int(age))
    return Decision.allow(value=timestamp)


# --- the service -------------------------------------------------------------------------------

@dataclass(frozen=True)
class PayLink:
    order: OrderView
    url: str
    expires_at: datetime


@dataclass(frozen=True)
class Received:
    """What a notification did: ``duplicate`` when it had been handled already (nothing changed)."""

    kind: NotificationKind
    order_number: str
    duplicate: bool = False
    notice_id: Optional[int] = None  # the message for the customer, to deliver (``renewal.services.notices``)
    notice: str = ""
    conversation_id: Optional[str] = None
    channel: Optional[str] = None
    outcome: str = ""


class PaymentService:
    def __init__(self, database: Database, clock: Clock, provider: PaymentProvider, renewals: RenewalService,
                 notices: Notices) -> None:
        self.database = database
        self.clock = clock
        self.provider = provider
        self.renewals = renewals
        self.notices = notices

    # --- the pay link ---------------------------------------------------------------------

    def pay_link(self, number: str, conversation_id: str = "", channel: str = "rest") -> Decision[PayLink]:
        """The order's payment page: the open one again, or a new one. The conversation asking is the one
        told when the payment arrives. A link paid meanwhile (its notification not arrived yet) registers
        the payment now, from the provider's own record."""
        found = self.renewals.order(number)
        if not found.ok:
            return found  # type: ignore[return-value]
        order = found.value
        checked = _payable_by_link(order)
        if not checked.ok:
            return checked  # type: ignore[return-value]
        now = self.clock.now()
        for row in self._open_checkouts(order.number):
            try:
                current = self.provider.fetch_checkout(row.provider_checkout_id)
            except ProviderUnavailable as error:
                return Decision.refuse(Reason.PROVIDER_UNAVAILABLE, order_number=order.number, error=str(error))
            if current.status is CheckoutStatus.PAID:
                self._paid(row.provider_checkout_id, order.number, current.amount or order.total, current.currency,
                           current.payment_id)
                return self.pay_link(number, conversation_id, channel)  # now refused: already paid
            if current.status is CheckoutStatus.OPEN and aware(current.expires_at) > now + timedelta(minutes=5):
                self._follow(row.id, conversation_id, channel)
                return Decision.allow(value=PayLink(order, row.url, aware(current.expires_at)))
            self._ended(row.provider_checkout_id, current.status if current.status is not CheckoutStatus.OPEN
                        else CheckoutStatus.EXPIRED)
        try:
            checkout = self.provider.create_checkout(order, receipts_text.checkout_description(order))
        except ProviderUnavailable as error:
            logger.error("no checkout for order %s: %s", order.number, error)
            return Decision.refuse(Reason.PROVIDER_UNAVAILABLE, order_number=order.number, error=str(error))
        with self.database.transaction() as session:
            order_id = session.scalar(select(OrderRow.id).where(OrderRow.number == order.number))
            session.add(CheckoutRow(order_id=order_id, provider=self.provider.name,
                                    provider_checkout_id=checkout.checkout_id, url=checkout.url,
                                    amount=order.total, currency=CURRENCY, status=CheckoutStatus.OPEN.value,
                                    conversation_id=conversation_id[:200] or None,
                                    channel=channel[:32], created_at=now, expires_at=checkout.expires_at))
        return Decision.allow(value=PayLink(order, checkout.url, checkout.expires_at))

    def withdraw_links(self, number: str) -> Decision[int]:
        """The order's open pages stop taking payments (before it is cancelled or paid another way): how
        many were withdrawn. Refused if the provider cannot be reached (the page may still take money), or
        if the customer had paid first (the payment is registered now, from the provider's record)."""
        withdrawn = 0
        for row in self._open_checkouts(number):
            try:
                after = self.provider.expire_checkout(row.provider_checkout_id)
            except ProviderUnavailable as error:
                logger.error("checkout of order %s not withdrawn at the provider: %s", number, error)
                return Decision.refuse(Reason.PROVIDER_UNAVAILABLE, order_number=number, withdrawing=True)
            if after.status is CheckoutStatus.PAID:
                self._paid(row.provider_checkout_id, number, after.amount or Decimal(0), after.currency,
                           after.payment_id)
                return Decision.refuse(Reason.ORDER_ALREADY_PAID, order_number=number)
            withdrawn += self._ended(row.provider_checkout_id, after.status if after.status is not CheckoutStatus.OPEN
                                     else CheckoutStatus.EXPIRED)
        return Decision.allow(value=withdrawn)

    def _open_checkouts(self, number: str) -> list[CheckoutRow]:
        with self.database.transaction() as session:
            return list(session.scalars(
                select(CheckoutRow).join(OrderRow, CheckoutRow.order_id == OrderRow.id)
                .where(OrderRow.number == number.strip().upper(), CheckoutRow.provider == self.provider.name,
                       CheckoutRow.status == CheckoutStatus.OPEN.value)
                .order_by(CheckoutRow.id.desc())))

    def _follow(self, checkout_row_id: int, conversation_id: str, channel: str) -> None:
        if conversation_id:
            with self.database.transaction() as session:
                session.execute(update(CheckoutRow).where(CheckoutRow.id == checkout_row_id)
                                .values(conversation_id=conversation_id[:200], channel=channel[:32]))

    def _ended(self, checkout_id: str, status: CheckoutStatus) -> int:
        """Open → ``status``, once: the number of checkouts this changed (0 or 1)."""
        with self.database.transaction() as session:
            return session.execute(
                update(CheckoutRow)
                .where(CheckoutRow.provider == self.provider.name, CheckoutRow.provider_checkout_id == checkout_id,
                       CheckoutRow.status == CheckoutStatus.OPEN.value)
                .values(status=status.value, ended_at=self.clock.now())).rowcount

    # --- the provider's notification --------------------------------------------------------

    def receive(self, body: bytes, headers: Mapping[str, str], now: datetime) -> Decision[Received]:
        """A notification from the provider. ``now`` is the wall clock (the signature's age), not the
        business day. Refused (nothing changes): unsigned, wrongly signed, stale, or this very request
        again (same signature). The same event delivered again with a fresh signature is acknowledged
        as a duplicate and changes nothing."""
        verified = self.provider.verify(body, headers, now)
        if not verified.ok:
            return verified  # type: ignore[return-value]
        note = verified.value
        signature_hash = hashlib.sha256(str(verified.figures.get("signature", "")).encode()).hexdigest()
        with self.database.transaction() as session:
            seen = list(session.scalars(select(PaymentNotificationRow).where(
                PaymentNotificationRow.provider == self.provider.name,
                PaymentNotificationRow.event_id == note.event_id[:100])))
        if any(row.signature_hash == signature_hash for row in seen):
            return Decision.refuse(Reason.NOTIFICATION_REPLAYED, event_id=note.event_id)
        if seen:
            received = Received(note.kind, note.order_number, duplicate=True, outcome=seen[0].outcome)
        elif note.kind is NotificationKind.PAID:
            received = self._paid(note.checkout_id, note.order_number, note.amount, note.currency, note.payment_id)
        else:
            received = self._not_paid(note)
        try:
            with self.database.transaction() as session:
                session.add(PaymentNotificationRow(provider=self.provider.name, event_id=note.event_id[:100],
                                                   signature_hash=signature_hash, kind=note.kind.value,
                                                   order_number=note.order_number[:32], received_at=now,
                                                   outcome=received.outcome[:200]))
        except IntegrityError:  # this very request, twice at once: the other one is recorded
            return Decision.refuse(Reason.NOTIFICATION_REPLAYED, event_id=note.event_id)
        return Decision.allow(value=received)

    def _checkout_row(self, checkout_id: str) -> tuple[Optional[CheckoutRow], str]:
        """The checkout and its order's number, in one read."""
        with self.database.read() as session:
            found = session.execute(select(CheckoutRow, OrderRow.number).join(OrderRow, OrderRow.id == CheckoutRow.order_id)
                                    .where(CheckoutRow.provider == self.provider.name,
                                           CheckoutRow.provider_checkout_id == checkout_id)).first()
            return (found[0], found[1]) if found is not None else (None, "")

    def _paid(self, checkout_id: str, number: str, amount: Decimal, currency: str, payment_id: Optional[str]
              ) -> Received:
        """Money the provider took: registered once (``register_payment``, the operator's function too),
        or kept on record to be refunded when it renews nothing; the customer told once."""
        row, order_number = self._checkout_row(checkout_id)
        reference = f"{self.provider.name}:{payment_id or checkout_id}"
        if row is None:
            logger.error("payment for unknown checkout %s (order %s): kept to be refunded", checkout_id, number)
            self.renewals.keep_unmatched_payment(number, IncomingPayment(amount, currency, reference, taken=True))
            return Received(NotificationKind.PAID, number, outcome="unknown checkout: refund due")
        paid = self.renewals.register_payment(order_number, amount, reference, currency=currency, taken=True)
        self._ended(checkout_id, CheckoutStatus.PAID)
        if paid.reason is Reason.PAYMENT_ALREADY_REGISTERED or paid.figures.get("already_registered"):
            return Received(NotificationKind.PAID, order_number, outcome="already registered")
        if paid.ok:
            text, outcome = receipts_text.payment_registered(paid.value), "registered"
        else:
            text = messages.explain(paid)
            outcome = f"{'refund due' if paid.figures.get('refund_due') else 'not registered'}: {paid.reason.value}"
            logger.error("payment of order %s not registered: %s", order_number, outcome)
        return self._tell(row, NotificationKind.PAID, order_number, text, outcome)

    def _not_paid(self, note: Notification) -> Received:
        row, order_number = self._checkout_row(note.checkout_id)
        if row is None:
            return Received(note.kind, note.order_number, outcome="unknown checkout")
        status = CheckoutStatus.FAILED if note.kind is NotificationKind.FAILED else CheckoutStatus.EXPIRED
        if not self._ended(note.checkout_id, status):
            return Received(note.kind, order_number, outcome="checkout already ended")
        order = self.renewals.order(order_number)
        if not order.ok or order.value.status is not OrderStatus.AWAITING_PAYMENT:
            return Received(note.kind, order_number, outcome="order not payable")
        return self._tell(row, note.kind, order_number, receipts_text.payment_not_completed(order.value, status.value),
                          status.value)

    def _tell(self, row: CheckoutRow, kind: NotificationKind, number: str, text: str, outcome: str) -> Received:
        if not row.conversation_id:
            return Received(kind, number, outcome=outcome)
        notice = self.notices.post(row.conversation_id, text)
        return Received(kind, number, notice_id=notice, notice=text, conversation_id=row.conversation_id,
                        channel=row.channel, outcome=outcome)


def open_checkouts(database: Database, number: str) -> int:
    """How many pay pages of the order are open, at any provider (a process without a provider can
    still tell that it must not change the order)."""
    with database.read() as session:
        return session.scalar(select(func.count(CheckoutRow.id)).join(OrderRow, CheckoutRow.order_id == OrderRow.id)
                              .where(OrderRow.number == number.strip().upper(),
                                     CheckoutRow.status == CheckoutStatus.OPEN.value)) or 0


def _payable_by_link(order: OrderView) -> Decision[OrderView]:
    if order.status is OrderStatus.PAID:
        return Decision.refuse(Reason.ORDER_ALREADY_PAID, order_number=order.number)
    if order.status is not OrderStatus.AWAITING_PAYMENT:
        return Decision.refuse(Reason.ORDER_CANCELLED, order_number=order.number)
    if not order.payment_method.switches_on_automatic_renewal:
        return Decision.refuse(Reason.NO_PAY_LINK, order_number=order.number, payment_method=order.payment_method,
                               reference_email=order.reference_email)
    return Decision.allow(value=order)


def wall_clock_now() -> datetime:
    """Signatures age in real time, whatever business day the clock is pinned to."""
    return datetime.now(timezone.utc)
