"""Issue 14, card and PayPal: the pay link from the demo provider (a real process, over its HTTP API) and
the provider's signed notifications: one payment registered however often it is delivered, through the
same registration as an operator's; unsigned, forged, stale and replayed notifications change nothing."""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from datetime import datetime, timezone
from decimal import Decimal

import pytest

from renewal.adapters.db import Database
from renewal.adapters.payment_demo import SIGNATURE_HEADER, DemoProvider, to_cents
from renewal.adapters.tables import CheckoutRow
from renewal.config import DEMO_PROVIDER_API_KEY_ENV as API_KEY_ENV
from renewal.config import WEBHOOK_SECRET_ENV
from renewal.domain.decision import Reason
from renewal.domain.model import OrderStatus, RenewalMode
from renewal.services.notices import Notices
from renewal.services.payments import CheckoutStatus, NotificationKind, PaymentService, sign
from renewal.services.unpaid_orders import UnpaidOrders
from renewal.text import messages
from renewal.text.formats import format_euro
from tests.conftest import PROJECT, TODAY, ports_for
from tests.db.helpers import snapshot
from tests.db.test_service import ROSSI, ready_cart
from tests.processes import serving
from tests.services import free_port

SECRET = b"test-payment-webhook-secret"
API_KEY = "test-demo-provider-key"


@pytest.fixture(scope="module")
def provider_database(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('provider') / 'provider.sqlite3'}"


@pytest.fixture(scope="module")
def provider_url(provider_database) -> Iterator[str]:
    """The demo provider as the run command starts it; its notifications go nowhere (tests sign their own)."""
    env = {**os.environ, API_KEY_ENV: API_KEY, WEBHOOK_SECRET_ENV: SECRET.decode(),
           "DEMO_PROVIDER_DATABASE_URL": provider_database}
    with serving("servers.demo_provider", free_port(), env, "--webhook-url",
                 f"http://127.0.0.1:{free_port()}/nowhere") as url:
        yield url


@pytest.fixture
def payments(service, demo_db: Database, clock, provider_url) -> PaymentService:
    return PaymentService(demo_db, clock, DemoProvider(provider_url, API_KEY, SECRET), service, Notices(demo_db, clock))


def card_order(service, method: str = "paypal"):
    return service.place_order(ready_cart(service, method=method)).value


def notification(checkout_id: str, order, kind: NotificationKind = NotificationKind.PAID,
                 amount: Decimal | None = None, event_id: str | None = None, currency: str = "EUR",
                 payment_id: str = "pay_test") -> bytes:
    return json.dumps({"id": event_id or f"evt_{secrets.token_hex(6)}", "type": kind.value, "created": int(time.time()),
                       "data": {"checkout_id": checkout_id, "order_number": order.number,
                                "amount_cents": to_cents(order.total if amount is None else amount),
                                "currency": currency, "payment_id": payment_id}}).encode()


def signed(body: bytes, at: float | None = None, secret: bytes = SECRET) -> dict[str, str]:
    return {SIGNATURE_HEADER: sign(secret, body, int(time.time() if at is None else at))}


def now() -> datetime:
    return datetime.now(timezone.utc)


def checkout_id(database: Database) -> str:
    with database.transaction() as session:
        return session.query(CheckoutRow.provider_checkout_id).order_by(CheckoutRow.id.desc()).first()[0]


def test_a_paypal_order_gets_a_link_to_the_providers_page_with_its_amount(service, payments, provider_url):
    order = card_order(service)
    link = payments.pay_link(order.number, "conv-1", "socketio")
    assert link.ok and link.value.url.startswith(f"{provider_url}/pay/cs_")
    page = urllib.request.urlopen(link.value.url, timeout=10).read().decode()
    assert order.number in page and "Paga" in page and "Annulla" in page
    assert format_euro(order.total) in page and "PayPal" in page
    again = payments.pay_link(order.number, "conv-2", "rest")  # asked again: the same open page
    assert again.value.url == link.value.url


def test_a_bank_transfer_order_has_no_link(service, payments):
    order = card_order(service, "bank_transfer")
    refused = payments.pay_link(order.number)
    assert not refused.ok and refused.reason is Reason.NO_PAY_LINK


