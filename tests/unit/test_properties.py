"""Property-based tests: cart invariants hold whatever the customer asks, in any order."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from renewal.domain import rules
from renewal.domain.model import Cart, RenewalMode, Subscription
from renewal.domain.pricing import quote
from tests.unit.test_pricing import ING, PRICES
from tests.unit.test_rules import CATALOGUE

MODULE_CODES = sorted(CATALOGUE) + ["sconosciuto"]


@st.composite
def subscriptions(draw) -> Subscription:
    bought = draw(st.integers(0, 50))
    users = draw(st.integers(0, 20))
    modules = draw(st.sets(st.sampled_from(sorted(CATALOGUE))))
    suggested = draw(st.sets(st.sampled_from(sorted(CATALOGUE)))) - modules
    return Subscription(
        expiry_date=draw(st.dates(date(2020, 1, 1), date(2040, 12, 31))),
        renewal_mode=draw(st.sampled_from(RenewalMode)),
        promotional=draw(st.booleans()),
        storage_gb_bought=bought,
        storage_gb_used=draw(st.decimals(0, bought + 2, places=3)),
        users_bought=users,
        users_configured=draw(st.integers(0, users)),
        modules_bought=frozenset(modules),
        modules_suggested=frozenset(suggested),
    )


quantities = st.one_of(
    st.integers(-5, 600), st.decimals(-5, 600, places=2, allow_nan=False),
    st.text(max_size=8), st.sampled_from(["NaN", "1e400", "-0", "3,0"]),
)
operations = st.lists(st.tuples(
    st.sampled_from(["storage", "users", "add", "remove", "years"]),
    st.one_of(quantities, st.sampled_from(MODULE_CODES)),
), max_size=25)


def apply(sub: Subscription, cart: Cart, op: str, arg) -> Cart:
    """One change through the rules; a refusal leaves the cart as it was."""
    if op == "storage":
        d = rules.check_storage(sub, arg)
        return cart.with_changes(storage_gb=d.value) if d.ok else cart
    if op == "users":
        d = rules.check_users(sub, arg)
        return cart.with_changes(users=d.value) if d.ok else cart
    if op == "years":
        d = rules.check_years(sub, arg)
        return cart.with_changes(years=d.value) if d.ok else cart
    check = rules.check_add_module if op == "add" else None
    d = check(sub, cart, str(arg), CATALOGUE) if check else rules.check_remove_module(cart, str(arg), CATALOGUE)
    return cart.with_changes(modules=d.value) if d.ok else cart


@settings(max_examples=300, deadline=None)
@given(subscriptions(), operations)
def test_no_sequence_of_requests_breaks_the_cart(sub, ops):
    cart = Cart.for_renewal(sub)
    for op, arg in ops:
        cart = apply(sub, cart, op, arg)
        assert cart.storage_gb >= rules.lowest_storage_gb(sub)
        assert 0 <= cart.storage_gb <= rules.highest_storage_gb(sub)
        assert cart.users >= rules.lowest_users(sub)
        assert cart.modules <= sub.renewable_modules
        assert cart.years in rules.years_allowed(sub)


@settings(max_examples=300, deadline=None)
@given(subscriptions(), st.integers(0, 40), st.integers(0, 40), st.booleans(), st.data())
def test_quote_arithmetic(sub, storage, users, with_code, data):
    years = data.draw(st.sampled_from(list(rules.years_allowed(sub))))
    cart = Cart.for_renewal(sub).with_changes(storage_gb=storage, users=users, years=years)
    q = quote(sub, cart, PRICES, CATALOGUE, ING if with_code else None)
    cents = Decimal("0.01")
    for amount in (q.net, q.discount, q.taxable, q.vat, q.total):
        assert amount == amount.quantize(cents) and amount >= 0
    assert q.net == sum(line.amount for line in q.lines)
    assert q.taxable == q.net - q.discount
    assert q.total == q.taxable + q.vat
    assert q.discount <= q.net
    one_year = quote(sub, cart.with_changes(years=1), PRICES, CATALOGUE, None)
    assert q.net == one_year.net * years


@given(st.dates(date(2000, 1, 1), date(2080, 12, 31)), st.integers(1, 10))
def test_new_expiry_is_the_same_day_years_later_or_28_february(expiry, years):
    new = rules.new_expiry_date(expiry, years)
    assert new.year == expiry.year + years
    if (expiry.month, expiry.day) == (2, 29) and new.month == 2 and new.day == 28:
        return
    assert (new.month, new.day) == (expiry.month, expiry.day)


@given(st.dates(date(2000, 1, 1), date(2080, 12, 31)), st.integers(-200, 200))
def test_lifecycle_is_a_function_of_days_since_expiry(expiry, offset):
    sub = Subscription(expiry, RenewalMode.MANUAL, False, 0, Decimal(0), 0, 0)
    status = rules.service_status(sub, expiry + timedelta(days=offset))
    assert status.renewable == (offset <= rules.GRACE_DAYS)
    if status.grace_days_left is not None:
        assert 0 <= status.grace_days_left <= rules.GRACE_DAYS
        assert status.grace_days_left == rules.GRACE_DAYS - offset
