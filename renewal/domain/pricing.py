"""The price of a cart: yearly prices times years, discount and VAT shown apart."""
from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Optional

from renewal.domain.model import AgreementCode, Cart, Module, PriceList, Quote, QuoteLine, Subscription
from renewal.domain.money import percent_of, to_cents
from renewal.domain.rules import automatic_renewal_date, new_expiry_date

SERVICE_LINE = "service"
STORAGE_LINE = "storage"
USERS_LINE = "users"
MODULE_LINE = "module:"  # then the module's code


def _line(code: str, description: str, quantity: int, unit: Decimal, years: int) -> QuoteLine:
    return QuoteLine(code, description, quantity, unit, years, to_cents(unit * quantity * years))


def quote(
    subscription: Subscription,
    cart: Cart,
    prices: PriceList,
    catalogue: Mapping[str, Module],
    agreement: Optional[AgreementCode] = None,
) -> Quote:
    """``agreement`` is the cart's code once checked; its discount applies to the net total."""
    years = cart.years
    service_price = prices.promotional_service_yearly if subscription.promotional else prices.service_yearly
    lines = [_line(SERVICE_LINE, "Fatturazione Elettronica", 1, service_price, years)]
    if cart.storage_gb:
        lines.append(_line(STORAGE_LINE, "Spazio aggiuntivo (GB)", cart.storage_gb, prices.storage_gb_yearly, years))
    if cart.users:
        lines.append(_line(USERS_LINE, "Utenti aggiuntivi", cart.users, prices.extra_user_yearly, years))
    for code in sorted(cart.modules):
        module = catalogue[code]
        lines.append(_line(f"{MODULE_LINE}{code}", module.name, 1, module.yearly_price, years))
    net = sum((line.amount for line in lines), Decimal("0.00"))
    discount_percent = agreement.discount_percent if agreement else Decimal(0)
    discount = percent_of(net, discount_percent)
    taxable = net - discount
    vat = percent_of(taxable, prices.vat_percent)
    new_expiry = new_expiry_date(subscription.expiry_date, years)
    return Quote(
        lines=tuple(lines),
        years=years,
        current_expiry=subscription.expiry_date,
        new_expiry=new_expiry,
        duration_days=(new_expiry - subscription.expiry_date).days,
        net=net,
        discount_percent=discount_percent,
        discount=discount,
        taxable=taxable,
        vat_percent=prices.vat_percent,
        vat=vat,
        total=taxable + vat,
        agreement_code=agreement.code if agreement else None,
        association=agreement.association if agreement else None,
        automatic_renewal_date=(
            automatic_renewal_date(new_expiry)
            if cart.payment_method is not None and cart.payment_method.switches_on_automatic_renewal
            else None
        ),
    )
