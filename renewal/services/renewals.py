"""Renewal operations: each one transaction that loads the dataclasses, asks a
rule in ``renewal.domain.rules`` and writes what the rule allowed. The assistant's
actions, the operator CLI and the tests all go through here."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal.adapters.db import (
    AccountRow,
    AgentActionRow,
    AgreementCodeRow,
    CartModuleRow,
    CartRow,
    CodeAttemptRow,
    Database,
    EmailDeliveryRow,
    ModuleRow,
    OrderLineRow,
    OrderRow,
    OutgoingEmailRow,
    PaymentRow,
    PriceListRow,
    RefundRow,
    SubscriptionModuleRow,
    SubscriptionRow,
    aware,
)
from renewal.domain import rules
from renewal.domain.clock import Clock, SystemClock
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import (
    CURRENCY,
    AgreementCode,
    Cart,
    CartStatus,
    IncomingPayment,
    Module,
    OrderStatus,
    PaymentMethod,
    PaymentOutcome,
    PriceList,
    QuoteLine,
    RenewalMode,
    ServiceStatus,
    Subscription,
)
from renewal.domain.pricing import quote
from renewal.domain.views import AccountView, AgentActionView, CartView, EmailView, OrderView, PaymentView
from renewal.text import emails
from renewal.text.emails import Email

# --- rows to dataclasses ---------------------------------------------------

def _subscription(row: SubscriptionRow) -> Subscription:
    return Subscription(
        expiry_date=row.expiry_date,
        renewal_mode=RenewalMode(row.renewal_mode),
        promotional=row.promotional,
        storage_gb_bought=row.storage_gb_bought,
        storage_gb_used=row.storage_gb_used,
        users_bought=row.users_bought,
        users_configured=row.users_configured,
        modules_bought=frozenset(m.module_code for m in row.modules if m.bought),
        modules_suggested=frozenset(m.module_code for m in row.modules if not m.bought),
        automatic_payment_method=(
            PaymentMethod(row.automatic_payment_method) if row.automatic_payment_method else None
        ),
    )


def _cart(row: CartRow) -> Cart:
    return Cart(
        storage_gb=row.storage_gb,
        users=row.users,
        modules=frozenset(m.module_code for m in row.modules),
        years=row.years,
        agreement_code=row.agreement_code,
        payment_method=PaymentMethod(row.payment_method) if row.payment_method else None,
        terms_accepted=row.terms_accepted,
        status=CartStatus(row.status),
    )


def _write_cart(row: CartRow, cart: Cart) -> None:
    row.storage_gb = cart.storage_gb
    row.users = cart.users
    row.years = cart.years
    row.agreement_code = cart.agreement_code
    row.payment_method = cart.payment_method.value if cart.payment_method else None
    row.terms_accepted = cart.terms_accepted
    row.status = cart.status.value
    current = {m.module_code for m in row.modules}
    row.modules[:] = [m for m in row.modules if m.module_code in cart.modules]
    row.modules.extend(CartModuleRow(module_code=code) for code in sorted(cart.modules - current))


def _agreement(row: Optional[AgreementCodeRow]) -> Optional[AgreementCode]:
    if row is None:
        return None
    return AgreementCode(row.code, row.association, row.discount_percent, row.valid_from, row.valid_until)


def _order_view(row: OrderRow) -> OrderView:
    method = PaymentMethod(row.payment_method)
    return OrderView(
        number=row.number,
        username=row.subscription.account.username,
        reference_email=row.subscription.account.reference_email,
        status=OrderStatus(row.status),
        payment_method=method,
        years=row.years,
        current_expiry=row.current_expiry,
        new_expiry=row.new_expiry,
        automatic_renewal_date=(
            rules.automatic_renewal_date(row.new_expiry) if method.switches_on_automatic_renewal else None
        ),
        net=row.net,
        discount=row.discount,
        vat=row.vat,
        total=row.total,
        lines=tuple(
            QuoteLine(line.code, line.description, line.quantity, line.unit_yearly_price, line.years, line.amount)
            for line in row.lines
        ),
        placed_at=row.placed_at,
        paid_at=row.paid_at,
        placed_by_agent=row.placed_by_agent,
        agreement_code=row.agreement_code,
        refunds=tuple(_refund_view(r) for r in row.refunds),
    )


def _refund_view(row: RefundRow) -> PaymentView:
    return PaymentView(row.order_number, row.amount, row.currency, row.reference, row.received_at,
                       Reason(row.reason), row.refunded_at)


def order_number(cart_id: int, placed_on: date) -> str:
    """One order per cart, so the cart's id makes the number unique."""
    return f"FE-{placed_on:%Y}-{cart_id:06d}"


