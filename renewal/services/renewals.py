"""Renewal operations: each one transaction that loads the dataclasses, asks a rule in ``renewal.domain.rules``
and writes what the rule allowed. The assistant's dialogue, the operator CLI, the desk and the tests all go
through here. The operations are grouped by what they work on (``reads``, ``carts``, ``orders``, ``receipts``);
``RenewalService`` is all of them on one database and clock."""
from __future__ import annotations

from renewal.services.carts import CartOperations
from renewal.services.orders import OrderOperations
from renewal.services.reads import order_number
from renewal.services.receipts import PaymentRecords


class RenewalService(CartOperations, OrderOperations, PaymentRecords):
    """Every renewal operation, on one database and clock."""


__all__ = ["RenewalService", "order_number"]
