"""Quotes: yearly prices times years, discount and VAT shown apart, cents exact."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from renewal.domain.model import AgreementCode, Cart, PaymentMethod, PriceList
from renewal.domain.pricing import quote
from renewal.text.formats import format_euro
from tests.unit.test_rules import CATALOGUE, subscription

PRICES = PriceList(Decimal("25.00"), Decimal("12.00"), Decimal("2.00"), Decimal("5.00"), Decimal("22"))
ING = AgreementCode("ING2026", "Ordine degli Ingegneri", Decimal("15"), date(2026, 1, 1), date(2027, 12, 31))


def test_one_year_quote_lines_and_vat():
    sub = subscription(expiry_date=date(2026, 12, 14))
    q = quote(sub, Cart.for_renewal(sub), PRICES, CATALOGUE)
    assert [(line.code, line.quantity, line.amount) for line in q.lines] == [
        ("service", 1, Decimal("25.00")),
        ("storage", 3, Decimal("6.00")),
        ("users", 3, Decimal("15.00")),
        ("module:conservazione", 1, Decimal("20.00")),
    ]
    assert q.net == Decimal("66.00")
    assert q.vat == Decimal("14.52")
    assert q.total == Decimal("80.52")
    assert (q.current_expiry, q.new_expiry, q.duration_days) == (date(2026, 12, 14), date(2027, 12, 14), 365)


def test_years_multiply_and_move_the_expiry():
    sub = subscription(expiry_date=date(2026, 12, 14))
    q = quote(sub, Cart.for_renewal(sub).with_changes(years=3), PRICES, CATALOGUE)
    assert q.net == Decimal("198.00")
    assert q.new_expiry == date(2029, 12, 14)
    assert q.duration_days == 1096


def test_discount_applies_to_the_net_and_vat_to_what_is_left():
    sub = subscription()
    q = quote(sub, Cart.for_renewal(sub), PRICES, CATALOGUE, ING)
    assert q.discount == Decimal("9.90")
    assert q.taxable == Decimal("56.10")
    assert q.vat == Decimal("12.34")  # 12.342 rounded half up
    assert q.total == Decimal("68.44")
    assert (q.agreement_code, q.association) == ("ING2026", "Ordine degli Ingegneri")


def test_promotional_product_uses_the_promotional_price():
    sub = subscription(promotional=True, storage_gb_bought=0, users_bought=0, modules_bought=frozenset())
    q = quote(sub, Cart.for_renewal(sub), PRICES, CATALOGUE)
    assert q.net == Decimal("12.00")


def test_automatic_renewal_date_follows_card_and_paypal_only():
    sub = subscription(expiry_date=date(2026, 12, 14))
    cart = Cart.for_renewal(sub)
    assert quote(sub, cart.with_changes(payment_method=PaymentMethod.PAYPAL), PRICES, CATALOGUE) \
        .automatic_renewal_date == date(2027, 12, 7)
    assert quote(sub, cart.with_changes(payment_method=PaymentMethod.POSTAL_SLIP), PRICES, CATALOGUE) \
        .automatic_renewal_date is None


def test_euro_format_is_italian():
    assert format_euro(Decimal("1234.5")) == "1.234,50 €"
    assert format_euro(Decimal("0.005")) == "0,01 €"