def test_a_signed_payment_concludes_the_renewal_once_and_tells_the_conversation(service, payments, demo_db):
    expiry = service.account(ROSSI).value.subscription.expiry_date
    order = card_order(service)
    payments.pay_link(order.number, "conv-1", "rest")
    body = notification(checkout_id(demo_db), order)
    received = payments.receive(body, signed(body), now())
    assert received.ok and received.value.outcome == "registered" and not received.value.duplicate
    account = service.account(ROSSI).value
    assert account.subscription.expiry_date == order.new_expiry != expiry
    assert account.subscription.renewal_mode is RenewalMode.AUTOMATIC
    assert service.order(order.number).value.status is OrderStatus.PAID
    [text] = Notices(demo_db, payments.clock).take_undelivered("conv-1")
    assert "Pagamento ricevuto" in text and order.number in text and f"{order.new_expiry:%d/%m/%Y}" in text

    before = snapshot(demo_db)
    resent = signed(body, time.time() + 1)  # the same event delivered again, signed anew
    duplicate = payments.receive(body, resent, now())
    assert duplicate.ok and duplicate.value.duplicate
    replayed = payments.receive(body, resent, now())  # this very request once more
    assert not replayed.ok and replayed.reason is Reason.NOTIFICATION_REPLAYED
    other_event = notification(checkout_id(demo_db), order)  # a second event for the same payment
    assert payments.receive(other_event, signed(other_event), now()).value.outcome == "already registered"
    after = snapshot(demo_db)
    del before["payment_notifications"], after["payment_notifications"]
    assert after == before
    assert Notices(demo_db, payments.clock).take_undelivered("conv-1") == []  # told once


@pytest.mark.parametrize("headers, reason", [
    ({}, Reason.SIGNATURE_MISSING),
    ("forged", Reason.SIGNATURE_INVALID),
    ("stale", Reason.SIGNATURE_STALE),
    ({SIGNATURE_HEADER: "t=abc,v1=00"}, Reason.SIGNATURE_INVALID),
    # Issue 24 item 3: malformed headers are refused like forged ones (they raised, a 500, before)
    ({SIGNATURE_HEADER: "t=١٧٠٠٠٠٠٠٠٠,v1=" + "0" * 64}, Reason.SIGNATURE_INVALID),
    ({SIGNATURE_HEADER: "t=" + "9" * 5000 + ",v1=" + "0" * 64}, Reason.SIGNATURE_INVALID),
    ({SIGNATURE_HEADER: "t=1700000000,v1=é" + "0" * 63}, Reason.SIGNATURE_INVALID),
])
def test_an_unsigned_forged_or_stale_notification_changes_nothing(service, payments, demo_db, headers, reason):
    order = card_order(service)
    payments.pay_link(order.number, "conv-1")
    body = notification(checkout_id(demo_db), order)
    if headers == "forged":
        headers = signed(body, secret=b"not-the-secret")
    elif headers == "stale":
        headers = signed(body, at=time.time() - 600)
    before = snapshot(demo_db)
    refused = payments.receive(body, headers, now())
    assert not refused.ok and refused.reason is reason
    assert snapshot(demo_db) == before


def test_a_body_changed_after_signing_is_refused(service, payments, demo_db):
    order = card_order(service)
    payments.pay_link(order.number)
    body = notification(checkout_id(demo_db), order)
    tampered = body.replace(b'"amount_cents": ', b'"amount_cents": 1')
    assert payments.receive(tampered, signed(body), now()).reason is Reason.SIGNATURE_INVALID


@pytest.mark.parametrize("amount, currency, reason", [
    (Decimal("1.00"), "EUR", Reason.PAYMENT_AMOUNT_MISMATCH),
    (None, "USD", Reason.PAYMENT_CURRENCY_MISMATCH),
])
def test_another_amount_or_currency_renews_nothing_and_is_kept_to_be_refunded(service, payments, demo_db, amount,
                                                                              currency, reason):
    """Issue 24 item 3: the notification is checked against the checkout (the order's total, in euro).
    The provider has taken the money, so it is not ignored: it is on record, to be refunded."""
    expiry = service.account(ROSSI).value.subscription.expiry_date
    order = card_order(service)
    payments.pay_link(order.number, "conv-1")
    body = notification(checkout_id(demo_db), order, amount=amount, currency=currency)
    received = payments.receive(body, signed(body), now())
    assert received.ok and received.value.outcome == f"refund due: {reason.value}"
    assert service.order(order.number).value.status is OrderStatus.REFUND_DUE
    assert service.account(ROSSI).value.subscription.expiry_date == expiry
    [refund] = service.payments(refunds_only=True)
    assert (refund.order_number, refund.refund_reason, refund.currency) == (order.number, reason, currency)
    assert refund.amount == (order.total if amount is None else amount)
    [told] = Notices(demo_db, payments.clock).take_undelivered("conv-1")
    assert "ti sarà rimborsato" in told