CartChange = Callable[[Session, Subscription, Cart], Decision[Cart]]


class RenewalService:
    def __init__(self, database: Database, clock: Clock | None = None) -> None:
        self.database = database
        self.clock = clock or SystemClock()

    # --- reading -----------------------------------------------------------

    def _catalogue(self, session: Session) -> dict[str, Module]:
        return {
            row.code: Module(row.code, row.name, row.yearly_price)
            for row in session.scalars(select(ModuleRow))
        }

    def _price_list(self, session: Session) -> PriceList:
        row = session.scalars(
            select(PriceListRow)
            .where(PriceListRow.valid_from <= self.clock.today())
            .order_by(PriceListRow.valid_from.desc())
            .limit(1)
        ).first()
        if row is None:
            raise LookupError("no price list in force: load the demo data or a price list")
        return PriceList(row.service_yearly, row.promotional_service_yearly, row.storage_gb_yearly,
                         row.extra_user_yearly, row.vat_percent)

    def _valid_agreement(self, session: Session, code: Optional[str]) -> Optional[AgreementCode]:
        """The cart's code if it still holds today; an expired one gives no discount."""
        if code is None:
            return None
        known = _agreement(session.get(AgreementCodeRow, code))
        return known if rules.check_agreement_code(code, known, self.clock.today()).ok else None

    def _cart_view(self, session: Session, row: CartRow) -> CartView:
        subscription = _subscription(row.subscription)
        cart = _cart(row)
        catalogue = self._catalogue(session)
        return CartView(
            cart_id=row.id,
            username=row.subscription.account.username,
            subscription=subscription,
            cart=cart,
            quote=quote(
                subscription, cart, self._price_list(session), catalogue,
                self._valid_agreement(session, cart.agreement_code),
            ),
            status=rules.service_status(subscription, self.clock.today()),
            module_names={code: module.name for code, module in catalogue.items()},
            module_prices={code: module.yearly_price for code, module in catalogue.items()},
        )

    def _account_row(self, session: Session, username: str) -> Optional[AccountRow]:
        return session.scalars(select(AccountRow).where(AccountRow.username == username.strip().lower())).first()

    def _open_cart_row(self, session: Session, subscription_id: int) -> Optional[CartRow]:
        return session.scalars(
            select(CartRow).where(CartRow.subscription_id == subscription_id, CartRow.status == CartStatus.OPEN.value)
        ).first()

    def _unpaid_order_row(self, session: Session, subscription_id: int) -> Optional[OrderRow]:
        return session.scalars(
            select(OrderRow).where(
                OrderRow.subscription_id == subscription_id,
                OrderRow.status == OrderStatus.AWAITING_PAYMENT.value,
            )
        ).first()

    def account(self, username: str) -> Decision[AccountView]:
        with self.database.read() as session:
            account = self._account_row(session, username)
            if account is None or account.subscription is None:
                return Decision.refuse(Reason.ACCOUNT_UNKNOWN, username=username)
            sub_row = account.subscription
            cart_row = self._open_cart_row(session, sub_row.id)
            order_row = self._unpaid_order_row(session, sub_row.id)
            subscription = _subscription(sub_row)
            return Decision.allow(value=AccountView(
                username=account.username,
                holder_name=account.holder_name,
                reference_email=account.reference_email,
                subscription=subscription,
                status=rules.service_status(subscription, self.clock.today()),
                open_cart=self._cart_view(session, cart_row) if cart_row else None,
                unpaid_order=_order_view(order_row) if order_row else None,
            ))

    def cart(self, cart_id: int) -> Decision[CartView]:
        with self.database.read() as session:
            row = session.get(CartRow, cart_id)
            if row is None:
                return Decision.refuse(Reason.CART_UNKNOWN, cart_id=cart_id)
            return Decision.allow(value=self._cart_view(session, row))

    def orders(self, username: Optional[str] = None) -> list[OrderView]:
        with self.database.read() as session:
            query = select(OrderRow).order_by(OrderRow.id)
            if username is not None:
                query = query.join(SubscriptionRow).join(AccountRow).where(AccountRow.username == username.strip().lower())
            return [_order_view(row) for row in session.scalars(query)]

    def order(self, number: str) -> Decision[OrderView]:
        with self.database.read() as session:
            row = session.scalars(select(OrderRow).where(OrderRow.number == number.strip().upper())).first()
            if row is None:
                return Decision.refuse(Reason.ORDER_UNKNOWN, order_number=number)
            return Decision.allow(value=_order_view(row))

    def order_of_cart(self, cart_id: int) -> Optional[OrderView]:
        """The order placed from this cart, if any."""
        with self.database.read() as session:
            row = session.scalars(select(OrderRow).where(OrderRow.cart_id == cart_id)).first()
            return None if row is None else _order_view(row)

    def emails(self, unsent_only: bool = False) -> list[EmailView]:
        """The outbox, with how sending each email went."""
        with self.database.read() as session:
            query = (select(OutgoingEmailRow, EmailDeliveryRow)
                     .outerjoin(EmailDeliveryRow, EmailDeliveryRow.email_id == OutgoingEmailRow.id)
                     .order_by(OutgoingEmailRow.id))
            if unsent_only:
                query = query.where(OutgoingEmailRow.sent_at.is_(None))
            rows = session.execute(query).all()
            numbers = {o.id: o.number for o in session.scalars(select(OrderRow).where(
                OrderRow.id.in_([r.order_id for r, _ in rows])))}
            return [
                EmailView(r.id, numbers.get(r.order_id), r.to_address, r.subject, r.body, r.created_at, r.sent_at,
                          *((d.attempts, d.last_error, d.next_attempt_at, d.gave_up_at) if d else ()))
                for r, d in rows
            ]

    # --- opening a renewal -------------------------------------------------

    def renewal_check(self, username: str) -> Decision[ServiceStatus]:
        """Whether a renewal may start, and what to say first; opens nothing."""
        with self.database.read() as session:
            return self._renewal_check(session, username)[0]

    def _renewal_check(self, session: Session, username: str) -> tuple[Decision[ServiceStatus], Optional[SubscriptionRow]]:
        account = self._account_row(session, username)
        if account is None or account.subscription is None:
            return Decision.refuse(Reason.ACCOUNT_UNKNOWN, username=username), None
        unpaid = self._unpaid_order_row(session, account.subscription.id)
        decision = rules.may_open_renewal(
            _subscription(account.subscription), self.clock.today(), unpaid.number if unpaid else None)
        return decision, account.subscription

    def open_renewal(self, username: str) -> Decision[CartView]:
        """The account's open cart, or a new one renewing everything as bought."""
        try:
            return self._open_renewal(username)
        except IntegrityError:
            # Another request opened the cart first: use that one.
            return self._open_renewal(username)

    def _open_renewal(self, username: str) -> Decision[CartView]:
        with self.database.transaction() as session:
            decision, sub_row = self._renewal_check(session, username)
            if not decision.ok or sub_row is None:
                return decision.refused()
            row = self._open_cart_row(session, sub_row.id)
            if row is None:
                now = self.clock.now()
                row = CartRow(subscription=sub_row, created_at=now, updated_at=now)
                _write_cart(row, Cart.for_renewal(_subscription(sub_row)))
                session.add(row)
                session.flush()
            return decision.map(lambda _: self._cart_view(session, row))

    # --- changing the cart -------------------------------------------------

    def _change(self, cart_id: int, change: CartChange) -> Decision[CartView]:
        with self.database.transaction() as session:
            row = session.get(CartRow, cart_id, with_for_update=True)
            if row is None:
                return Decision.refuse(Reason.CART_UNKNOWN, cart_id=cart_id)
            current = _cart(row)
            opened = rules.cart_is_open(current)
            if not opened.ok:
                return opened.refused()
            decision = change(session, _subscription(row.subscription), current)
            if not decision.ok:
                return decision.refused()
            if decision.value != current:
                _write_cart(row, decision.value)
                row.updated_at = self.clock.now()
                session.flush()
            return decision.map(lambda _: self._cart_view(session, row))

    def set_storage(self, cart_id: int, requested_gb: rules.Quantity) -> Decision[CartView]:
        return self._change(cart_id, lambda s, sub, cart: rules.check_storage(sub, requested_gb).map(
            lambda gb: cart.with_changes(storage_gb=gb)))

    def set_users(self, cart_id: int, requested_users: rules.Quantity) -> Decision[CartView]:
        return self._change(cart_id, lambda s, sub, cart: rules.check_users(sub, requested_users).map(
            lambda users: cart.with_changes(users=users)))

    def add_module(self, cart_id: int, code: str) -> Decision[CartView]:
        return self._change(cart_id, lambda s, sub, cart: rules.check_add_module(
            sub, cart, code, self._catalogue(s)).map(lambda modules: cart.with_changes(modules=modules)))

    def remove_module(self, cart_id: int, code: str) -> Decision[CartView]:
        return self._change(cart_id, lambda s, sub, cart: rules.check_remove_module(
            cart, code, self._catalogue(s)).map(lambda modules: cart.with_changes(modules=modules)))

    def apply_agreement_code(self, cart_id: int, raw_code: str) -> Decision[CartView]:
        """Checks the code, after the account's recent wrong attempts; records the attempt."""
        def change(session: Session, sub: Subscription, cart: Cart) -> Decision[Cart]:
            shaped = rules.check_code_shape(raw_code)
            if not shaped.ok:
                return shaped.map(lambda _: cart)
            account_id = session.get(CartRow, cart_id).subscription.account_id
            now = self.clock.now()
            failures = session.scalar(select(func.count(CodeAttemptRow.id)).where(
                CodeAttemptRow.account_id == account_id, CodeAttemptRow.succeeded.is_(False),
                CodeAttemptRow.attempted_at > now - rules.CODE_FAILURE_WINDOW))
            allowed = rules.check_code_attempts(failures)
            if not allowed.ok:
                return allowed.map(lambda _: cart)
            code = shaped.value
            checked = rules.check_agreement_code(raw_code, _agreement(session.get(AgreementCodeRow, code)),
                                                 self.clock.today())
            session.add(CodeAttemptRow(account_id=account_id, code=code, succeeded=checked.ok, attempted_at=now))
            return checked.map(lambda known: cart.with_changes(agreement_code=known.code))
        return self._change(cart_id, change)

    def remove_agreement_code(self, cart_id: int) -> Decision[CartView]:
        def change(session: Session, sub: Subscription, cart: Cart) -> Decision[Cart]:
            if cart.agreement_code is None:
                return Decision.refuse(Reason.CODE_NOT_APPLIED)
            return Decision.allow(value=cart.with_changes(agreement_code=None), code=cart.agreement_code)
        return self._change(cart_id, change)

    def set_years(self, cart_id: int, years: rules.Quantity) -> Decision[CartView]:
        return self._change(cart_id, lambda s, sub, cart: rules.check_years(sub, years).map(
            lambda n: cart.with_changes(years=n)))

    def set_payment_method(self, cart_id: int, method: str | PaymentMethod) -> Decision[CartView]:
        raw = method.value if isinstance(method, PaymentMethod) else method
        return self._change(cart_id, lambda s, sub, cart: rules.check_payment_method(raw).map(
            lambda m: cart.with_changes(payment_method=m)))

    def accept_terms(self, cart_id: int) -> Decision[CartView]:
        return self._change(cart_id, lambda s, sub, cart: Decision.allow(value=cart.with_changes(terms_accepted=True)))

    def withdraw_terms(self, cart_id: int) -> Decision[CartView]:
        """The customer does not accept the conditions (any more): the order cannot be placed."""
        return self._change(cart_id, lambda s, sub, cart: Decision.allow(value=cart.with_changes(terms_accepted=False)))

    def abandon_cart(self, cart_id: int) -> Decision[CartView]:
        """The customer cancelled: the cart is set aside, nothing is ordered."""
        return self._change(cart_id, lambda s, sub, cart: Decision.allow(
            value=cart.with_changes(status=CartStatus.ABANDONED)))

    # --- placing the order -------------------------------------------------

    def place_order(self, cart_id: int, agent: Optional[str] = None) -> Decision[OrderView]:
        """Confirms the cart. Confirming it again, even at the same moment from
        another process, gives back the same order: never a second one."""
        try:
            return self._place_order(cart_id, agent)
        except IntegrityError:
            return self._existing_order(cart_id)

    @staticmethod
    def _order_of_cart(session: Session, cart_id: int) -> Optional[OrderRow]:
        return session.scalars(select(OrderRow).where(OrderRow.cart_id == cart_id)).first()

    def _existing_order(self, cart_id: int) -> Decision[OrderView]:
        with self.database.transaction() as session:
            row = self._order_of_cart(session, cart_id)
            if row is None:
                return Decision.refuse(Reason.CART_CLOSED)
            return Decision.allow(Reason.ALREADY_PLACED, _order_view(row), order_number=row.number)

    def _place_order(self, cart_id: int, agent: Optional[str]) -> Decision[OrderView]:
        with self.database.transaction() as session:
            cart_row = session.get(CartRow, cart_id, with_for_update=True)
            if cart_row is None:
                return Decision.refuse(Reason.CART_UNKNOWN, cart_id=cart_id)
            existing = self._order_of_cart(session, cart_id)
            if existing is not None:
                return Decision.allow(Reason.ALREADY_PLACED, _order_view(existing), order_number=existing.number)
            view = self._cart_view(session, cart_row)
            known = _agreement(session.get(AgreementCodeRow, view.cart.agreement_code)) if view.cart.agreement_code else None
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
            return Decision.allow(value=_order_view(order), order_number=order.number)

    # --- an unpaid order: cancelled, or paid another way ---------------------

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
            return Decision.allow(value=_order_view(row), order_number=row.number)

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
            return Decision.allow(value=_order_view(row), order_number=row.number, payment_method=new)

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
            return Decision.allow(value=_order_view(row), order_number=row.number, to_address=email.to_address)

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

    def _audit(self, session: Session, agent: Optional[str], order: OrderRow, action: str) -> None:
        if agent is not None:
            session.add(AgentActionRow(agent=agent, username=order.subscription.account.username, conversation_id=None,
                                       action=action, at=self.clock.now()))

    # --- the agents' audit trail ---------------------------------------------

    def record_agent_actions(self, agent: str, username: str, conversation_id: str, actions: list[str]) -> None:
        """What an agent did for an account, one row an action."""
        if not actions:
            return
        now = self.clock.now()
        with self.database.transaction() as session:
            session.add_all(AgentActionRow(agent=agent, username=username, conversation_id=conversation_id[:200],
                                           action=action[:500], at=now) for action in actions)

    def agent_actions(self, agent: Optional[str] = None) -> list[AgentActionView]:
        with self.database.transaction() as session:
            query = select(AgentActionRow).order_by(AgentActionRow.id)
            if agent is not None:
                query = query.where(AgentActionRow.agent == agent)
            return [AgentActionView(r.agent, r.username, r.conversation_id, r.action, r.at)
                    for r in session.scalars(query)]

    # --- payments ----------------------------------------------------------

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
                                            _subscription(row.subscription), self.clock.today(), payment,
                                            recorded_before=payment.reference in recorded)
            if outcome.value is PaymentOutcome.ALREADY_REGISTERED:
                if row.status == OrderStatus.REFUND_DUE.value and row.refunds:  # what it was, again
                    return Decision.refuse(Reason(row.refunds[0].reason), already_registered=True,
                                           **_refund_figures(row, self.clock.today()))
                return Decision.allow(Reason.PAYMENT_ALREADY_REGISTERED, _order_view(row),
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
            _conclude_renewal(row.subscription, row.cart, row)
            view = _order_view(row)
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
            found = [_refund_view(r) for r in session.scalars(select(RefundRow))]
            if not refunds_only:
                found += [PaymentView(number, p.amount, CURRENCY, p.reference, p.registered_at)
                          for p, number in session.execute(select(PaymentRow, OrderRow.number).join(OrderRow))]
            return sorted(found, key=lambda p: aware(p.received_at))


def _refund_figures(row: OrderRow, today: date) -> dict[str, object]:
    """What a refusal says again when the order's refund is asked about once more."""
    refund, status = row.refunds[0], rules.service_status(_subscription(row.subscription), today)
    return {"order_number": row.number, "amount": refund.amount, "currency": refund.currency, "total": row.total,
            "expiry_date": status.expiry_date, "deletion_date": status.deletion_date, "refund_due": True}


def _conclude_renewal(subscription: SubscriptionRow, cart: CartRow, order: OrderRow) -> None:
    """What the paid order renews becomes what the customer has."""
    subscription.expiry_date = order.new_expiry
    subscription.storage_gb_bought = cart.storage_gb
    subscription.users_bought = cart.users
    ordered = {m.module_code for m in cart.modules}
    offered = {m.module_code: m for m in subscription.modules}
    for code, row in offered.items():
        row.bought = code in ordered
    subscription.modules.extend(
        SubscriptionModuleRow(module_code=code, bought=True) for code in sorted(ordered - offered.keys())
    )
    method = PaymentMethod(order.payment_method)
    if method.switches_on_automatic_renewal:
        subscription.renewal_mode = RenewalMode.AUTOMATIC.value
        subscription.automatic_payment_method = method.value

