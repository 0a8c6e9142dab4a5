"""Money received: the payment that concludes a renewal, or money kept on record to be refunded."""
from __future__ import annotations

from decimal import Decimal
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal.adapters.mapping import conclude_renewal, order_view_of, refund_view_of, subscription_of
from renewal.adapters.tables import OrderRow, OutgoingEmailRow, PaymentRow, RefundRow, aware
from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import (
    CURRENCY,
    IncomingPayment,
    OrderStatus,
    PaymentOutcome,
)
from renewal.domain.views import OrderView, PaymentView
from renewal.services.reads import RenewalReads, _refund_figures
from renewal.text import emails


class PaymentRecords(RenewalReads):
    """Money received: the payment that concludes a renewal, or money kept on record to be refunded."""

    def register_payment(self, number: str, amount: Optional[Decimal] = None, reference: Optional[str] = None,
                         *, currency: str = CURRENCY, taken: bool = False) -> Decision[OrderView]:
        """Money for an order (``rules.payment_outcome``). When it concludes the renewal the expiry moves
        and the cart becomes what is bought. The same payment again changes nothing. Money that renews
        nothing (the order cancelled or paid already, the service deleted, another amount taken by the
        provider) is kept on record to be refunded, the order marked ``refund_due``, the customer emailed."""
        payment = IncomingPayment(amount, currency.strip().upper()[:3], reference, taken)
        try:
            return self._register_payment(number, payment)
        except IntegrityError:
            return self._register_payment(number, payment)

    def _register_payment(self, number: str, payment: IncomingPayment) -> Decision[OrderView]:
        with self.database.transaction() as session:
            row = session.scalars(
                select(OrderRow).where(OrderRow.number == number.strip().upper()).with_for_update()
            ).first()
            if row is None:
                if payment.taken:
                    self._record_refund(session, None, number, payment, Reason.ORDER_UNKNOWN)
                return Decision.refuse(Reason.ORDER_UNKNOWN, order_number=number, refund_due=payment.taken)
            recorded = ([row.payment.reference] if row.payment is not None else []) + [r.reference for r in row.refunds]
            outcome = rules.payment_outcome(OrderStatus(row.status), row.number, row.total,
                                            subscription_of(row.subscription), self.clock.today(), payment,
                                            recorded_before=payment.reference in recorded)
            if outcome.value is PaymentOutcome.ALREADY_REGISTERED:
                if row.status == OrderStatus.REFUND_DUE.value and row.refunds:  # what it was, again
                    return Decision.refuse(Reason(row.refunds[0].reason), already_registered=True,
                                           **_refund_figures(row, self.clock.today()))
                return Decision.allow(Reason.PAYMENT_ALREADY_REGISTERED, order_view_of(row),
                                      order_number=row.number, paid_at=row.paid_at)
            if outcome.figures.get("refund_due"):
                self._record_refund(session, row, row.number, payment, outcome.reason)
                return outcome.refused()
            if not outcome.ok:
                return outcome.refused()
            now = self.clock.now()
            session.add(PaymentRow(order=row, amount=row.total, reference=payment.reference, registered_at=now))
            row.status = OrderStatus.PAID.value
            row.paid_at = now
            conclude_renewal(row.subscription, row.cart, row)
            view = order_view_of(row)
            account = row.subscription.account
            email = emails.payment_received(to_address=account.reference_email, holder_name=account.holder_name,
                                            order_number=row.number, total=row.total, new_expiry=row.new_expiry,
                                            automatic_renewal_date=view.automatic_renewal_date)
            session.add(OutgoingEmailRow(order_id=row.id, to_address=email.to_address, subject=email.subject,
                                         body=email.body, created_at=now))
            session.flush()
            return Decision.allow(value=view, order_number=row.number, new_expiry=row.new_expiry)

    def keep_unmatched_payment(self, number: str, payment: IncomingPayment) -> None:
        """Money taken for a pay page nobody here knows (made before the data was reset, or by another
        system): kept on record to be refunded, attached to no order (its number may be another's now)."""
        with self.database.transaction() as session:
            self._record_refund(session, None, number, payment, Reason.ORDER_UNKNOWN)

    def _record_refund(self, session: Session, row: Optional[OrderRow], number: str, payment: IncomingPayment,
                       reason: Reason) -> None:
        """Money kept on record to go back; the order (if any, and not paid) is refund due; its customer
        is told by email."""
        now = self.clock.now()
        amount = payment.amount if payment.amount is not None else (row.total if row is not None else Decimal(0))
        session.add(RefundRow(order=row, order_number=number.strip().upper()[:32], amount=amount,
                              currency=payment.currency, reference=payment.reference, reason=reason.value,
                              received_at=now))
        if row is None:
            return
        if row.status != OrderStatus.PAID.value:
            row.status = OrderStatus.REFUND_DUE.value
        session.flush()
        account = row.subscription.account
        earlier = session.scalar(select(func.count(RefundRow.id)).where(RefundRow.order_id == row.id)) - 1
        email = emails.refund_due(to_address=account.reference_email, holder_name=account.holder_name,
                                  order_number=row.number, amount=amount, currency=payment.currency,
                                  reason=reason, count=earlier + 1)
        session.add(OutgoingEmailRow(order_id=row.id, to_address=email.to_address, subject=email.subject,
                                     body=email.body, created_at=now))

    def payments(self, refunds_only: bool = False) -> list[PaymentView]:
        """Money received, oldest first: the payments that concluded orders and the money to refund."""
        with self.database.read() as session:
            found = [refund_view_of(r) for r in session.scalars(select(RefundRow))]
            if not refunds_only:
                found += [PaymentView(number, p.amount, CURRENCY, p.reference, p.registered_at)
                          for p, number in session.execute(select(PaymentRow, OrderRow.number).join(OrderRow))]
            return sorted(found, key=lambda p: aware(p.received_at))
