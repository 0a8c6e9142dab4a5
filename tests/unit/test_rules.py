"""Every rule of RENEWAL_RULES.md at its edges, on plain dataclasses."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from renewal.domain import rules
from renewal.domain.decision import Reason
from renewal.domain.model import (
    AgreementCode,
    Cart,
    CartStatus,
    LifecycleState,
    Module,
    PaymentMethod,
    RenewalMode,
    Subscription,
)

TODAY = date(2026, 11, 24)
CATALOGUE = {
    "conservazione": Module("conservazione", "Conservazione a norma", Decimal("20.00")),
    "api": Module("api", "Integrazione API", Decimal("30.00")),
    "archivio": Module("archivio", "Archivio documenti", Decimal("10.00")),
}


def subscription(**changes) -> Subscription:
    values = dict(
        expiry_date=TODAY + timedelta(days=20), renewal_mode=RenewalMode.MANUAL, promotional=False,
        storage_gb_bought=3, storage_gb_used=Decimal("1.0"), users_bought=3, users_configured=2,
        modules_bought=frozenset({"conservazione"}), modules_suggested=frozenset({"api"}),
    )
    values.update(changes)
    return Subscription(**values)


# --- extra storage -----------------------------------------------------------

@pytest.mark.parametrize("requested", [1, 2, 3, 4, 500])
def test_storage_bought_3_used_1_may_go_down_to_1_or_up(requested):
    decision = rules.check_storage(subscription(), requested)
    assert decision.ok and decision.value == requested


def test_storage_bought_3_used_1_may_not_go_to_0_and_says_the_lowest():
    decision = rules.check_storage(subscription(), 0)
    assert not decision.ok
    assert decision.reason is Reason.STORAGE_BELOW_USED
    assert decision.figures["lowest_gb"] == 1
    assert decision.figures["gb_used"] == Decimal("1.0")
    assert decision.figures["gb_bought"] == 3


@pytest.mark.parametrize("requested", [0, 1, 2])
def test_storage_bought_3_used_2_5_may_not_decrease_at_all(requested):
    decision = rules.check_storage(subscription(storage_gb_used=Decimal("2.5")), requested)
    assert not decision.ok
    assert decision.reason is Reason.STORAGE_IN_USE
    assert decision.figures == {"requested_gb": requested, "gb_bought": 3, "gb_used": Decimal("2.5"), "lowest_gb": 3}


def test_storage_bought_3_used_2_5_may_stay_or_grow():
    sub = subscription(storage_gb_used=Decimal("2.5"))
    assert rules.check_storage(sub, 3).ok
    assert rules.check_storage(sub, 4).ok


def test_storage_used_a_fraction_over_a_whole_gb_rounds_the_floor_up():
    sub = subscription(storage_gb_bought=5, storage_gb_used=Decimal("2.01"))
    assert rules.lowest_storage_gb(sub) == 3
    assert not rules.check_storage(sub, 2).ok
    assert rules.check_storage(sub, 3).ok


def test_storage_used_beyond_bought_never_forces_an_increase():
    sub = subscription(storage_gb_bought=3, storage_gb_used=Decimal("3.4"))
    assert rules.check_storage(sub, 3).ok
    assert rules.check_storage(sub, 2).reason is Reason.STORAGE_IN_USE


def test_storage_nothing_used_may_go_to_zero():
    assert rules.check_storage(subscription(storage_gb_used=Decimal("0")), 0).ok


@pytest.mark.parametrize("requested, reason", [
    (Decimal("2.5"), Reason.NOT_A_WHOLE_NUMBER),
    ("due", Reason.NOT_A_WHOLE_NUMBER),
    ("", Reason.NOT_A_WHOLE_NUMBER),
    ("NaN", Reason.NOT_A_WHOLE_NUMBER),
    ("Infinity", Reason.NOT_A_WHOLE_NUMBER),
    (-1, Reason.QUANTITY_NEGATIVE),
    (501, Reason.QUANTITY_TOO_LARGE),
    (10**30, Reason.QUANTITY_TOO_LARGE),
])
def test_storage_impossible_quantities(requested, reason):
    assert rules.check_storage(subscription(), requested).reason is reason


def test_quantities_accept_whole_numbers_written_as_text():
    assert rules.whole_quantity(" 4 ", 10).value == 4
    assert rules.whole_quantity("4,0", 10).value == 4


# --- extra users ---------------------------------------------------------------

def test_users_may_not_go_below_configured():
    decision = rules.check_users(subscription(), 1)
    assert decision.reason is Reason.USERS_CONFIGURED
    assert decision.figures["users_configured"] == 2
    assert decision.figures["lowest_users"] == 2


@pytest.mark.parametrize("requested", [2, 3, 10])
def test_users_may_go_down_to_configured_or_up(requested):
    assert rules.check_users(subscription(), requested).value == requested


def test_users_none_configured_may_go_to_zero():
    assert rules.check_users(subscription(users_configured=0), 0).ok


def test_users_impossible_quantities():
    assert rules.check_users(subscription(), -2).reason is Reason.QUANTITY_NEGATIVE
    assert rules.check_users(subscription(), 101).reason is Reason.QUANTITY_TOO_LARGE
    assert rules.check_users(subscription(), "1.5").reason is Reason.NOT_A_WHOLE_NUMBER


# --- modules -------------------------------------------------------------------

def test_bought_module_may_be_dropped_and_brought_back():
    sub = subscription()
    cart = Cart.for_renewal(sub)
    dropped = rules.check_remove_module(cart, "conservazione", CATALOGUE)
    assert dropped.ok and dropped.value == frozenset()
    back = rules.check_add_module(sub, cart.with_changes(modules=dropped.value), "conservazione", CATALOGUE)
    assert back.ok and back.value == frozenset({"conservazione"})


def test_suggested_module_may_be_added_and_removed_again():
    sub = subscription()
    cart = Cart.for_renewal(sub)
    added = rules.check_add_module(sub, cart, "api", CATALOGUE)
    assert added.value == frozenset({"conservazione", "api"})
    removed = rules.check_remove_module(cart.with_changes(modules=added.value), "api", CATALOGUE)
    assert removed.value == frozenset({"conservazione"})


def test_module_refusals():
    sub = subscription()
    cart = Cart.for_renewal(sub)
    assert rules.check_add_module(sub, cart, "teletrasporto", CATALOGUE).reason is Reason.MODULE_UNKNOWN
    assert rules.check_add_module(sub, cart, "archivio", CATALOGUE).reason is Reason.MODULE_NOT_OFFERED
    assert rules.check_add_module(sub, cart, "conservazione", CATALOGUE).reason is Reason.MODULE_ALREADY_IN_CART
    assert rules.check_remove_module(cart, "api", CATALOGUE).reason is Reason.MODULE_NOT_IN_CART
    assert rules.check_remove_module(cart, "teletrasporto", CATALOGUE).reason is Reason.MODULE_UNKNOWN


# --- agreement codes -----------------------------------------------------------

CODE = AgreementCode("ING2026", "Ordine degli Ingegneri", Decimal("15"), date(2026, 1, 1), date(2026, 12, 31))


def test_code_is_normalised_before_lookup():
    assert rules.normalise_code(" ing 2026\t") == "ING2026"


def test_valid_code_on_its_first_and_last_day():
    assert rules.check_agreement_code("ING2026", CODE, date(2026, 1, 1)).ok
    assert rules.check_agreement_code("ING2026", CODE, date(2026, 12, 31)).ok


def test_expired_code_the_day_after_its_last():
    decision = rules.check_agreement_code("ING2026", CODE, date(2027, 1, 1))
    assert decision.reason is Reason.CODE_EXPIRED
    assert decision.figures["valid_until"] == date(2026, 12, 31)


def test_code_not_yet_valid_and_unknown():
    assert rules.check_agreement_code("ING2026", CODE, date(2025, 12, 31)).reason is Reason.CODE_NOT_YET_VALID
    unknown = rules.check_agreement_code("xyz 99", None, TODAY)
    assert unknown.reason is Reason.CODE_UNKNOWN and unknown.figures["code"] == "XYZ99"


# --- years and dates -------------------------------------------------------------

@pytest.mark.parametrize("years, ok", [(0, False), (1, True), (10, True), (11, False), (-1, False), ("1.5", False)])
def test_years_1_to_10(years, ok):
    assert rules.check_years(subscription(), years).ok is ok


@pytest.mark.parametrize("years, ok", [(1, True), (2, True), (3, False)])
def test_years_promotional_1_or_2(years, ok):
    decision = rules.check_years(subscription(promotional=True), years)
    assert decision.ok is ok
    if not ok:
        assert decision.figures["max_years"] == 2 and decision.figures["promotional"] is True


def test_years_decision_states_the_new_expiry():
    sub = subscription(expiry_date=date(2026, 12, 14))
    assert rules.check_years(sub, 3).figures["new_expiry_date"] == date(2029, 12, 14)


@pytest.mark.parametrize("expiry, years, expected", [
    (date(2028, 2, 29), 1, date(2029, 2, 28)),
    (date(2028, 2, 29), 4, date(2032, 2, 29)),
    (date(2027, 2, 28), 1, date(2028, 2, 28)),
    (date(2026, 1, 31), 1, date(2027, 1, 31)),
    (date(2026, 12, 31), 10, date(2036, 12, 31)),
])
def test_new_expiry_counts_calendar_years(expiry, years, expected):
    assert rules.new_expiry_date(expiry, years) == expected


def test_automatic_renewal_runs_7_days_before_expiry():
    assert rules.automatic_renewal_date(date(2027, 1, 3)) == date(2026, 12, 27)


# --- lifecycle --------------------------------------------------------------------

def status_on(days_after_expiry: int, **changes):
    sub = subscription(expiry_date=TODAY - timedelta(days=days_after_expiry), **changes)
    return rules.service_status(sub, TODAY)


def test_lifecycle_active_expiring_grace_deleted():
    assert status_on(-31).state is LifecycleState.ACTIVE
    assert status_on(-30).state is LifecycleState.EXPIRING
    assert status_on(-1).state is LifecycleState.EXPIRING
    assert status_on(0).state is LifecycleState.GRACE


def test_grace_day_90_is_the_last_renewable_day_and_91_is_deleted():
    day_90 = status_on(90)
    assert day_90.state is LifecycleState.GRACE and day_90.grace_days_left == 0
    assert day_90.last_renewable_date == TODAY
    day_91 = status_on(91)
    assert day_91.state is LifecycleState.DELETED and not day_91.renewable
    assert day_91.deletion_date == TODAY


def test_grace_counts_the_days_left():
    assert status_on(30).grace_days_left == 60


def test_automatic_renewal_date_only_while_automatic_and_not_expired():
    assert status_on(-60, renewal_mode=RenewalMode.AUTOMATIC).automatic_renewal_date == TODAY + timedelta(days=53)
    assert status_on(-60).automatic_renewal_date is None
    assert status_on(5, renewal_mode=RenewalMode.AUTOMATIC).automatic_renewal_date is None


def test_opening_a_renewal():
    assert rules.may_open_renewal(subscription(), TODAY).reason is Reason.OK
    deleted = rules.may_open_renewal(subscription(expiry_date=TODAY - timedelta(days=100)), TODAY)
    assert not deleted.ok and deleted.reason is Reason.SERVICE_DELETED
    grace = rules.may_open_renewal(subscription(expiry_date=TODAY - timedelta(days=30)), TODAY)
    assert grace.ok and grace.reason is Reason.IN_GRACE_PERIOD and grace.figures["grace_days_left"] == 60
    automatic = rules.may_open_renewal(
        subscription(renewal_mode=RenewalMode.AUTOMATIC, automatic_payment_method=PaymentMethod.CARD,
                     expiry_date=TODAY + timedelta(days=60)), TODAY)
    assert automatic.ok and automatic.reason is Reason.AUTOMATIC_RENEWAL_ON
    assert automatic.figures["automatic_renewal_date"] == TODAY + timedelta(days=53)
    pending = rules.may_open_renewal(subscription(), TODAY, "FE-2026-000001")
    assert not pending.ok and pending.figures["order_number"] == "FE-2026-000001"


# --- payment method and readiness ---------------------------------------------------

@pytest.mark.parametrize("raw, method", [
    ("card", PaymentMethod.CARD), ("Carta di credito", PaymentMethod.CARD), ("paypal", PaymentMethod.PAYPAL),
    ("BONIFICO", PaymentMethod.BANK_TRANSFER), ("bollettino  postale", PaymentMethod.POSTAL_SLIP),
])
def test_payment_methods(raw, method):
    assert rules.check_payment_method(raw).value is method


def test_unknown_payment_method():
    assert rules.check_payment_method("bitcoin").reason is Reason.PAYMENT_METHOD_UNKNOWN


def test_card_and_paypal_switch_on_automatic_renewal():
    assert {m for m in PaymentMethod if m.switches_on_automatic_renewal} == {PaymentMethod.CARD, PaymentMethod.PAYPAL}


def ready_cart(**changes) -> Cart:
    cart = Cart.for_renewal(subscription()).with_changes(payment_method=PaymentMethod.CARD, terms_accepted=True)
    return cart.with_changes(**changes)


def test_ready_to_order_needs_payment_method_and_terms():
    assert rules.check_ready_to_order(subscription(), ready_cart(), TODAY).ok
    assert rules.check_ready_to_order(subscription(), ready_cart(payment_method=None), TODAY).reason \
        is Reason.PAYMENT_METHOD_MISSING
    assert rules.check_ready_to_order(subscription(), ready_cart(terms_accepted=False), TODAY).reason \
        is Reason.TERMS_NOT_ACCEPTED


def test_ready_to_order_refuses_a_closed_cart_or_a_deleted_service():
    assert rules.check_ready_to_order(subscription(), ready_cart(status=CartStatus.ORDERED), TODAY).reason \
        is Reason.CART_CLOSED
    gone = subscription(expiry_date=TODAY - timedelta(days=91))
    assert rules.check_ready_to_order(gone, ready_cart(), TODAY).reason is Reason.SERVICE_DELETED


def test_ready_to_order_rechecks_the_agreement_code():
    cart = ready_cart(agreement_code="ING2026")
    assert rules.check_ready_to_order(subscription(), cart, date(2026, 6, 1), CODE).ok
    assert rules.check_ready_to_order(subscription(), cart, date(2027, 1, 1), CODE).reason is Reason.CODE_EXPIRED


def test_ready_to_order_rechecks_the_years_for_a_promotional_product():
    sub = subscription(promotional=True)
    assert rules.check_ready_to_order(sub, ready_cart(years=3), TODAY).reason is Reason.YEARS_OUT_OF_RANGE


def test_code_attempts_limit():
    assert rules.check_code_attempts(4).ok
    refused = rules.check_code_attempts(5)
    assert refused.reason is Reason.CODE_ATTEMPTS_EXCEEDED and refused.figures["max_failures"] == 5


def test_an_automatic_renewal_whose_day_has_passed_is_missed_never_announced_in_the_past():
    """Issue 12 item 10: within 7 days of the expiry, and in the grace period, the run date is behind us."""
    automatic = {"renewal_mode": RenewalMode.AUTOMATIC, "automatic_payment_method": PaymentMethod.CARD}
    on_the_day = status_on(-7, **automatic)
    assert on_the_day.automatic_renewal_date == TODAY and on_the_day.automatic_renewal_missed is None
    within_7 = status_on(-3, **automatic)
    assert within_7.automatic_renewal_date is None
    assert within_7.automatic_renewal_missed == TODAY - timedelta(days=4)
    in_grace = status_on(10, **automatic)
    assert in_grace.automatic_renewal_missed == TODAY - timedelta(days=17)
    assert status_on(-3).automatic_renewal_missed is None  # manual renewal: nothing was due
    assert status_on(100, **automatic).automatic_renewal_missed is None  # deleted
    missed = rules.may_open_renewal(subscription(expiry_date=TODAY + timedelta(days=3), **automatic), TODAY)
    assert missed.ok and missed.reason is Reason.AUTOMATIC_RENEWAL_MISSED
    assert missed.figures["automatic_renewal_missed"] == TODAY - timedelta(days=4)
    grace = rules.may_open_renewal(subscription(expiry_date=TODAY - timedelta(days=10), **automatic), TODAY)
    assert grace.reason is Reason.IN_GRACE_PERIOD
    assert grace.figures["automatic_renewal_missed"] == TODAY - timedelta(days=17)


def test_a_ceiling_never_goes_below_what_the_customer_already_has():
    """Issue 12 item 11: a customer with more than the demo ceilings can still renew what they have."""
    big = subscription(storage_gb_bought=600, storage_gb_used=Decimal("550.2"), users_bought=120,
                       users_configured=110)
    assert rules.check_storage(big, 600).value == 600
    assert rules.check_storage(big, 551).value == 551
    too_many = rules.check_storage(big, 601)
    assert too_many.reason is Reason.QUANTITY_TOO_LARGE and too_many.figures["maximum"] == 600
    assert rules.check_users(big, 120).value == 120
    assert rules.check_users(big, 121).figures["maximum"] == 120
    assert rules.check_storage(subscription(), 501).figures["maximum"] == rules.MAX_STORAGE_GB


def test_an_order_to_pay_by_transfer_or_slip_replaces_the_automatic_renewal_to_come():
    automatic = status_on(-60, renewal_mode=RenewalMode.AUTOMATIC)
    assert rules.replaces_automatic_renewal(automatic, PaymentMethod.BANK_TRANSFER)
    assert rules.replaces_automatic_renewal(automatic, PaymentMethod.POSTAL_SLIP)
    assert not rules.replaces_automatic_renewal(automatic, PaymentMethod.CARD)  # it renews automatically in turn
    assert not rules.replaces_automatic_renewal(automatic, None)
    assert not rules.replaces_automatic_renewal(status_on(-60), PaymentMethod.BANK_TRANSFER)  # none to replace