def test_a_failed_or_abandoned_payment_leaves_the_order_payable_with_a_new_link(service, payments, demo_db):
    order = card_order(service, "card")
    first = payments.pay_link(order.number, "conv-1").value
    body = notification(checkout_id(demo_db), order, NotificationKind.FAILED)
    received = payments.receive(body, signed(body), now())
    assert received.ok and received.value.outcome == "failed"
    [text] = Notices(demo_db, payments.clock).take_undelivered("conv-1")
    assert "non è andato a buon fine" in text and "come pago?" in text
    assert service.order(order.number).value.status is OrderStatus.AWAITING_PAYMENT
    second = payments.pay_link(order.number, "conv-1")
    assert second.ok and second.value.url != first.url


def test_cancelling_withdraws_the_page_before_the_order_is_cancelled(service, payments, demo_db, provider_url):
    """Issue 24 item 2: one function of the core withdraws the open page, then cancels."""
    order = card_order(service)
    link = payments.pay_link(order.number, "conv-1").value
    checkout = checkout_id(demo_db)
    assert UnpaidOrders(service, payments).cancel(order.number).ok
    assert payments.provider.fetch_checkout(checkout).status is CheckoutStatus.EXPIRED
    assert service.order(order.number).value.status is OrderStatus.CANCELLED
    paid = urllib.request.urlopen(urllib.request.Request(f"{link.url}/pay", data=b"", method="POST"), timeout=10)
    assert "non è più valida" in paid.read().decode()  # the customer's "Paga" takes nothing


def test_a_payment_for_a_cancelled_order_is_kept_on_record_to_be_refunded(service, payments, demo_db):
    """Issue 24 item 1: a cancel that raced the customer's "Paga" (the page taken before it was withdrawn):
    the money the provider took is on record, the order refund due, the customer emailed, once."""
    order = card_order(service)
    payments.pay_link(order.number, "conv-1")
    checkout = checkout_id(demo_db)
    assert service.cancel_order(order.number).ok  # the cancel landed between "Paga" and its notification
    expiry = service.account(ROSSI).value.subscription.expiry_date
    body = notification(checkout, order)
    received = payments.receive(body, signed(body), now())
    assert received.value.outcome == "refund due: order_cancelled"
    assert service.account(ROSSI).value.subscription.expiry_date == expiry
    [listed] = service.orders(ROSSI)
    assert listed.status is OrderStatus.REFUND_DUE
    assert [(r.amount, r.refund_reason, r.reference) for r in listed.refunds] == [
        (order.total, Reason.ORDER_CANCELLED, "demo:pay_test")]
    [told] = Notices(demo_db, payments.clock).take_undelivered("conv-1")
    assert "annullato" in told and "ti sarà rimborsato" in told
    [email] = [e for e in service.emails() if "rimborsare" in e.subject]
    assert email.to_address == service.account(ROSSI).value.reference_email
    assert format_euro(order.total) in email.body and "annullato" in email.body
    again = notification(checkout, order)  # the same payment notified again, as another event
    assert payments.receive(again, signed(again), now()).value.outcome == "already registered"
    assert len(service.payments(refunds_only=True)) == 1


def test_a_second_payment_of_a_paid_order_is_kept_to_be_refunded(service, payments, demo_db):
    order = card_order(service)
    payments.pay_link(order.number, "conv-1")
    first = notification(checkout_id(demo_db), order, payment_id="pay_one")
    assert payments.receive(first, signed(first), now()).value.outcome == "registered"
    second = notification(checkout_id(demo_db), order, payment_id="pay_two")
    assert payments.receive(second, signed(second), now()).value.outcome == "refund due: payment_duplicate"
    assert service.order(order.number).value.status is OrderStatus.PAID
    assert [r.reference for r in service.payments(refunds_only=True)] == ["demo:pay_two"]


def test_a_page_paid_before_the_cancel_is_registered_and_the_order_not_cancelled(service, payments, demo_db):
    order = card_order(service)
    link = payments.pay_link(order.number, "conv-1").value
    urllib.request.urlopen(urllib.request.Request(f"{link.url}/pay", data=b"", method="POST"), timeout=10).close()
    cancelled = UnpaidOrders(service, payments).cancel(order.number)  # its notification has not arrived yet
    assert not cancelled.ok and cancelled.reason is Reason.ORDER_ALREADY_PAID
    assert service.order(order.number).value.status is OrderStatus.PAID


