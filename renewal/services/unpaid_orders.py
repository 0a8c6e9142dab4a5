"""An order not paid yet, cancelled or paid another way: the one path the chat, the desk and the operator
CLI all take. Its open card/PayPal page is withdrawn at the provider first, so that no money can arrive for
what is no longer asked; if the customer paid first, the payment is registered and nothing is cancelled.
A conversation acts only on its own account's orders."""
from __future__ import annotations

from typing import Optional

from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import PaymentMethod
from renewal.domain.views import OrderView
from renewal.services.payments import PaymentService, open_checkouts
from renewal.services.renewals import RenewalService


class UnpaidOrders:
    def __init__(self, renewals: RenewalService, payments: Optional[PaymentService]) -> None:
        self.renewals = renewals
        self.payments = payments  # None: no provider here; an order with an open page is then left alone

    def find(self, number: str, username: Optional[str] = None) -> Decision[OrderView]:
        """The order, if it is ``username``'s (any account's when None: an agent or an operator)."""
        found = self.renewals.order(number)
        if not found.ok or (username is not None and found.value.username != username.strip().lower()):
            return Decision.refuse(Reason.ORDER_UNKNOWN, order_number=number)
        return found

    def cancel(self, number: str, *, username: Optional[str] = None, agent: Optional[str] = None
               ) -> Decision[OrderView]:
        ready = self._withdrawn(number, username)
        if not ready.ok:
            return ready
        return self.renewals.cancel_order(ready.value.number, agent=agent)

    def change_payment(self, number: str, method: str | PaymentMethod, *, username: Optional[str] = None,
                       agent: Optional[str] = None) -> Decision[OrderView]:
        checked = rules.check_payment_method(method.value if isinstance(method, PaymentMethod) else method)
        if not checked.ok:
            return checked  # type: ignore[return-value]
        found = self.find(number, username)
        if found.ok and found.value.payment_method is checked.value:  # nothing changes: the page stays
            return Decision.refuse(Reason.PAYMENT_METHOD_UNCHANGED, order_number=found.value.number,
                                   payment_method=checked.value)
        ready = self._withdrawn(number, username)
        if not ready.ok:
            return ready
        return self.renewals.change_order_payment(ready.value.number, checked.value, agent=agent)

    def _withdrawn(self, number: str, username: Optional[str]) -> Decision[OrderView]:
        """The order, unpaid and with no pay page open any more."""
        found = self.find(number, username)
        if not found.ok:
            return found
        order = found.value
        unpaid = rules.check_order_unpaid(order.status, order.number)
        if not unpaid.ok:
            return unpaid  # type: ignore[return-value]
        if self.payments is not None:
            withdrawn = self.payments.withdraw_links(order.number)
            if not withdrawn.ok:
                return withdrawn  # type: ignore[return-value]
        elif open_checkouts(self.renewals.database, order.number):
            return Decision.refuse(Reason.PROVIDER_UNAVAILABLE, order_number=order.number, withdrawing=True)
        return found
