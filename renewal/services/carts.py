"""Opening a renewal and changing its cart: one transaction each, the rule asked first."""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Optional

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from renewal.adapters.mapping import agreement_of, cart_of, subscription_of, write_cart
from renewal.adapters.tables import AgreementCodeRow, CartRow, CodeAttemptRow, SubscriptionRow
from renewal.domain import rules
from renewal.domain.decision import Decision, Reason
from renewal.domain.model import (
    AgreementCode,
    Cart,
    CartStatus,
    PaymentMethod,
    ServiceStatus,
    Subscription,
)
from renewal.domain.views import CartView
from renewal.services.reads import CartChange, RenewalReads


class CartOperations(RenewalReads):
    """Opening a renewal and changing its cart: one transaction each, the rule asked first."""

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
            subscription_of(account.subscription), self.clock.today(), unpaid.number if unpaid else None)
        return decision, account.subscription

    def open_renewal(self, username: str, like: Optional[int] = None) -> Decision[CartView]:
        """The account's open cart, or a new one renewing everything as bought; with ``like``, a cart the
        customer cancelled on this account: the new one holds what it held ("ho cambiato idea, procediamo")."""
        try:
            return self._open_renewal(username, like)
        except IntegrityError:
            # Another request opened the cart first: use that one.
            return self._open_renewal(username, like)

    def _open_renewal(self, username: str, like: Optional[int] = None) -> Decision[CartView]:
        with self.database.transaction() as session:
            decision, sub_row = self._renewal_check(session, username)
            if not decision.ok or sub_row is None:
                return decision.refused()
            row = self._open_cart_row(session, sub_row.id)
            if row is None:
                now = self.clock.now()
                row = CartRow(subscription=sub_row, created_at=now, updated_at=now)
                cancelled = session.get(CartRow, like) if like is not None else None
                again = cancelled is not None and cancelled.subscription_id == sub_row.id \
                    and cancelled.status == CartStatus.ABANDONED.value
                cart = cart_of(cancelled).with_changes(status=CartStatus.OPEN, terms_accepted=False) \
                    if cancelled is not None and again else Cart.for_renewal(subscription_of(sub_row))
                write_cart(row, cart)
                session.add(row)
                session.flush()
            return decision.map(lambda _: self._cart_view(session, row))

    def _change(self, cart_id: int, change: CartChange) -> Decision[CartView]:
        with self.database.transaction() as session:
            row = session.get(CartRow, cart_id, with_for_update=True)
            if row is None:
                return Decision.refuse(Reason.CART_UNKNOWN, cart_id=cart_id)
            current = cart_of(row)
            opened = rules.cart_is_open(current)
            if not opened.ok:
                return opened.refused()
            decision = change(session, subscription_of(row.subscription), current)
            if not decision.ok:
                return decision.refused()
            if decision.value != current:
                write_cart(row, decision.value)
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
            checked = self._checked_code(session, session.get(CartRow, cart_id).subscription.account_id, raw_code)
            return checked.map(lambda known: cart.with_changes(agreement_code=known.code))
        return self._change(cart_id, change)

    def code_status(self, username: str, raw_code: str) -> Decision[AgreementCode]:
        """Whether a code named in a question is valid today ("il codice ING2025 vale ancora?"); the check
        counts as an attempt, as when it is applied."""
        with self.database.transaction() as session:
            account = self._account_row(session, username)
            if account is None:
                return Decision.refuse(Reason.ACCOUNT_UNKNOWN, username=username)
            return self._checked_code(session, account.id, raw_code)

    def _checked_code(self, session: Session, account_id: int, raw_code: str) -> Decision[AgreementCode]:
        """The code's shape, the account's recent wrong attempts, then the code itself; the attempt recorded."""
        shaped = rules.check_code_shape(raw_code)
        if not shaped.ok or shaped.value is None:
            return shaped.refused()
        now = self.clock.now()
        failures = session.scalar(select(func.count(CodeAttemptRow.id)).where(
            CodeAttemptRow.account_id == account_id, CodeAttemptRow.succeeded.is_(False),
            CodeAttemptRow.attempted_at > now - rules.CODE_FAILURE_WINDOW))
        allowed = rules.check_code_attempts(failures)
        if not allowed.ok:
            return allowed.refused()
        checked = rules.check_agreement_code(raw_code, agreement_of(session.get(AgreementCodeRow, shaped.value)),
                                             self.clock.today())
        session.add(CodeAttemptRow(account_id=account_id, code=shaped.value, succeeded=checked.ok, attempted_at=now))
        return checked

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

    def quote_years(self, cart_id: int, years: rules.Quantity) -> Decision[CartView]:
        """The cart as it would be for ``years``, nothing changed: "quanto per 2 anni e quanto per 5?"."""
        return self.quote_changes(cart_id, years=years)

    def quote_storage(self, cart_id: int, requested_gb: rules.Quantity) -> Decision[CartView]:
        """The cart as it would be with ``requested_gb``, nothing changed: "e se raddoppio lo spazio?"."""
        return self.quote_changes(cart_id, storage_gb=requested_gb)

    def quote_users(self, cart_id: int, requested_users: rules.Quantity) -> Decision[CartView]:
        """The cart as it would be with ``requested_users``, nothing changed: "e se raddoppio gli utenti?"."""
        return self.quote_changes(cart_id, users=requested_users)

    def quote_module(self, cart_id: int, code: str) -> Decision[CartView]:
        """The cart as it would be with module ``code``, nothing changed: "e l'archivio quanto costa?"."""
        return self._what_if(cart_id, lambda s, sub, cart: Decision.allow(
            value=cart.with_changes(modules=cart.modules | {code})))

    def quote_without_module(self, cart_id: int, code: str) -> Decision[CartView]:
        """The cart as it would be without module ``code``, nothing changed: "quanto costa senza i solleciti?"."""
        return self._what_if(cart_id, lambda s, sub, cart: rules.check_remove_module(cart, code, self._catalogue(s)).map(
            lambda modules: cart.with_changes(modules=modules)))

    def quote_changes(self, cart_id: int, *, years: Optional[rules.Quantity] = None,
                      storage_gb: Optional[rules.Quantity] = None, users: Optional[rules.Quantity] = None,
                      modules: Optional[frozenset[str]] = None, agreement_code: Optional[str] = None
                      ) -> Decision[CartView]:
        """The cart as it would be with several changes at once, nothing changed: one of alternatives priced side
        by side ("il totale con solleciti e quello con solleciti più api", "per 2 anni col codice ING2026"); the
        first change a rule refuses says why (a code is checked as when it is applied)."""
        def change(session: Session, sub: Subscription, cart: Cart) -> Decision[Cart]:
            catalogue = self._catalogue(session)
            unknown = sorted((modules or frozenset()) - set(catalogue))
            if unknown:
                return Decision.refuse(Reason.MODULE_UNKNOWN, module=unknown[0])
            if agreement_code is not None:
                checked = self._checked_code(session, session.get(CartRow, cart_id).subscription.account_id,
                                             agreement_code)
                if not checked.ok or checked.value is None:
                    return checked.refused()
                cart = cart.with_changes(agreement_code=checked.value.code)
            checks = ((years, lambda c, v: rules.check_years(sub, v).map(lambda y: c.with_changes(years=y))),
                      (storage_gb, lambda c, v: rules.check_storage(sub, v).map(lambda g: c.with_changes(storage_gb=g))),
                      (users, lambda c, v: rules.check_users(sub, v).map(lambda u: c.with_changes(users=u))),
                      (modules, lambda c, v: Decision.allow(value=c.with_changes(modules=frozenset(v)))))
            decided: Decision[Cart] = Decision.allow(value=cart)
            for value, check in checks:
                if value is not None and decided.value is not None:
                    decided = check(decided.value, value)
                    if not decided.ok:
                        return decided
            return decided
        return self._what_if(cart_id, change)

    def _what_if(self, cart_id: int, change: Callable[[Session, Subscription, Cart], Decision[Cart]]
                 ) -> Decision[CartView]:
        with self.database.transaction() as session:
            row = session.get(CartRow, cart_id)
            if row is None:
                return Decision.refuse(Reason.CART_UNKNOWN, cart_id=cart_id)
            changed = change(session, subscription_of(row.subscription), cart_of(row))
            if not changed.ok or changed.value is None:
                return changed.refused()
            return Decision.allow(value=self._cart_view(session, row, cart=changed.value))

    def agreement_discounts(self) -> tuple[Decimal, ...]:
        """The discounts of the agreement codes valid today, lowest first (what a code is worth, no code named)."""
        today = self.clock.today()
        with self.database.transaction() as session:
            rows = session.scalars(select(AgreementCodeRow.discount_percent).where(
                AgreementCodeRow.valid_from <= today, AgreementCodeRow.valid_until >= today)).all()
        return tuple(sorted({Decimal(r) for r in rows}))

    def abandon_cart(self, cart_id: int) -> Decision[CartView]:
        """The customer cancelled: the cart is set aside, nothing is ordered."""
        return self._change(cart_id, lambda s, sub, cart: Decision.allow(
            value=cart.with_changes(status=CartStatus.ABANDONED)))