def test_nothing_changes_when_the_page_cannot_be_withdrawn(service, payments, demo_db, clock):
    order = card_order(service)
    payments.pay_link(order.number, "conv-1")
    unreachable = PaymentService(demo_db, clock, DemoProvider(f"http://127.0.0.1:{free_port()}", API_KEY, SECRET),
                                 service, Notices(demo_db, clock))
    before = snapshot(demo_db)
    for change in (lambda orders: orders.cancel(order.number),
                   lambda orders: orders.change_payment(order.number, "bank_transfer")):
        refused = change(UnpaidOrders(service, unreachable))
        assert not refused.ok and refused.reason is Reason.PROVIDER_UNAVAILABLE
        assert "non ho cambiato nulla" in messages.explain(refused)
        refused = change(UnpaidOrders(service, None))  # a process with no provider at all
        assert not refused.ok and refused.reason is Reason.PROVIDER_UNAVAILABLE
    assert snapshot(demo_db) == before


def test_a_payment_for_a_page_nobody_knows_is_kept_on_record(service, payments, demo_db):
    order = card_order(service)
    body = notification("cs_made_before_the_reset", order)
    assert payments.receive(body, signed(body), now()).value.outcome == "unknown checkout: refund due"
    [refund] = service.payments(refunds_only=True)
    assert (refund.order_number, refund.refund_reason) == (order.number, Reason.ORDER_UNKNOWN)
    assert service.order(order.number).value.status is OrderStatus.AWAITING_PAYMENT  # another order's number


def test_an_order_of_another_account_is_neither_cancelled_nor_changed_nor_shown(service, payments, demo_db):
    """Issue 24 item 12: the conversation's order number is checked against its account."""
    from renewal.dialogue.commands import Ask, Cancel, ChoosePayment, Topic
    from renewal.dialogue.processor import Conversation
    from renewal.dialogue.state import DialogueState

    order = card_order(service)  # ROSSI's
    other = Conversation(ports_for(service, payments=payments), "1000003@aruba.it", "conv-other")
    before = snapshot(demo_db)
    for command in (Cancel(), ChoosePayment("bank_transfer"), Ask(Topic.ORDER)):
        said = " ".join(r.text for r in other.handle(DialogueState(order_number=order.number), [command]).replies)
        assert format_euro(order.total) not in said, said
    assert snapshot(demo_db) == before


def test_a_payment_after_the_deletion_date_renews_nothing(service, payments, demo_db, clock):
    order = card_order(service)
    payments.pay_link(order.number, "conv-1")
    deletion = service.account(ROSSI).value.status.deletion_date
    clock.advance((deletion - clock.today()).days + 1)
    body = notification(checkout_id(demo_db), order)
    received = payments.receive(body, signed(body), now())
    assert received.value.outcome == "refund due: payment_after_deletion"
    assert service.order(order.number).value.status is OrderStatus.REFUND_DUE


def test_a_paid_checkout_whose_notification_was_lost_is_registered_when_the_link_is_asked_again(
        service, payments, demo_db, provider_url):
    order = card_order(service)
    link = payments.pay_link(order.number, "conv-1").value
    urllib.request.urlopen(urllib.request.Request(f"{link.url}/pay", data=b"", method="POST"), timeout=10).close()
    again = payments.pay_link(order.number, "conv-1")  # the provider says paid: registered from its record
    assert not again.ok and again.reason is Reason.ORDER_ALREADY_PAID
    assert service.order(order.number).value.status is OrderStatus.PAID


