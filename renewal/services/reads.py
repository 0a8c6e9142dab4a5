"""Reading accounts, carts, orders, the outbox and the audit trail; the helpers every operation shares."""
from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Optional

from sqlalchemy import select
from sqlalchemy.orm import Session

from renewal.adapters.db import Database
from renewal.adapters.mapping import agreement_of, cart_of, order_view_of, subscription_of
from renewal.adapters.tables import (
    AccountRow,
    AgentActionRow,
    AgreementCodeRow,
    CartRow,
    EmailDeliveryRow,
    ModuleRow,
    OrderRow,
    OutgoingEmailRow,
    PriceListRow,
    SubscriptionRow,
)
from renewal.domain import rules
from renewal.domain.clock import Clock, SystemClock
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import (
    AgreementCode,
    Cart,
    CartStatus,
    LifecycleState,
    Module,
    OrderStatus,
    PriceList,
    Quote,
    Subscription,
)
from renewal.domain.pricing import quote
from renewal.domain.views import AccountView, AgentActionView, CartView, EmailView, OrderView


def order_number(cart_id: int, placed_on: date) -> str:
    """One order per cart, so the cart's id makes the number unique."""
    return f"FE-{placed_on:%Y}-{cart_id:06d}"


CartChange = Callable[[Session, Subscription, Cart], Decision[Cart]]


def _refund_figures(row: OrderRow, today: date) -> dict[str, object]:
    """What a refusal says again when the order's refund is asked about once more."""
    refund, status = row.refunds[0], rules.service_status(subscription_of(row.subscription), today)
    return {"order_number": row.number, "amount": refund.amount, "currency": refund.currency, "total": row.total,
            "expiry_date": status.expiry_date, "deletion_date": status.deletion_date, "refund_due": True}


class RenewalReads:
    """Reading accounts, carts, orders, the outbox and the audit trail; the helpers every operation shares."""

    def __init__(self, database: Database, clock: Clock | None = None) -> None:
        self.database = database
        self.clock = clock or SystemClock()

    def module(self, code: str) -> Optional[Module]:
        """One module of the catalogue, with its description ("la conservazione cos'è?")."""
        with self.database.read() as session:
            return self._catalogue(session).get(code)

    def _catalogue(self, session: Session) -> dict[str, Module]:
        return {
            row.code: Module(row.code, row.name, row.yearly_price, row.description)
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
        known = agreement_of(session.get(AgreementCodeRow, code))
        return known if rules.check_agreement_code(code, known, self.clock.today()).ok else None

    def _pricing(self, session: Session) -> tuple[PriceList, dict[str, Module]]:
        """The price list in force and the modules' catalogue: what a quote needs."""
        return self._price_list(session), self._catalogue(session)

    def _cart_view(self, session: Session, row: CartRow, cart: Optional[Cart] = None,
                   pricing: Optional[tuple[PriceList, dict[str, Module]]] = None) -> CartView:
        """The cart of ``row``, or ``cart`` in its place (what it would be: "quanto per 2 anni?")."""
        subscription = subscription_of(row.subscription)
        cart = cart if cart is not None else cart_of(row)
        prices, catalogue = pricing or self._pricing(session)
        return CartView(
            cart_id=row.id,
            username=row.subscription.account.username,
            subscription=subscription,
            cart=cart,
            quote=quote(subscription, cart, prices, catalogue, self._valid_agreement(session, cart.agreement_code)),
            status=rules.service_status(subscription, self.clock.today()),
            module_names={code: module.name for code, module in catalogue.items()},
            module_prices={code: module.yearly_price for code, module in catalogue.items()},
            reference_email=row.subscription.account.reference_email,
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
            subscription = subscription_of(sub_row)
            pricing = self._pricing(session)
            status = rules.service_status(subscription, self.clock.today())
            renewable = status.state is not LifecycleState.DELETED  # a deleted service renews for no duration
            return Decision.allow(value=AccountView(
                username=account.username,
                holder_name=account.holder_name,
                reference_email=account.reference_email,
                subscription=subscription,
                status=status,
                open_cart=self._cart_view(session, cart_row, pricing=pricing) if cart_row else None,
                unpaid_order=order_view_of(order_row) if order_row else None,
                renewals_as_is=tuple(quote(subscription, Cart.for_renewal(subscription).with_changes(years=years), *pricing)
                                     for years in rules.years_allowed(subscription)) if renewable else (),
            ))

    def renewal_quote(self, username: str, years: int, modules: frozenset[str], agreement_code: Optional[str] = None,
                      **quantities: int) -> Decision[Quote]:
        """Renewing everything as bought but with ``modules`` (and the ``storage_gb`` or ``users`` given, and the
        discount of ``agreement_code`` if it holds today), for ``years``: priced, nothing opened (asked before
        renewing now: "adesso con bonifico, e aggiungi la conservazione", "vorrei triplicare lo spazio", "sono
        ingegnere, codice ING2026"). Unknown modules are left out."""
        with self.database.read() as session:
            account = self._account_row(session, username)
            if account is None or account.subscription is None:
                return Decision.refuse(Reason.ACCOUNT_UNKNOWN, username=username)
            subscription = subscription_of(account.subscription)
            prices, catalogue = self._pricing(session)
            cart = Cart.for_renewal(subscription).with_changes(years=years, modules=modules & frozenset(catalogue),
                                                               **quantities)
            agreement = self._valid_agreement(session, rules.normalise_code(agreement_code)) if agreement_code else None
            return Decision.allow(value=quote(subscription, cart, prices, catalogue, agreement))

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
            return [order_view_of(row) for row in session.scalars(query)]

    def order(self, number: str) -> Decision[OrderView]:
        with self.database.read() as session:
            row = session.scalars(select(OrderRow).where(OrderRow.number == number.strip().upper())).first()
            if row is None:
                return Decision.refuse(Reason.ORDER_UNKNOWN, order_number=number)
            return Decision.allow(value=order_view_of(row))

    def order_of_cart(self, cart_id: int) -> Optional[OrderView]:
        """The order placed from this cart, if any."""
        with self.database.read() as session:
            row = session.scalars(select(OrderRow).where(OrderRow.cart_id == cart_id)).first()
            return None if row is None else order_view_of(row)

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

    def _audit(self, session: Session, agent: Optional[str], order: OrderRow, action: str) -> None:
        if agent is not None:
            session.add(AgentActionRow(agent=agent, username=order.subscription.account.username, conversation_id=None,
                                       action=action, at=self.clock.now()))

    @staticmethod
    def _order_of_cart(session: Session, cart_id: int) -> Optional[OrderRow]:
        return session.scalars(select(OrderRow).where(OrderRow.cart_id == cart_id)).first()
