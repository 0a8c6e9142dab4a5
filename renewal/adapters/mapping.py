"""Rows to the core's dataclasses and back: a subscription, a cart, an order with its lines and the money
received, and what a paid order renews."""
from __future__ import annotations

from typing import Optional

from renewal.adapters.tables import (
    AgreementCodeRow,
    CartModuleRow,
    CartRow,
    OrderRow,
    RefundRow,
    SubscriptionModuleRow,
    SubscriptionRow,
)
from renewal.domain import rules
from renewal.domain.decision import Reason
from renewal.domain.model import (
    AgreementCode,
    Cart,
    CartStatus,
    OrderStatus,
    PaymentMethod,
    QuoteLine,
    RenewalMode,
    Subscription,
)
from renewal.domain.views import OrderView, PaymentView


def subscription_of(row: SubscriptionRow) -> Subscription:
    return Subscription(
        expiry_date=row.expiry_date,
        renewal_mode=RenewalMode(row.renewal_mode),
        promotional=row.promotional,
        storage_gb_bought=row.storage_gb_bought,
        storage_gb_used=row.storage_gb_used,
        users_bought=row.users_bought,
        users_configured=row.users_configured,
        modules_bought=frozenset(m.module_code for m in row.modules if m.bought),
        modules_suggested=frozenset(m.module_code for m in row.modules if not m.bought),
        automatic_payment_method=(
            PaymentMethod(row.automatic_payment_method) if row.automatic_payment_method else None
        ),
    )


def cart_of(row: CartRow) -> Cart:
    return Cart(
        storage_gb=row.storage_gb,
        users=row.users,
        modules=frozenset(m.module_code for m in row.modules),
        years=row.years,
        agreement_code=row.agreement_code,
        payment_method=PaymentMethod(row.payment_method) if row.payment_method else None,
        terms_accepted=row.terms_accepted,
        status=CartStatus(row.status),
    )


def write_cart(row: CartRow, cart: Cart) -> None:
    row.storage_gb = cart.storage_gb
    row.users = cart.users
    row.years = cart.years
    row.agreement_code = cart.agreement_code
    row.payment_method = cart.payment_method.value if cart.payment_method else None
    row.terms_accepted = cart.terms_accepted
    row.status = cart.status.value
    current = {m.module_code for m in row.modules}
    row.modules[:] = [m for m in row.modules if m.module_code in cart.modules]
    row.modules.extend(CartModuleRow(module_code=code) for code in sorted(cart.modules - current))


def agreement_of(row: Optional[AgreementCodeRow]) -> Optional[AgreementCode]:
    if row is None:
        return None
    return AgreementCode(row.code, row.association, row.discount_percent, row.valid_from, row.valid_until)


def order_view_of(row: OrderRow) -> OrderView:
    method = PaymentMethod(row.payment_method)
    return OrderView(
        number=row.number,
        username=row.subscription.account.username,
        reference_email=row.subscription.account.reference_email,
        status=OrderStatus(row.status),
        payment_method=method,
        years=row.years,
        current_expiry=row.current_expiry,
        new_expiry=row.new_expiry,
        automatic_renewal_date=(
            rules.automatic_renewal_date(row.new_expiry) if method.switches_on_automatic_renewal else None
        ),
        net=row.net,
        discount=row.discount,
        vat=row.vat,
        total=row.total,
        lines=tuple(
            QuoteLine(line.code, line.description, line.quantity, line.unit_yearly_price, line.years, line.amount)
            for line in row.lines
        ),
        placed_at=row.placed_at,
        paid_at=row.paid_at,
        placed_by_agent=row.placed_by_agent,
        agreement_code=row.agreement_code,
        refunds=tuple(refund_view_of(r) for r in row.refunds),
    )


def refund_view_of(row: RefundRow) -> PaymentView:
    return PaymentView(row.order_number, row.amount, row.currency, row.reference, row.received_at,
                       Reason(row.reason), row.refunded_at)


def conclude_renewal(subscription: SubscriptionRow, cart: CartRow, order: OrderRow) -> None:
    """What the paid order renews becomes what the customer has."""
    subscription.expiry_date = order.new_expiry
    subscription.storage_gb_bought = cart.storage_gb
    subscription.users_bought = cart.users
    ordered = {m.module_code for m in cart.modules}
    offered = {m.module_code: m for m in subscription.modules}
    for code, row in offered.items():
        row.bought = code in ordered
    subscription.modules.extend(
        SubscriptionModuleRow(module_code=code, bought=True) for code in sorted(ordered - offered.keys())
    )
    method = PaymentMethod(order.payment_method)
    if method.switches_on_automatic_renewal:
        subscription.renewal_mode = RenewalMode.AUTOMATIC.value
        subscription.automatic_payment_method = method.value