def test_the_provider_refuses_the_api_without_the_key(provider_url):
    request = urllib.request.Request(f"{provider_url}/v1/checkouts", data=b"{}", method="POST",
                                     headers={"Authorization": "Bearer wrong", "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 401


def test_the_conversation_gives_the_link_after_the_order_and_withdraws_it_for_a_bank_transfer(
        service, payments, demo_db):
    from renewal.dialogue.commands import Ask, ChoosePayment, Confirm, Topic
    from renewal.dialogue.processor import Conversation
    from renewal.dialogue.state import DialogueState

    conversation = Conversation(ports_for(service, payments=payments), ROSSI, "conv-talk", channel="socketio")
    cart_id = ready_cart(service, method="card")
    turn = conversation.handle(DialogueState(cart_id=cart_id), [Confirm()])
    [order] = service.orders(ROSSI)
    [link] = [r for r in turn.replies if r.buttons and r.buttons[0].url]
    assert link.text == (f"Per pagare {format_euro(order.total)} con carta di credito premi «Paga ora»: si apre la "
                         f"pagina di pagamento sicura dell'ordine n. {order.number}.")
    assert turn.replies[-1].text == "Posso aiutarti in altro?"  # still asked last

    turn = conversation.handle(turn.state, [Ask(Topic.PAYMENT)])  # "come pago?": the same page again
    assert [r.buttons[0].url for r in turn.replies if r.buttons and r.buttons[0].url] == [link.buttons[0].url]

    turn = conversation.handle(turn.state, [ChoosePayment("bank_transfer")])  # "pago con bonifico"
    assert not any(b.url for r in turn.replies for b in r.buttons)
    assert payments.provider.fetch_checkout(checkout_id(demo_db)).status is CheckoutStatus.EXPIRED
    said = " ".join(r.text for r in conversation.handle(turn.state, [Ask(Topic.PAYMENT)]).replies)
    assert "amministrazione@studiorossi.example" in said


def operator_cli(demo_db: Database, *args: str, **environ: str) -> subprocess.CompletedProcess:
    """The operator command line as a real process, on the test's database."""
    return subprocess.run([sys.executable, "-m", "renewal", *args], cwd=PROJECT, capture_output=True, text=True,
                          timeout=60, stdin=subprocess.DEVNULL,
                          env={**os.environ, "RENEWAL_DATABASE_URL": demo_db.url, "RENEWAL_TODAY": TODAY.isoformat(),
                               **environ})


def test_the_cli_withdraws_the_page_when_an_order_is_paid_another_way(service, payments, demo_db, provider_url):
    """Issue 24 item 2: `unpaid-order payment ORDER bonifico` closes the card page before it answers."""
    order = card_order(service, "card")
    link = payments.pay_link(order.number, "conv-1").value
    changed = operator_cli(demo_db, "unpaid-order", "payment", order.number, "bonifico",
                           RENEWAL_PAYMENT_PROVIDER="demo", RENEWAL_DEMO_PROVIDER_URL=provider_url,
                           **{API_KEY_ENV: API_KEY, WEBHOOK_SECRET_ENV: SECRET.decode()})
    assert changed.returncode == 0, changed.stderr
    assert payments.provider.fetch_checkout(checkout_id(demo_db)).status is CheckoutStatus.EXPIRED
    paid = urllib.request.urlopen(urllib.request.Request(f"{link.url}/pay", data=b"", method="POST"), timeout=10)
    assert "non è più valida" in paid.read().decode()
    assert service.order(order.number).value.payment_method.value == "bank_transfer"


def test_the_cli_changes_nothing_when_it_cannot_withdraw_the_page(service, payments, demo_db):
    order = card_order(service, "card")
    payments.pay_link(order.number, "conv-1")
    before = snapshot(demo_db)
    refused = operator_cli(demo_db, "unpaid-order", "cancel", order.number, RENEWAL_PAYMENT_PROVIDER="")
    assert refused.returncode == 1 and "non ho cambiato nulla" in refused.stderr
    assert snapshot(demo_db) == before


def test_the_cli_lists_money_to_refund(service, payments, demo_db):
    order = card_order(service)
    payments.pay_link(order.number, "conv-1")
    assert service.cancel_order(order.number).ok
    body = notification(checkout_id(demo_db), order)
    payments.receive(body, signed(body), now())
    listed = operator_cli(demo_db, "payments", "--refunds")
    assert listed.returncode == 0
    assert f"{order.number}  {format_euro(order.total)} il 24/11/2026 (demo:pay_test), da rimborsare: ordine " \
           f"annullato" in listed.stdout
    assert "da rimborsare" in operator_cli(demo_db, "orders").stdout


def test_demo_reset_forgets_the_demo_providers_pages(service, payments, demo_db, provider_database):
    """Issue 24 item 4: after `demo reset` the order numbers start again, so old pages must not be payable."""
    order = card_order(service)
    link = payments.pay_link(order.number, "conv-1").value
    reset = operator_cli(demo_db, "demo", "reset", DEMO_PROVIDER_DATABASE_URL=provider_database)
    assert reset.returncode == 0, reset.stderr
    with pytest.raises(urllib.error.HTTPError) as gone:
        urllib.request.urlopen(link.url, timeout=10)
    assert gone.value.code == 404
