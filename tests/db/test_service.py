"""Operations on a real database: flows, refusals that change nothing, atomicity."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from renewal.adapters.tables import AgreementCodeRow, CodeAttemptRow, OrderRow, SubscriptionRow
from renewal.domain.decision import Reason
from renewal.domain.model import OrderStatus, PaymentMethod, RenewalMode
from renewal.services.demo import refill_demo
from renewal.services.renewals import RenewalService
from renewal.text import emails, messages
from tests.conftest import TODAY
from tests.db.helpers import snapshot

ROSSI = "1000001@aruba.it"


def ready_cart(service: RenewalService, username: str = ROSSI, method: str = "bank_transfer", years: int = 1) -> int:
    cart_id = service.open_renewal(username).value.cart_id
    assert service.set_years(cart_id, years).ok
    assert service.set_payment_method(cart_id, method).ok
    assert service.accept_terms(cart_id).ok
    return cart_id


def test_bank_transfer_order_queues_the_email_and_moves_the_expiry_only_once_paid(service):
    expiry = service.account(ROSSI).value.subscription.expiry_date
    cart_id = ready_cart(service, years=2)
    order = service.place_order(cart_id)
    assert order.ok and order.value.status is OrderStatus.AWAITING_PAYMENT
    assert order.value.new_expiry == expiry.replace(year=expiry.year + 2)
    queued = service.emails(unsent_only=True)
    assert len(queued) == 1
    assert queued[0].to_address == "amministrazione@studiorossi.example"
    assert order.value.number in queued[0].body and "IBAN" in queued[0].body
    assert "190,32 €" in queued[0].body
    assert service.account(ROSSI).value.subscription.expiry_date == expiry

    paid = service.register_payment(order.value.number)
    assert paid.ok and paid.value.status is OrderStatus.PAID
    account = service.account(ROSSI).value
    assert account.subscription.expiry_date == order.value.new_expiry
    assert account.subscription.renewal_mode is RenewalMode.MANUAL
    received = service.emails(unsent_only=True)[-1]  # the customer is told the renewal is concluded
    assert received.subject == f"Ordine {order.value.number}: pagamento ricevuto, rinnovo concluso"
    assert "190,32 €" in received.body and "14/12/2028" in received.body and "rinnovo automatico" not in received.body


def test_card_payment_switches_automatic_renewal_on(service):
    cart_id = ready_cart(service, method="card")
    order = service.place_order(cart_id).value
    assert order.automatic_renewal_date == order.new_expiry - timedelta(days=7)
    assert service.emails() == []
    service.register_payment(order.number)
    account = service.account(ROSSI).value
    assert account.subscription.renewal_mode is RenewalMode.AUTOMATIC
    [received] = service.emails()
    assert "pagamento ricevuto" in received.subject and "Il rinnovo automatico è attivo" in received.body
    assert account.subscription.automatic_payment_method is PaymentMethod.CARD
    assert account.status.automatic_renewal_date == order.automatic_renewal_date


def test_repeated_confirmation_gives_back_the_same_order(service, demo_db):
    cart_id = ready_cart(service)
    first = service.place_order(cart_id)
    before = snapshot(demo_db)
    again = service.place_order(cart_id)
    assert again.ok and again.reason is Reason.ALREADY_PLACED
    assert again.value.number == first.value.number
    assert snapshot(demo_db) == before


def test_repeated_payment_changes_nothing(service, demo_db):
    number = service.place_order(ready_cart(service)).value.number
    service.register_payment(number)
    before = snapshot(demo_db)
    again = service.register_payment(number)
    assert again.ok and again.reason is Reason.PAYMENT_ALREADY_REGISTERED
    assert snapshot(demo_db) == before
    assert service.account(ROSSI).value.subscription.expiry_date == date(2027, 12, 14)


def test_payment_with_the_wrong_amount_is_refused(service, demo_db):
    order = service.place_order(ready_cart(service)).value
    before = snapshot(demo_db)
    refused = service.register_payment(order.number, amount=order.total - Decimal("0.01"))
    assert refused.reason is Reason.PAYMENT_AMOUNT_MISMATCH
    assert snapshot(demo_db) == before
    assert service.register_payment(order.number, amount=order.total).ok


def test_paid_order_becomes_what_the_customer_has(service):
    cart_id = service.open_renewal(ROSSI).value.cart_id
    service.set_storage(cart_id, 1)
    service.remove_module(cart_id, "solleciti")
    service.add_module(cart_id, "api")
    service.set_users(cart_id, 5)
    service.set_payment_method(cart_id, "paypal")
    service.accept_terms(cart_id)
    service.register_payment(service.place_order(cart_id).value.number)
    sub = service.account(ROSSI).value.subscription
    assert (sub.storage_gb_bought, sub.users_bought) == (1, 5)
    assert sub.modules_bought == {"conservazione", "api"}
    assert sub.modules_suggested == {"solleciti", "archivio"}
    next_cart = service.open_renewal(ROSSI).value.cart
    assert next_cart.modules == {"conservazione", "api"} and next_cart.storage_gb == 1


def test_unpaid_order_blocks_a_second_renewal(service):
    number = service.place_order(ready_cart(service)).value.number
    blocked = service.open_renewal(ROSSI)
    assert blocked.reason is Reason.ORDER_PENDING_PAYMENT and blocked.figures["order_number"] == number
    service.register_payment(number)
    assert service.open_renewal(ROSSI).ok


@pytest.mark.parametrize("change, argument, reason", [
    ("set_storage", 0, Reason.STORAGE_BELOW_USED),
    ("set_storage", "-3", Reason.QUANTITY_NEGATIVE),
    ("set_storage", "2.5", Reason.NOT_A_WHOLE_NUMBER),
    ("set_users", 1, Reason.USERS_CONFIGURED),
    ("set_users", 10**9, Reason.QUANTITY_TOO_LARGE),
    ("add_module", "teletrasporto", Reason.MODULE_UNKNOWN),
    ("add_module", "multiazienda", Reason.MODULE_NOT_OFFERED),
    ("remove_module", "api", Reason.MODULE_NOT_IN_CART),
    ("apply_agreement_code", "NONESISTE2026", Reason.CODE_UNKNOWN),
    ("apply_agreement_code", "ing2025", Reason.CODE_EXPIRED),
    ("apply_agreement_code", "x" * 10_000, Reason.CODE_MALFORMED),
    ("set_years", 11, Reason.YEARS_OUT_OF_RANGE),
    ("set_years", 0, Reason.YEARS_OUT_OF_RANGE),
    ("set_payment_method", "bitcoin", Reason.PAYMENT_METHOD_UNKNOWN),
])
def test_refused_changes_leave_the_database_as_it_was(service, demo_db, change, argument, reason):
    cart_id = service.open_renewal(ROSSI).value.cart_id
    before = snapshot(demo_db)
    decision = getattr(service, change)(cart_id, argument)
    assert not decision.ok and decision.reason is reason
    assert snapshot(demo_db) == before


def test_agreement_code_discount_is_kept_in_the_order(service):
    cart_id = service.open_renewal(ROSSI).value.cart_id
    applied = service.apply_agreement_code(cart_id, " ing2026 ")
    assert applied.ok and applied.value.quote.discount_percent == Decimal("15")
    service.set_payment_method(cart_id, "card")
    service.accept_terms(cart_id)
    order = service.place_order(cart_id).value
    assert order.discount == Decimal("11.70") and order.total == Decimal("80.89")  # 66.30 + 14.59 VAT
    assert service.remove_agreement_code(cart_id).reason is Reason.CART_CLOSED


def test_code_that_expires_before_confirmation_is_refused_then(service, demo_db):
    cart_id = ready_cart(service)
    service.apply_agreement_code(cart_id, "ING2026")
    with demo_db.transaction() as session:
        session.get(AgreementCodeRow, "ING2026").valid_until = TODAY - timedelta(days=1)
    assert service.cart(cart_id).value.quote.discount == 0
    assert service.place_order(cart_id).reason is Reason.CODE_EXPIRED


def test_deleted_service_is_refused_with_its_dates(service):
    refused = service.open_renewal("1000005@aruba.it")
    assert not refused.ok and refused.reason is Reason.SERVICE_DELETED
    assert refused.figures["expiry_date"] == TODAY - timedelta(days=100)


def test_grace_renewal_counts_from_the_old_expiry(service):
    opened = service.open_renewal("1000004@aruba.it")
    assert opened.reason is Reason.IN_GRACE_PERIOD and opened.figures["grace_days_left"] == 60
    assert opened.value.quote.new_expiry == TODAY - timedelta(days=30) + timedelta(days=365)


def test_service_deleted_between_cart_and_confirmation(service, clock):
    cart_id = ready_cart(service, username="1000004@aruba.it")
    clock.advance(61)
    assert service.place_order(cart_id).reason is Reason.SERVICE_DELETED


def test_promotional_product_renews_for_two_years_at_most(service):
    cart_id = service.open_renewal("1000006@aruba.it").value.cart_id
    assert service.set_years(cart_id, 2).ok
    refused = service.set_years(cart_id, 3)
    assert refused.reason is Reason.YEARS_OUT_OF_RANGE and refused.figures["max_years"] == 2


def test_automatic_renewal_is_flagged_with_its_date(service):
    opened = service.open_renewal("1000003@aruba.it")
    assert opened.ok and opened.reason is Reason.AUTOMATIC_RENEWAL_ON
    assert opened.figures["automatic_renewal_date"] == TODAY + timedelta(days=53)


def test_opening_twice_reuses_the_open_cart(service):
    first = service.open_renewal(ROSSI).value.cart_id
    assert service.open_renewal(ROSSI).value.cart_id == first


def test_unknown_account_cart_and_order(service):
    assert service.open_renewal("9999999@aruba.it").reason is Reason.ACCOUNT_UNKNOWN
    assert service.set_storage(424242, 3).reason is Reason.CART_UNKNOWN
    assert service.register_payment("FE-0000-000000").reason is Reason.ORDER_UNKNOWN


def test_a_failure_while_placing_leaves_nothing_half_written(service, demo_db, monkeypatch):
    cart_id = ready_cart(service)
    before = snapshot(demo_db)

    def broken(**_kwargs):
        raise RuntimeError("mail composer down")

    monkeypatch.setattr(emails, "payment_instructions", broken)
    with pytest.raises(RuntimeError):
        service.place_order(cart_id)
    assert snapshot(demo_db) == before
    monkeypatch.undo()
    assert service.place_order(cart_id).ok


def test_money_and_gb_used_round_trip_exactly(service, demo_db):
    with demo_db.transaction() as session:
        used = session.scalars(select(SubscriptionRow.storage_gb_used)).all()
    assert Decimal("2.500") in used and all(isinstance(u, Decimal) for u in used)
    order = service.place_order(ready_cart(service)).value
    with demo_db.transaction() as session:
        total = session.scalars(select(OrderRow.total).where(OrderRow.number == order.number)).one()
    assert total == Decimal("95.16") and str(total) == "95.16"


def test_wrong_codes_are_rate_limited_per_account(service, clock):
    cart_id = service.open_renewal(ROSSI).value.cart_id
    for attempt in range(5):
        assert service.apply_agreement_code(cart_id, f"WRONG{attempt}").reason is Reason.CODE_UNKNOWN
    blocked = service.apply_agreement_code(cart_id, "ING2026")
    assert blocked.reason is Reason.CODE_ATTEMPTS_EXCEEDED and blocked.figures["window_minutes"] == 60
    assert service.cart(cart_id).value.cart.agreement_code is None
    other = service.open_renewal("1000002@aruba.it").value.cart_id
    assert service.apply_agreement_code(other, "ING2026").ok  # another account is not blocked
    clock.advance(1)
    assert service.apply_agreement_code(cart_id, "ING2026").ok


NERI = "1000004@aruba.it"  # expired 30 days before the demo's day


@pytest.mark.parametrize("days_later", [60, 61])
def test_a_payment_after_the_deletion_date_does_not_bring_the_service_back(service, clock, days_later):
    """Issue 12 item 6: a payment registered on day 90 after the expiry renews; from day 91 the service
    is deleted, so the payment is refused, kept as received and flagged for refund, once."""
    expiry = service.account(NERI).value.subscription.expiry_date
    order = service.place_order(ready_cart(service, NERI)).value
    clock.advance(days_later)
    paid = service.register_payment(order.number)
    if days_later == 60:
        assert paid.ok and paid.value.status is OrderStatus.PAID
        assert service.account(NERI).value.subscription.expiry_date == order.new_expiry
        return
    assert not paid.ok and paid.reason is Reason.PAYMENT_AFTER_DELETION
    assert paid.figures["deletion_date"] == expiry + timedelta(days=91) == clock.today()
    assert "cancellato il" in messages.explain(paid) and "rimborso" in messages.explain(paid)
    assert service.account(NERI).value.subscription.expiry_date == expiry
    assert [o.status for o in service.orders(NERI)] == [OrderStatus.REFUND_DUE]
    again = service.register_payment(order.number)
    assert again.reason is Reason.PAYMENT_AFTER_DELETION
    assert [o.status for o in service.orders(NERI)] == [OrderStatus.REFUND_DUE]
    assert service.account(NERI).value.subscription.expiry_date == expiry


def test_only_code_shaped_text_counts_as_an_agreement_code_attempt(service, demo_db):
    """Issue 12 item 13: "boh" or "dopo" at the code step must not use up the 5 attempts an hour."""
    cart_id = service.open_renewal(ROSSI).value.cart_id
    before = snapshot(demo_db)
    with demo_db.engine.connect() as conn:
        attempts_before = conn.execute(select(func.count()).select_from(CodeAttemptRow)).scalar()
    for word in ("boh", "dopo", "non lo so", "12", "ciao!", "x" * 300):
        refused = service.apply_agreement_code(cart_id, word)
        assert refused.reason is Reason.CODE_MALFORMED and "lettere e cifre" in messages.explain(refused)
    assert snapshot(demo_db) == before
    with demo_db.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(CodeAttemptRow)).scalar() == attempts_before
    assert service.apply_agreement_code(cart_id, "ing 2026").ok


def test_an_unpaid_order_can_be_cancelled_or_paid_another_way_until_it_is_paid(service, demo_db):
    """Issue 12 item 8: an unpaid bank-transfer or postal-slip order no longer blocks the customer."""
    expiry = service.account(ROSSI).value.subscription.expiry_date
    order = service.place_order(ready_cart(service)).value  # bank transfer
    slip = service.change_order_payment(order.number, "bollettino", agent="mario.rossi")
    assert slip.ok and slip.value.payment_method is PaymentMethod.POSTAL_SLIP
    mails = [e for e in service.emails() if e.order_number == order.number]
    assert len(mails) == 2 and "bollettino postale" in mails[-1].body and "IBAN" not in mails[-1].body
    assert service.change_order_payment(order.number, "bollettino").reason is Reason.PAYMENT_METHOD_UNCHANGED
    back = service.change_order_payment(order.number, "bonifico")
    assert back.ok and len([e for e in service.emails() if e.order_number == order.number]) == 3
    resent = service.resend_payment_email(order.number, agent="mario.rossi")  # the desk's "send it again"
    mails = [e for e in service.emails() if e.order_number == order.number]
    assert resent.ok and len(mails) == 4 and mails[-1].subject.endswith("(nuovo invio 3)") and "IBAN" in mails[-1].body
    card = service.change_order_payment(order.number, "carta")
    assert card.ok and card.value.automatic_renewal_date is not None
    assert len([e for e in service.emails() if e.order_number == order.number]) == 4  # card: paid at checkout
    assert service.resend_payment_email(order.number).reason is Reason.NO_PAYMENT_EMAIL
    assert service.change_order_payment(order.number, "bitcoin").reason is Reason.PAYMENT_METHOD_UNKNOWN

    cancelled = service.cancel_order(order.number, agent="mario.rossi")
    assert cancelled.ok and cancelled.value.status is OrderStatus.CANCELLED
    assert service.account(ROSSI).value.subscription.expiry_date == expiry
    assert service.cancel_order(order.number).reason is Reason.ORDER_CANCELLED
    assert service.change_order_payment(order.number, "bonifico").reason is Reason.ORDER_CANCELLED
    assert service.register_payment(order.number).reason is Reason.ORDER_CANCELLED
    again = service.place_order(ready_cart(service)).value  # the customer can renew again
    assert service.register_payment(again.number).ok
    before = snapshot(demo_db)
    assert service.cancel_order(again.number).reason is Reason.ORDER_ALREADY_PAID
    assert service.change_order_payment(again.number, "carta").reason is Reason.ORDER_ALREADY_PAID
    assert snapshot(demo_db) == before
    assert {a.action for a in service.agent_actions("mario.rossi")} == {
        f"changed the payment of order {order.number} to postal_slip", f"resent the payment email of order {order.number}",
        f"cancelled order {order.number}"}


def test_refilling_the_demo_data_gives_what_a_new_database_holds(service, demo_db, clock):
    """The corpus's fresh data for each conversation: every row the last one wrote is gone, the demo rows as made."""
    made = snapshot(demo_db)
    cart_id = ready_cart(service)
    order = service.place_order(cart_id).value
    service.register_payment(order.number)
    assert snapshot(demo_db) != made
    refill_demo(demo_db, clock.today())
    assert snapshot(demo_db) == made
    assert service.orders(ROSSI) == [] and service.place_order(ready_cart(service)).ok
