"""Plain dataclasses the rules work on. No persistence, no Rasa."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import Enum
from typing import Any, Optional


class RenewalMode(str, Enum):
    MANUAL = "manual"
    AUTOMATIC = "automatic"


class PaymentMethod(str, Enum):
    CARD = "card"
    PAYPAL = "paypal"
    BANK_TRANSFER = "bank_transfer"
    POSTAL_SLIP = "postal_slip"

    @property
    def switches_on_automatic_renewal(self) -> bool:
        return self in (PaymentMethod.CARD, PaymentMethod.PAYPAL)


class LifecycleState(str, Enum):
    ACTIVE = "active"
    EXPIRING = "expiring"
    GRACE = "grace"
    DELETED = "deleted"


class CartStatus(str, Enum):
    OPEN = "open"
    ORDERED = "ordered"
    ABANDONED = "abandoned"


class OrderStatus(str, Enum):
    AWAITING_PAYMENT = "awaiting_payment"
    PAID = "paid"
    CANCELLED = "cancelled"
    """Cancelled before it was paid: nothing to pay, nothing renewed."""
    REFUND_DUE = "refund_due"
    """Money arrived that renews nothing (cancelled, deleted, another amount): it goes back."""


CURRENCY = "EUR"
"""Every price and payment is in euro."""


@dataclass(frozen=True)
class IncomingPayment:
    """Money for an order: what a provider has already taken (``taken``: it can only be refunded, never
    refused), or what an operator registers (an amount that does not hold is refused, nothing recorded)."""

    amount: Optional[Decimal] = None  # None: the operator did not say (the order's total)
    currency: str = CURRENCY
    reference: Optional[str] = None
    taken: bool = False


class PaymentOutcome(str, Enum):
    CONCLUDES = "concludes"  # the renewal is concluded
    ALREADY_REGISTERED = "already_registered"  # this very payment was recorded before: nothing changes
    REFUND_DUE = "refund_due"  # money that renews nothing: kept on record, to be refunded
    REFUSED = "refused"  # an operator's registration that does not hold: nothing recorded


@dataclass(frozen=True)
class Module:
    code: str
    name: str
    yearly_price: Decimal
    description: str = ""  # what it does, in a sentence ("Promemoria automatici ai clienti che non hanno pagato.")


@dataclass(frozen=True)
class AgreementCode:
    code: str
    association: str
    discount_percent: Decimal
    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class PriceList:
    """Yearly prices in euro, VAT excluded."""

    service_yearly: Decimal
    promotional_service_yearly: Decimal
    storage_gb_yearly: Decimal
    extra_user_yearly: Decimal
    vat_percent: Decimal


@dataclass(frozen=True)
class Subscription:
    """The service as it stands, before any renewal."""

    expiry_date: date
    renewal_mode: RenewalMode
    promotional: bool
    storage_gb_bought: int
    storage_gb_used: Decimal
    users_bought: int
    users_configured: int
    modules_bought: frozenset[str] = frozenset()
    modules_suggested: frozenset[str] = frozenset()
    automatic_payment_method: Optional[PaymentMethod] = None

    @property
    def renewable_modules(self) -> frozenset[str]:
        return self.modules_bought | self.modules_suggested

    @property
    def suggestions(self) -> frozenset[str]:
        """The add-ons suggested that were not bought ("Potrebbero interessarti anche...")."""
        return self.modules_suggested - self.modules_bought


@dataclass(frozen=True)
class Cart:
    """What the customer is about to order."""

    storage_gb: int
    users: int
    modules: frozenset[str]
    years: int = 1
    agreement_code: Optional[str] = None
    payment_method: Optional[PaymentMethod] = None
    terms_accepted: bool = False
    status: CartStatus = CartStatus.OPEN

    @classmethod
    def for_renewal(cls, subscription: Subscription) -> Cart:
        """A new cart renews everything as bought, for one year."""
        return cls(
            storage_gb=subscription.storage_gb_bought,
            users=subscription.users_bought,
            modules=subscription.modules_bought,
        )

    def with_changes(self, **changes: Any) -> Cart:
        return replace(self, **changes)


@dataclass(frozen=True)
class ServiceStatus:
    """The service's lifecycle on one day."""

    state: LifecycleState
    on: date
    expiry_date: date
    days_to_expiry: int
    deletion_date: date
    grace_days_left: Optional[int] = None
    automatic_renewal_date: Optional[date] = None
    automatic_renewal_missed: Optional[date] = None
    """Automatic renewal was due on this day, before today, and the service is still not renewed."""

    @property
    def renewable(self) -> bool:
        return self.state is not LifecycleState.DELETED

    @property
    def last_renewable_date(self) -> date:
        return self.deletion_date - timedelta(days=1)


@dataclass(frozen=True)
class QuoteLine:
    code: str
    description: str
    quantity: int
    unit_yearly_price: Decimal
    years: int
    amount: Decimal


@dataclass(frozen=True)
class Quote:
    """Price and dates of a cart. Amounts in euro; VAT and discount shown apart."""

    lines: tuple[QuoteLine, ...]
    years: int
    current_expiry: date
    new_expiry: date
    duration_days: int
    net: Decimal
    discount_percent: Decimal
    discount: Decimal
    taxable: Decimal
    vat_percent: Decimal
    vat: Decimal
    total: Decimal
    agreement_code: Optional[str] = None
    association: Optional[str] = None
    automatic_renewal_date: Optional[date] = field(default=None)
