"""The renewal rules of RENEWAL_RULES.md, each written once, as a pure function.

Every function takes what it needs (the subscription, the cart, ``today``) and
returns a ``Decision`` whose ``reason`` is machine-readable and whose
``figures`` hold what a message needs.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any, Optional, Union

from dateutil.relativedelta import relativedelta

from renewal.domain.decision import Decision, Reason
from renewal.domain.model import (
    CURRENCY,
    AgreementCode,
    Cart,
    CartStatus,
    IncomingPayment,
    LifecycleState,
    Module,
    OrderStatus,
    PaymentMethod,
    PaymentOutcome,
    RenewalMode,
    ServiceStatus,
    Subscription,
)

GRACE_DAYS = 90
"""From the expiry date, the service works with limitations for 90 days, then it is deleted."""
EXPIRING_WINDOW_DAYS = 30
"""Project choice: within 30 days of the expiry the service counts as expiring."""
AUTOMATIC_RENEWAL_LEAD_DAYS = 7
MIN_YEARS = 1
MAX_YEARS = 10
MAX_PROMOTIONAL_YEARS = 2
MAX_STORAGE_GB = 500
"""Demo limit: the most extra storage one order may carry, unless the customer already has more."""
MAX_EXTRA_USERS = 100
"""Demo limit: the most extra users one order may carry, unless the customer already has more."""
MAX_CODE_FAILURES = 5
CODE_FAILURE_WINDOW = timedelta(hours=1)
"""At most 5 wrong agreement codes per account in an hour: codes cannot be guessed by trying."""

Quantity = Union[int, Decimal, str]


# --- dates -----------------------------------------------------------------

def new_expiry_date(current_expiry: date, years: int) -> date:
    """Calendar years: 29/02/2028 + 1 year is 28/02/2029; 31/01 stays 31/01."""
    moved: date = current_expiry + relativedelta(years=years)
    return moved


def automatic_renewal_date(expiry: date) -> date:
    """Automatic renewal runs 7 days before the expiry it renews."""
    return expiry - timedelta(days=AUTOMATIC_RENEWAL_LEAD_DAYS)


def replaces_automatic_renewal(status: ServiceStatus, unpaid_method: Optional[PaymentMethod]) -> bool:
    """An order waiting to be paid by bank transfer or postal slip renews now, in place of the automatic renewal
    still to come (what the customer was told when ordering)."""
    return status.automatic_renewal_date is not None and unpaid_method is not None \
        and not unpaid_method.switches_on_automatic_renewal


def service_status(subscription: Subscription, today: date) -> ServiceStatus:
    """Lifecycle on ``today``.

    The expiry date is the first day without renewal: from it, for 90 days
    (expiry + 90 included) the service is limited but renewable; from expiry +
    91 it is deleted.
    """
    expiry = subscription.expiry_date
    days_to_expiry = (expiry - today).days
    deletion_date = expiry + timedelta(days=GRACE_DAYS + 1)
    run_date = automatic_renewal_date(expiry) if subscription.renewal_mode is RenewalMode.AUTOMATIC else None
    automatic = run_date if run_date is not None and run_date >= today else None
    missed = run_date if run_date is not None and run_date < today and -days_to_expiry <= GRACE_DAYS else None
    if days_to_expiry > EXPIRING_WINDOW_DAYS:
        state, grace_left = LifecycleState.ACTIVE, None
    elif days_to_expiry > 0:
        state, grace_left = LifecycleState.EXPIRING, None
    elif -days_to_expiry <= GRACE_DAYS:
        state, grace_left = LifecycleState.GRACE, GRACE_DAYS + days_to_expiry
    else:
        state, grace_left = LifecycleState.DELETED, None
    return ServiceStatus(
        state=state,
        on=today,
        expiry_date=expiry,
        days_to_expiry=days_to_expiry,
        deletion_date=deletion_date,
        grace_days_left=grace_left,
        automatic_renewal_date=automatic,
        automatic_renewal_missed=missed,
    )


# --- opening a renewal -----------------------------------------------------

def may_open_renewal(
    subscription: Subscription, today: date, pending_order_number: Optional[str] = None
) -> Decision[ServiceStatus]:
    """Deleted: refused. Pending order: refused (one renewal at a time).
    Grace, automatic renewal to come or missed: allowed, flagged with the figures."""
    status = service_status(subscription, today)
    figures: dict[str, Any] = {
        "expiry_date": status.expiry_date,
        "deletion_date": status.deletion_date,
    }
    if status.state is LifecycleState.DELETED:
        return Decision.refuse(Reason.SERVICE_DELETED, **figures)
    if pending_order_number is not None:
        return Decision.refuse(Reason.ORDER_PENDING_PAYMENT, order_number=pending_order_number, **figures)
    if status.automatic_renewal_missed is not None:
        figures.update(automatic_renewal_missed=status.automatic_renewal_missed,
                       payment_method=subscription.automatic_payment_method)
    if status.state is LifecycleState.GRACE:
        return Decision.allow(
            Reason.IN_GRACE_PERIOD, status, grace_days_left=status.grace_days_left,
            last_renewable_date=status.last_renewable_date, **figures,
        )
    if status.automatic_renewal_missed is not None:
        return Decision.allow(Reason.AUTOMATIC_RENEWAL_MISSED, status, **figures)
    if status.automatic_renewal_date is not None:
        return Decision.allow(
            Reason.AUTOMATIC_RENEWAL_ON, status,
            automatic_renewal_date=status.automatic_renewal_date,
            payment_method=subscription.automatic_payment_method, **figures,
        )
    return Decision.allow(Reason.OK, status, **figures)


def check_payment_renews(subscription: Subscription, today: date) -> Decision[ServiceStatus]:
    """A payment renews the service up to the last renewable day (expiry + 90); from the deletion
    date on the service is gone, so the money is to be refunded and nothing is renewed."""
    status = service_status(subscription, today)
    if status.state is LifecycleState.DELETED:
        return Decision.refuse(Reason.PAYMENT_AFTER_DELETION, expiry_date=status.expiry_date,
                               deletion_date=status.deletion_date)
    return Decision.allow(value=status)


def payment_outcome(status: OrderStatus, order_number: str, total: Decimal, subscription: Subscription,
                    today: date, payment: IncomingPayment, recorded_before: bool) -> Decision[PaymentOutcome]:
    """What money for an order does. A payment recorded before changes nothing. Money a provider took
    is never refused: if it cannot conclude the renewal (the order cancelled or paid already, the
    service deleted, another amount or currency) it is kept on record and refunded. An operator's
    registration with another amount or currency is refused instead, with nothing recorded."""
    figures: dict[str, Any] = {"order_number": order_number, "amount": payment.amount, "currency": payment.currency,
               "total": total}
    if recorded_before:
        return Decision.allow(Reason.PAYMENT_ALREADY_REGISTERED, PaymentOutcome.ALREADY_REGISTERED, **figures)
    if status in (OrderStatus.PAID, OrderStatus.REFUND_DUE):
        if payment.taken:
            return _refund(Reason.PAYMENT_DUPLICATE, **figures)
        return Decision.allow(Reason.PAYMENT_ALREADY_REGISTERED, PaymentOutcome.ALREADY_REGISTERED, **figures)
    if status is OrderStatus.CANCELLED:
        return _refund(Reason.ORDER_CANCELLED, **figures)
    if payment.currency != CURRENCY or (payment.amount is not None and payment.amount != total):
        reason = Reason.PAYMENT_CURRENCY_MISMATCH if payment.currency != CURRENCY else Reason.PAYMENT_AMOUNT_MISMATCH
        return _refund(reason, **figures) if payment.taken else \
            Decision.refuse(reason, outcome=PaymentOutcome.REFUSED, **figures)
    renews = check_payment_renews(subscription, today)
    if not renews.ok:
        return _refund(renews.reason, **figures, **renews.figures)
    return Decision.allow(value=PaymentOutcome.CONCLUDES, **figures)


def _refund(reason: Reason, **figures: object) -> Decision[PaymentOutcome]:
    return Decision.refuse(reason, outcome=PaymentOutcome.REFUND_DUE, refund_due=True, **figures)


def check_order_unpaid(status: OrderStatus, order_number: str) -> Decision[None]:
    """An order may be cancelled, or paid another way, only while it waits for its payment."""
    if status is OrderStatus.CANCELLED:
        return Decision.refuse(Reason.ORDER_CANCELLED, order_number=order_number)
    if status is not OrderStatus.AWAITING_PAYMENT:
        return Decision.refuse(Reason.ORDER_ALREADY_PAID, order_number=order_number)
    return Decision.allow()


def cart_is_open(cart: Cart) -> Decision[Cart]:
    if cart.status is not CartStatus.OPEN:
        return Decision.refuse(Reason.CART_CLOSED)
    return Decision.allow(value=cart)


# --- quantities ------------------------------------------------------------

def whole_quantity(requested: Quantity, maximum: int) -> Decision[int]:
    """A quantity the cart can hold: a whole number from 0 to ``maximum``."""
    try:
        amount = Decimal(str(requested).strip().replace(",", "."))
    except InvalidOperation:
        return Decision.refuse(Reason.NOT_A_WHOLE_NUMBER, requested=requested)
    if not amount.is_finite() or amount != amount.to_integral_value():
        return Decision.refuse(Reason.NOT_A_WHOLE_NUMBER, requested=requested)
    if amount < 0:
        return Decision.refuse(Reason.QUANTITY_NEGATIVE, requested=int(amount))
    if amount > maximum:
        return Decision.refuse(Reason.QUANTITY_TOO_LARGE, requested=int(amount), maximum=maximum)
    return Decision.allow(value=int(amount))


def lowest_storage_gb(subscription: Subscription) -> int:
    """Only the unused part may go: never below the GB in use, rounded up,
    and never forced above what was bought."""
    return min(subscription.storage_gb_bought, math.ceil(subscription.storage_gb_used))


def highest_storage_gb(subscription: Subscription) -> int:
    """The ceiling, never below what the customer already has."""
    return max(MAX_STORAGE_GB, subscription.storage_gb_bought)


def check_storage(subscription: Subscription, requested: Quantity) -> Decision[int]:
    quantity = whole_quantity(requested, highest_storage_gb(subscription))
    if not quantity.ok:
        return quantity
    new_gb = quantity.value
    lowest = lowest_storage_gb(subscription)
    figures: dict[str, Any] = {
        "requested_gb": new_gb,
        "gb_bought": subscription.storage_gb_bought,
        "gb_used": subscription.storage_gb_used,
        "lowest_gb": lowest,
    }
    if new_gb >= lowest:
        return Decision.allow(value=new_gb, **figures)
    if lowest >= subscription.storage_gb_bought:
        return Decision.refuse(Reason.STORAGE_IN_USE, **figures)
    return Decision.refuse(Reason.STORAGE_BELOW_USED, **figures)


def lowest_users(subscription: Subscription) -> int:
    """Configured users stay until deleted in the control panel."""
    return min(subscription.users_bought, subscription.users_configured)


def highest_users(subscription: Subscription) -> int:
    return max(MAX_EXTRA_USERS, subscription.users_bought)


def check_users(subscription: Subscription, requested: Quantity) -> Decision[int]:
    quantity = whole_quantity(requested, highest_users(subscription))
    if not quantity.ok:
        return quantity
    new_users = quantity.value
    figures: dict[str, Any] = {
        "requested_users": new_users,
        "users_bought": subscription.users_bought,
        "users_configured": subscription.users_configured,
        "lowest_users": lowest_users(subscription),
    }
    if new_users >= figures["lowest_users"]:
        return Decision.allow(value=new_users, **figures)
    return Decision.refuse(Reason.USERS_CONFIGURED, **figures)


# --- modules ---------------------------------------------------------------

def check_add_module(
    subscription: Subscription, cart: Cart, code: str, catalogue: Mapping[str, Module]
) -> Decision[frozenset[str]]:
    """Bought modules dropped earlier may come back; suggested ones may be added."""
    module = catalogue.get(code)
    if module is None:
        return Decision.refuse(Reason.MODULE_UNKNOWN, module=code)
    if code in cart.modules:
        return Decision.refuse(Reason.MODULE_ALREADY_IN_CART, module=module.name)
    if code not in subscription.renewable_modules:
        return Decision.refuse(Reason.MODULE_NOT_OFFERED, module=module.name)
    return Decision.allow(value=cart.modules | {code}, module=module.name)


def check_remove_module(
    cart: Cart, code: str, catalogue: Mapping[str, Module]
) -> Decision[frozenset[str]]:
    """Any module may leave the cart ("Non rinnovare")."""
    module = catalogue.get(code)
    if module is None:
        return Decision.refuse(Reason.MODULE_UNKNOWN, module=code)
    if code not in cart.modules:
        return Decision.refuse(Reason.MODULE_NOT_IN_CART, module=module.name)
    return Decision.allow(value=cart.modules - {code}, module=module.name)


# --- agreement codes -------------------------------------------------------

def normalise_code(raw: str) -> str:
    return "".join(raw.split()).upper()


_CODE_SHAPE = re.compile(r"(?=.*[A-Z])(?=.*\d)[A-Z0-9-]{4,20}")


def looks_like_code(raw: str) -> bool:
    """Agreement codes are letters and digits (ING2026)."""
    return bool(_CODE_SHAPE.fullmatch(normalise_code(raw)))


def check_code_shape(raw: str) -> Decision[str]:
    """Only what looks like a code is tried, and counts as an attempt: "boh" or "dopo" use up nothing."""
    if not looks_like_code(raw):
        return Decision.refuse(Reason.CODE_MALFORMED, code=raw.strip()[:40])
    return Decision.allow(value=normalise_code(raw))


def check_code_attempts(recent_failures: int) -> Decision[None]:
    """``recent_failures``: wrong codes the account entered within CODE_FAILURE_WINDOW."""
    if recent_failures >= MAX_CODE_FAILURES:
        return Decision.refuse(Reason.CODE_ATTEMPTS_EXCEEDED, max_failures=MAX_CODE_FAILURES,
                               window_minutes=int(CODE_FAILURE_WINDOW.total_seconds() // 60))
    return Decision.allow()


def check_agreement_code(raw: str, known: Optional[AgreementCode], today: date) -> Decision[AgreementCode]:
    """``known`` is the code found under ``normalise_code(raw)``, if any."""
    code = normalise_code(raw)
    if known is None:
        return Decision.refuse(Reason.CODE_UNKNOWN, code=code)
    figures: dict[str, Any] = {
        "code": known.code,
        "association": known.association,
        "discount_percent": known.discount_percent,
        "valid_from": known.valid_from,
        "valid_until": known.valid_until,
    }
    if today > known.valid_until:
        return Decision.refuse(Reason.CODE_EXPIRED, **figures)
    if today < known.valid_from:
        return Decision.refuse(Reason.CODE_NOT_YET_VALID, **figures)
    return Decision.allow(value=known, **figures)


# --- order form ------------------------------------------------------------

def years_allowed(subscription: Subscription) -> range:
    return range(MIN_YEARS, (MAX_PROMOTIONAL_YEARS if subscription.promotional else MAX_YEARS) + 1)


def check_years(subscription: Subscription, requested: Quantity) -> Decision[int]:
    allowed = years_allowed(subscription)
    figures: dict[str, Any] = {"min_years": allowed.start, "max_years": allowed.stop - 1, "promotional": subscription.promotional}
    quantity = whole_quantity(requested, allowed.stop - 1)
    if not quantity.ok or quantity.value < allowed.start:
        return Decision.refuse(Reason.YEARS_OUT_OF_RANGE, requested=requested, **figures)
    years = quantity.value
    return Decision.allow(
        value=years, years=years,
        new_expiry_date=new_expiry_date(subscription.expiry_date, years), **figures,
    )


PAYMENT_METHOD_WORDS: Mapping[str, PaymentMethod] = {
    # what a customer or operator may type for each method
    **{method.value: method for method in PaymentMethod},
    "carta": PaymentMethod.CARD,
    "carta di credito": PaymentMethod.CARD,
    "bonifico": PaymentMethod.BANK_TRANSFER,
    "bonifico bancario": PaymentMethod.BANK_TRANSFER,
    "bollettino": PaymentMethod.POSTAL_SLIP,
    "bollettino postale": PaymentMethod.POSTAL_SLIP,
}


def check_payment_method(raw: str) -> Decision[PaymentMethod]:
    method = PAYMENT_METHOD_WORDS.get(" ".join(raw.lower().split()))
    if method is None:
        return Decision.refuse(Reason.PAYMENT_METHOD_UNKNOWN, requested=raw)
    return Decision.allow(value=method, payment_method=method)


def check_ready_to_order(
    subscription: Subscription, cart: Cart, today: date, agreement: Optional[AgreementCode] = None
) -> Decision[Cart]:
    """What "Conferma e completa l'ordine" needs; re-checks the cart as a whole.
    ``agreement`` is the record of the cart's code, if it has one."""
    opened = cart_is_open(cart)
    if not opened.ok:
        return opened
    status = service_status(subscription, today)
    if not status.renewable:
        return Decision.refuse(Reason.SERVICE_DELETED, expiry_date=status.expiry_date, deletion_date=status.deletion_date)
    checks: list[Decision[Any]] = [
        check_storage(subscription, cart.storage_gb),
        check_users(subscription, cart.users),
        check_years(subscription, cart.years),
    ]
    if cart.agreement_code is not None:
        checks.append(check_agreement_code(cart.agreement_code, agreement, today))
    for check in checks:
        if not check.ok:
            return check.refused()
    if cart.payment_method is None:
        return Decision.refuse(Reason.PAYMENT_METHOD_MISSING)
    if not cart.terms_accepted:
        return Decision.refuse(Reason.TERMS_NOT_ACCEPTED)
    return Decision.allow(value=cart)
