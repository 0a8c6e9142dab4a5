"""Placing the order (once per cart), and an order not paid yet cancelled or paid another way."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal.adapters.mapping import agreement_of, order_view_of
from renewal.adapters.tables import AgreementCodeRow, CartRow, OrderLineRow, OrderRow, OutgoingEmailRow
from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import (
    CartStatus,
    OrderStatus,
    PaymentMethod,
)
from renewal.domain.views import OrderView
from renewal.services.reads import RenewalReads, order_number
from renewal.text import emails
from renewal.text.emails import Email


class OrderOperations(RenewalReads):
    """Placing the order (once per cart), and an order not paid yet cancelled or paid another way."""

    def place_order(self, cart_id: int, agent: Optional[str] = None) -> Decision[OrderView]:
        """Confirms the cart. Confirming it again, even at the same moment from
        another process, gives back the same order: never a second one."""
        try:
            return self._place_order(cart_id, agent)
        except IntegrityError:
            return self._existing_order(cart_id)

    def _existing_order(self, cart_id: int) -> Decision[OrderView]:
        with self.database.transaction() as session:
            row = self._order_of_cart(session, cart_id)
            if row is None:
                return Decision.refuse(Reason.CART_CLOSED)
            return Decision.allow(Reason.ALREADY_PLACED, order_view_of(row), order_number=row.number)

    def _place_order(self, cart_id: int, agent: Optional[str]) -> Decision[OrderView]:
        with self.database.transaction() as session:
            cart_row = session.get(CartRow, cart_id, with_for_update=True)
            if cart_row is None:
                return Decision.refuse(Reason.CART_UNKNOWN, cart_id=cart_id)
            existing = self._order_of_cart(session, cart_id)
            if existing is not None:
                return Decision.allow(Reason.ALREADY_PLACED, order_view_of(existing), order_number=existing.number)
            view = self._cart_view(session, cart_row)
            known = agreement_of(session.get(AgreementCodeRow, view.cart.agreement_code)) if view.cart.agreement_code else None
            ready = rules.check_ready_to_order(view.subscription, view.cart, self.clock.today(), known)
            if not ready.ok:
                return ready.refused()
            now = self.clock.now()
            priced = view.quote
            method = view.cart.payment_method
            assert method is not None  # checked by check_ready_to_order
            order = OrderRow(
                number=order_number(cart_id, self.clock.today()),
                cart_id=cart_id,
                subscription_id=cart_row.subscription_id,
                status=OrderStatus.AWAITING_PAYMENT.value,
                payment_method=method.value,
                years=priced.years,
                current_expiry=priced.current_expiry,
                new_expiry=priced.new_expiry,
                agreement_code=priced.agreement_code,
                discount_percent=priced.discount_percent,
                net=priced.net,
                discount=priced.discount,
                vat_percent=priced.vat_percent,
                vat=priced.vat,
                total=priced.total,
                placed_at=now,
                placed_by_agent=agent,
                lines=[
                    OrderLineRow(code=line.code, description=line.description, quantity=line.quantity,
                                 unit_yearly_price=line.unit_yearly_price, years=line.years, amount=line.amount)
                    for line in priced.lines
                ],
            )
            session.add(order)
            cart_row.status = CartStatus.ORDERED.value
            cart_row.updated_at = now
            session.flush()
            if not method.switches_on_automatic_renewal:
                account = cart_row.subscription.account
                email = emails.payment_instructions(
                    to_address=account.reference_email, holder_name=account.holder_name,
                    order_number=order.number, method=method, total=priced.total, new_expiry=priced.new_expiry,
                )
                session.add(OutgoingEmailRow(order_id=order.id, to_address=email.to_address, subject=email.subject,
                                             body=email.body, created_at=now))
            session.flush()
            return Decision.allow(value=order_view_of(order), order_number=order.number)

    def _unpaid_order(self, session: Session, number: str) -> Decision[OrderRow]:
        row = session.scalars(
            select(OrderRow).where(OrderRow.number == number.strip().upper()).with_for_update()).first()
        if row is None:
            return Decision.refuse(Reason.ORDER_UNKNOWN, order_number=number)
        return rules.check_order_unpaid(OrderStatus(row.status), row.number).map(lambda _: row)

    def cancel_order(self, number: str, agent: Optional[str] = None) -> Decision[OrderView]:
        """Cancels an order not paid yet: nothing to pay, nothing renewed; a new renewal may start."""
        with self.database.transaction() as session:
            found = self._unpaid_order(session, number)
            if not found.ok:
                return found  # type: ignore[return-value]
            row = found.value
            row.status = OrderStatus.CANCELLED.value
            self._audit(session, agent, row, f"cancelled order {row.number}")
            return Decision.allow(value=order_view_of(row), order_number=row.number)

    def change_order_payment(self, number: str, method: str | PaymentMethod,
                             agent: Optional[str] = None) -> Decision[OrderView]:
        """Another payment method for an order not paid yet; by bank transfer or postal slip the
        customer gets the email again, with the details for the new method."""
        checked = rules.check_payment_method(method.value if isinstance(method, PaymentMethod) else method)
        if not checked.ok:
            return checked  # type: ignore[return-value]
        with self.database.transaction() as session:
            found = self._unpaid_order(session, number)
            if not found.ok:
                return found  # type: ignore[return-value]
            row, new = found.value, checked.value
            if row.payment_method == new.value:
                return Decision.refuse(Reason.PAYMENT_METHOD_UNCHANGED, order_number=row.number, payment_method=new)
            row.payment_method = new.value
            if not new.switches_on_automatic_renewal:
                self._queue_payment_email(session, row, method_changed=True)
            self._audit(session, agent, row, f"changed the payment of order {row.number} to {new.value}")
            return Decision.allow(value=order_view_of(row), order_number=row.number, payment_method=new)

    def resend_payment_email(self, number: str, agent: Optional[str] = None) -> Decision[OrderView]:
        """The email with the payment details once more, for an order not paid yet by bank transfer or
        postal slip (a new outbox row: each row is sent once)."""
        with self.database.transaction() as session:
            found = self._unpaid_order(session, number)
            if not found.ok:
                return found  # type: ignore[return-value]
            row = found.value
            method = PaymentMethod(row.payment_method)
            if method.switches_on_automatic_renewal:
                return Decision.refuse(Reason.NO_PAYMENT_EMAIL, order_number=row.number, payment_method=method)
            email = self._queue_payment_email(session, row, method_changed=False)
            self._audit(session, agent, row, f"resent the payment email of order {row.number}")
            return Decision.allow(value=order_view_of(row), order_number=row.number, to_address=email.to_address)

    def _queue_payment_email(self, session: Session, row: OrderRow, method_changed: bool) -> Email:
        """The payment details of an unpaid order, queued; numbered after the order's earlier emails."""
        sent = session.scalar(select(func.count(OutgoingEmailRow.id)).where(OutgoingEmailRow.order_id == row.id))
        account = row.subscription.account
        email = emails.payment_instructions(
            to_address=account.reference_email, holder_name=account.holder_name, order_number=row.number,
            method=PaymentMethod(row.payment_method), total=row.total, new_expiry=row.new_expiry,
            change=sent + 1 if method_changed else 0)
        if not method_changed:
            email = replace(email, subject=f"{email.subject} (nuovo invio {sent})")
        session.add(OutgoingEmailRow(order_id=row.id, to_address=email.to_address, subject=email.subject,
                                     body=email.body, created_at=self.clock.now()))
        return email
