"""Concurrent confirmations of one cart give one order; concurrent payments one payment."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from renewal.adapters.tables import OrderRow, PaymentRow
from renewal.services.renewals import RenewalService
from tests.db.test_service import ready_cart

WORKERS = 8


def race(function, *args):
    """Runs ``function`` in WORKERS threads released at the same moment."""
    start = threading.Barrier(WORKERS)

    def one():
        start.wait()
        return function(*args)

    with ThreadPoolExecutor(WORKERS) as pool:
        return [f.result() for f in [pool.submit(one) for _ in range(WORKERS)]]


def count(database, column) -> int:
    with database.transaction() as session:
        return session.scalar(select(func.count(column)))


def test_concurrent_confirmations_of_one_cart_make_one_order(demo_db, clock):
    cart_id = ready_cart(RenewalService(demo_db, clock))
    # Each worker its own service and connection pool, as separate processes would have.
    results = race(lambda: RenewalService(type(demo_db)(demo_db.url), clock).place_order(cart_id))
    assert all(r.ok for r in results)
    assert len({r.value.number for r in results}) == 1
    assert count(demo_db, OrderRow.id) == 1


def test_concurrent_payments_register_once(demo_db, clock):
    service = RenewalService(demo_db, clock)
    number = service.place_order(ready_cart(service)).value.number
    results = race(service.register_payment, number)
    assert all(r.ok for r in results)
    assert sum(r.reason.value == "ok" for r in results) == 1
    assert count(demo_db, PaymentRow.id) == 1


def test_the_database_itself_refuses_a_second_order_for_a_cart(demo_db, clock):
    service = RenewalService(demo_db, clock)
    cart_id = ready_cart(service)
    service.place_order(cart_id)
    with pytest.raises(IntegrityError), demo_db.transaction() as session:
        first = session.scalars(select(OrderRow)).one()
        session.add(OrderRow(
            number="FE-2026-999999", cart_id=cart_id, subscription_id=first.subscription_id,
            status="paid", payment_method="card", years=1, current_expiry=first.current_expiry,
            new_expiry=first.new_expiry, discount_percent=0, net=1, discount=0, vat_percent=22, vat=0,
            total=1, placed_at=datetime.now(timezone.utc),
        ))
    assert count(demo_db, OrderRow.id) == 1
