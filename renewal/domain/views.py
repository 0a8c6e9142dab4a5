"""What an operation hands back: the cart with its quote, an order, an account, money received. Plain,
frozen dataclasses, read by the dialogue and the text without knowing where they came from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from renewal.domain.decision import Reason
from renewal.domain.model import Cart, OrderStatus, PaymentMethod, Quote, QuoteLine, ServiceStatus, Subscription


@dataclass(frozen=True)
class CartView:
    cart_id: int
    username: str
    subscription: Subscription
    cart: Cart
    quote: Quote
    status: ServiceStatus
    module_names: dict[str, str]
    module_prices: dict[str, Decimal]
    reference_email: str  # where the order's e-mails go (the holder's reference address)


@dataclass(frozen=True)
class PaymentView:
    """Money received: a payment that concluded its order, or (``refund_reason`` set) money that renews
    nothing and goes back to the customer."""

    order_number: str
    amount: Decimal
    currency: str
    reference: Optional[str]
    received_at: datetime
    refund_reason: Optional[Reason] = None
    refunded_at: Optional[datetime] = None


@dataclass(frozen=True)
class OrderView:
    number: str
    username: str
    reference_email: str
    status: OrderStatus
    payment_method: PaymentMethod
    years: int
    current_expiry: date
    new_expiry: date
    automatic_renewal_date: Optional[date]
    net: Decimal
    discount: Decimal
    vat: Decimal
    total: Decimal
    lines: tuple[QuoteLine, ...]
    placed_at: datetime
    paid_at: Optional[datetime]
    placed_by_agent: Optional[str]
    agreement_code: Optional[str] = None
    refunds: tuple[PaymentView, ...] = ()


@dataclass(frozen=True)
class AccountView:
    username: str
    holder_name: str
    reference_email: str
    subscription: Subscription
    status: ServiceStatus
    open_cart: Optional[CartView]
    unpaid_order: Optional[OrderView]
    renewals_as_is: tuple[Quote, ...] = ()  # everything as bought, for each duration allowed (1 year first: what
    # automatic renewal charges)

    @property
    def renewal_as_is(self) -> Optional[Quote]:
        return self.renewals_as_is[0] if self.renewals_as_is else None

    def as_is_for(self, years: int) -> Optional[Quote]:
        return next((q for q in self.renewals_as_is if q.years == years), None)


@dataclass(frozen=True)
class AgentActionView:
    agent: str
    username: str
    conversation_id: Optional[str]
    action: str
    at: datetime


@dataclass(frozen=True)
class EmailView:
    id: int
    order_number: Optional[str]
    to_address: str
    subject: str
    body: str
    created_at: datetime
    sent_at: Optional[datetime]
    attempts: int = 0
    last_error: Optional[str] = None
    next_attempt_at: Optional[datetime] = None
    gave_up_at: Optional[datetime] = None


