"""The tables: one class a table, SQLAlchemy 1.4's declarative mapping. Money is stored as whole cents and
GB used as thousandths (``ScaledDecimal``), so no database ever holds a float; datetimes are UTC."""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any, Optional, overload

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import declarative_base, relationship
from sqlalchemy.types import BigInteger, TypeDecorator

Base: Any = declarative_base()  # SQLAlchemy 1.4 has no types: the tables are Any to mypy


class ScaledDecimal(TypeDecorator):
    """A ``Decimal`` stored as a whole number of 10**-scale units (cents for
    money): exact on every database, SQLite included, and never a float."""

    impl = BigInteger
    cache_ok = True

    def __init__(self, scale: int) -> None:
        super().__init__()
        self.scale = scale
        self._unit = Decimal(1).scaleb(-scale)

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        scaled = Decimal(value).scaleb(self.scale)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{value} has more than {self.scale} decimals")
        return int(scaled)

    def process_result_value(self, value, dialect):
        return None if value is None else Decimal(value).scaleb(-self.scale).quantize(self._unit)


Money = ScaledDecimal(2)
Percent = ScaledDecimal(2)


class AccountRow(Base):
    __tablename__ = "accounts"
    id = Column(Integer, primary_key=True)
    username = Column(String(64), nullable=False, unique=True)
    holder_name = Column(String(200), nullable=False)
    reference_email = Column(String(254), nullable=False)
    subscription = relationship("SubscriptionRow", back_populates="account", uselist=False)


class ModuleRow(Base):
    __tablename__ = "modules"
    code = Column(String(40), primary_key=True)
    name = Column(String(120), nullable=False)
    description = Column(Text, nullable=False, default="")
    yearly_price = Column(Money, nullable=False)


class PriceListRow(Base):
    """One row per price list; the one in force has the latest ``valid_from``."""

    __tablename__ = "price_lists"
    id = Column(Integer, primary_key=True)
    valid_from = Column(Date, nullable=False, unique=True)
    service_yearly = Column(Money, nullable=False)
    promotional_service_yearly = Column(Money, nullable=False)
    storage_gb_yearly = Column(Money, nullable=False)
    extra_user_yearly = Column(Money, nullable=False)
    vat_percent = Column(Percent, nullable=False)


class SubscriptionRow(Base):
    __tablename__ = "subscriptions"
    id = Column(Integer, primary_key=True)
    account_id = Column(ForeignKey("accounts.id"), nullable=False, unique=True)
    expiry_date = Column(Date, nullable=False)
    renewal_mode = Column(String(16), nullable=False)
    automatic_payment_method = Column(String(16))
    promotional = Column(Boolean, nullable=False, default=False)
    storage_gb_bought = Column(Integer, nullable=False)
    storage_gb_used = Column(ScaledDecimal(3), nullable=False)
    users_bought = Column(Integer, nullable=False)
    users_configured = Column(Integer, nullable=False)
    account = relationship(AccountRow, back_populates="subscription")
    modules = relationship("SubscriptionModuleRow", cascade="all, delete-orphan")


class SubscriptionModuleRow(Base):
    """A module bought, or one suggested to this customer ("Potrebbero interessarti")."""

    __tablename__ = "subscription_modules"
    subscription_id = Column(ForeignKey("subscriptions.id"), primary_key=True)
    module_code = Column(ForeignKey("modules.code"), primary_key=True)
    bought = Column(Boolean, nullable=False)


class AgreementCodeRow(Base):
    __tablename__ = "agreement_codes"
    code = Column(String(40), primary_key=True)
    association = Column(String(200), nullable=False)
    discount_percent = Column(Percent, nullable=False)
    valid_from = Column(Date, nullable=False)
    valid_until = Column(Date, nullable=False)


class CodeAttemptRow(Base):
    """Every agreement code an account entered: the record that rate-limits guessing."""

    __tablename__ = "agreement_code_attempts"
    id = Column(Integer, primary_key=True)
    account_id = Column(ForeignKey("accounts.id"), nullable=False, index=True)
    code = Column(String(40), nullable=False)
    succeeded = Column(Boolean, nullable=False)
    attempted_at = Column(DateTime(timezone=True), nullable=False)


class CartRow(Base):
    __tablename__ = "carts"
    id = Column(Integer, primary_key=True)
    subscription_id = Column(ForeignKey("subscriptions.id"), nullable=False)
    status = Column(String(16), nullable=False)
    storage_gb = Column(Integer, nullable=False)
    users = Column(Integer, nullable=False)
    years = Column(Integer, nullable=False)
    agreement_code = Column(ForeignKey("agreement_codes.code"))
    payment_method = Column(String(16))
    terms_accepted = Column(Boolean, nullable=False, default=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    updated_at = Column(DateTime(timezone=True), nullable=False)
    subscription = relationship(SubscriptionRow)
    modules = relationship("CartModuleRow", cascade="all, delete-orphan")
    __table_args__ = (
        # One open cart per service at a time.
        Index(
            "one_open_cart_per_subscription", "subscription_id", unique=True,
            sqlite_where=text("status = 'open'"), postgresql_where=text("status = 'open'"),
        ),
    )


class CartModuleRow(Base):
    __tablename__ = "cart_modules"
    cart_id = Column(ForeignKey("carts.id"), primary_key=True)
    module_code = Column(ForeignKey("modules.code"), primary_key=True)


class OrderRow(Base):
    __tablename__ = "orders"
    id = Column(Integer, primary_key=True)
    number = Column(String(32), nullable=False, unique=True)
    # One order per cart: a repeated or concurrent confirmation cannot make a second.
    cart_id = Column(ForeignKey("carts.id"), nullable=False, unique=True)
    subscription_id = Column(ForeignKey("subscriptions.id"), nullable=False)
    status = Column(String(24), nullable=False)
    payment_method = Column(String(16), nullable=False)
    years = Column(Integer, nullable=False)
    current_expiry = Column(Date, nullable=False)
    new_expiry = Column(Date, nullable=False)
    agreement_code = Column(String(40))
    discount_percent = Column(Percent, nullable=False)
    net = Column(Money, nullable=False)
    discount = Column(Money, nullable=False)
    vat_percent = Column(Percent, nullable=False)
    vat = Column(Money, nullable=False)
    total = Column(Money, nullable=False)
    placed_at = Column(DateTime(timezone=True), nullable=False)
    placed_by_agent = Column(String(64))
    paid_at = Column(DateTime(timezone=True))
    cart = relationship(CartRow)
    subscription = relationship(SubscriptionRow)
    lines = relationship("OrderLineRow", cascade="all, delete-orphan", order_by="OrderLineRow.id")
    payment = relationship("PaymentRow", uselist=False, back_populates="order")
    refunds = relationship("RefundRow", order_by="RefundRow.id", back_populates="order")
    __table_args__ = (
        Index(
            "one_unpaid_order_per_subscription", "subscription_id", unique=True,
            sqlite_where=text("status = 'awaiting_payment'"),
            postgresql_where=text("status = 'awaiting_payment'"),
        ),
    )


class OrderLineRow(Base):
    __tablename__ = "order_lines"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"), nullable=False)
    code = Column(String(60), nullable=False)
    description = Column(String(200), nullable=False)
    quantity = Column(Integer, nullable=False)
    unit_yearly_price = Column(Money, nullable=False)
    years = Column(Integer, nullable=False)
    amount = Column(Money, nullable=False)


class PaymentRow(Base):
    __tablename__ = "payments"
    id = Column(Integer, primary_key=True)
    # One payment per order: registering it again changes nothing.
    order_id = Column(ForeignKey("orders.id"), nullable=False, unique=True)
    amount = Column(Money, nullable=False)
    reference = Column(String(120))
    registered_at = Column(DateTime(timezone=True), nullable=False)
    order = relationship(OrderRow, back_populates="payment")


class RefundRow(Base):
    """Money received that renews nothing: an order cancelled or paid twice, the service already deleted,
    an amount or currency other than the order's, a checkout nobody knows. It is kept on record until it
    is refunded (``refunded_at``); the order, if any, is ``refund_due`` unless it was paid as well."""

    __tablename__ = "refunds"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"), index=True)  # None: the payment matched no order of ours
    order_number = Column(String(32), nullable=False)  # as the payment named it
    amount = Column(Money, nullable=False)
    currency = Column(String(3), nullable=False)
    reference = Column(String(120))  # the provider's payment, or the operator's bank reference
    reason = Column(String(40), nullable=False)  # decision.Reason
    received_at = Column(DateTime(timezone=True), nullable=False)
    refunded_at = Column(DateTime(timezone=True))
    order = relationship(OrderRow, back_populates="refunds")


class CheckoutRow(Base):
    """A payment provider's hosted page for an order (card, PayPal), and the conversation to tell
    when it is paid."""

    __tablename__ = "checkouts"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"), nullable=False, index=True)
    provider = Column(String(32), nullable=False)
    provider_checkout_id = Column(String(100), nullable=False)
    url = Column(String(500), nullable=False)
    amount = Column(Money)  # what the page asks: the order's total
    currency = Column(String(3))
    status = Column(String(16), nullable=False)  # payments.CheckoutStatus
    conversation_id = Column(String(200))
    channel = Column(String(32))
    created_at = Column(DateTime(timezone=True), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    ended_at = Column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("provider", "provider_checkout_id", name="one_row_per_checkout"),)


class PaymentNotificationRow(Base):
    """Every provider notification delivery taken: its event (the idempotency key: an event handled once)
    and a hash of its signature (the same request again is a replay)."""

    __tablename__ = "payment_notifications"
    id = Column(Integer, primary_key=True)
    provider = Column(String(32), nullable=False)
    event_id = Column(String(100), nullable=False, index=True)
    signature_hash = Column(String(64), nullable=False)
    kind = Column(String(32), nullable=False)
    order_number = Column(String(32), nullable=False)
    received_at = Column(DateTime(timezone=True), nullable=False)
    outcome = Column(String(200), nullable=False)
    __table_args__ = (UniqueConstraint("provider", "signature_hash", name="one_row_per_delivery"),)


class CustomerNoticeRow(Base):
    """A message for a customer outside any turn (their payment arrived): sent on their live channel,
    or with their next message on REST (``connectors.gate``)."""

    __tablename__ = "customer_notices"
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(200), nullable=False, index=True)
    text = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    delivered_at = Column(DateTime(timezone=True))


class OutgoingEmailRow(Base):
    __tablename__ = "outgoing_emails"
    id = Column(Integer, primary_key=True)
    order_id = Column(ForeignKey("orders.id"))
    to_address = Column(String(254), nullable=False)
    subject = Column(String(200), nullable=False)
    body = Column(Text, nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    sent_at = Column(DateTime(timezone=True))
    __table_args__ = (UniqueConstraint("order_id", "subject", name="one_email_per_order_and_subject"),)


class EmailDeliveryRow(Base):
    """How sending an outbox email went: attempts, the next one, the last error, and whether it gave up.
    ``claimed_at`` is a lease: one sender at a time works on an email (the SMTP conversation happens
    outside any transaction, so the database is never held while a mail server answers)."""

    __tablename__ = "email_deliveries"
    email_id = Column(ForeignKey("outgoing_emails.id"), primary_key=True)
    attempts = Column(Integer, nullable=False, default=0)
    claimed_at = Column(DateTime(timezone=True))
    claim = Column(String(32))  # the lease holder's token: only it marks the email sent or failed
    next_attempt_at = Column(DateTime(timezone=True))
    last_error = Column(String(500))
    gave_up_at = Column(DateTime(timezone=True))


class HandoffRow(Base):
    """A customer asked for a person: the queue support agents work from. While it waits the bot goes on
    answering (the customer may withdraw it); once taken, the agent has the conversation. One open request
    per conversation, one agent per request."""

    __tablename__ = "handoffs"  # "handoff_requests" before requests had a status: left alone if present
    id = Column(Integer, primary_key=True)
    conversation_id = Column(String(200), nullable=False)
    username = Column(String(64))
    channel = Column(String(32), nullable=False, default="rest")
    transcript = Column(Text, nullable=False)
    status = Column(String(16), nullable=False, default="waiting")
    created_at = Column(DateTime(timezone=True), nullable=False)
    taken_by = Column(String(64))
    taken_at = Column(DateTime(timezone=True))
    ended_at = Column(DateTime(timezone=True))
    ended_by = Column(String(64))
    withdrawn_with = Column(String(300))  # the customer's words, when they withdrew the request
    __table_args__ = (
        Index("one_open_handoff_per_conversation", "conversation_id", unique=True,
              sqlite_where=text("status IN ('waiting', 'taken')"),
              postgresql_where=text("status IN ('waiting', 'taken')")),
    )


class HandoffMessageRow(Base):
    """What the agent wrote during a hand-off: to the customer (delivered on their channel) or a note
    only agents see."""

    __tablename__ = "handoff_messages"
    id = Column(Integer, primary_key=True)
    handoff_id = Column(ForeignKey("handoffs.id"), nullable=False, index=True)
    conversation_id = Column(String(200), nullable=False, index=True)
    kind = Column(String(16), nullable=False)  # "agent" (to the customer) or "note"
    agent = Column(String(64), nullable=False)
    text = Column(Text, nullable=False)
    at = Column(DateTime(timezone=True), nullable=False)
    delivered_at = Column(DateTime(timezone=True))


class DeskAgentRow(Base):
    """A support agent who signs in to the desk: the password only as an argon2id hash."""

    __tablename__ = "desk_agents"
    name = Column(String(64), primary_key=True)
    password_hash = Column(String(200), nullable=False)
    display_name = Column(String(64))  # what customers read ("Mario del supporto"); never the sign-in name
    can_register_payments = Column(Boolean, nullable=False, default=False)
    can_supervise = Column(Boolean, nullable=False, default=False, server_default=false())  # may open others' requests
    created_at = Column(DateTime(timezone=True), nullable=False)
    disabled_at = Column(DateTime(timezone=True))


class DeskSignInFailureRow(Base):
    """A desk sign-in that failed (or is being checked: it counts until the password proves right), by
    the name typed and the address it came from: the throttle of ``desk_agents.sign_in``."""

    __tablename__ = "desk_sign_in_failures"
    id = Column(Integer, primary_key=True)
    name = Column(String(64), nullable=False, index=True)
    address = Column(String(64), nullable=False, default="", server_default="", index=True)
    at = Column(DateTime(timezone=True), nullable=False)


class DeskSessionRow(Base):
    """A signed-in desk page: the cookie's value only as a SHA-256 hash."""

    __tablename__ = "desk_sessions"
    key_hash = Column(String(64), primary_key=True)
    agent = Column(ForeignKey("desk_agents.name"), nullable=False)
    agent_session_id = Column(String(64), nullable=False)  # the agent token's session (guided sessions)
    created_at = Column(DateTime(timezone=True), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    last_seen_at = Column(DateTime(timezone=True), nullable=False)
    ended_at = Column(DateTime(timezone=True))


class TokenSessionRow(Base):
    """A customer token's session, bound to the first conversation that used it:
    the same token replayed from another conversation is refused."""

    __tablename__ = "token_sessions"
    session_id = Column(String(64), primary_key=True)
    conversation_id = Column(String(200), nullable=False)
    username = Column(String(64), nullable=False)
    first_used_at = Column(DateTime(timezone=True), nullable=False)


class AgentSessionRow(Base):
    """An agent token, from the moment it is minted: bound to its agent, revocable before it expires."""

    __tablename__ = "agent_sessions"
    session_id = Column(String(64), primary_key=True)
    agent = Column(String(64), nullable=False)
    issued_at = Column(DateTime(timezone=True), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    revoked_at = Column(DateTime(timezone=True))


class AgentActionRow(Base):
    """The audit trail: every action an agent takes for an account (who, which account, what, when)."""

    __tablename__ = "agent_actions"
    id = Column(Integer, primary_key=True)
    agent = Column(String(64), nullable=False)
    username = Column(String(64), nullable=False)
    conversation_id = Column(String(200))
    action = Column(String(500), nullable=False)
    at = Column(DateTime(timezone=True), nullable=False)


class ConversationOwnerRow(Base):
    """A conversation belongs to the identity that opened it: the customer, or the agent with the
    account of a guided session. Any other identity is refused in it."""

    __tablename__ = "conversation_owners"
    conversation_id = Column(String(200), primary_key=True)
    username = Column(String(64), nullable=False)
    agent = Column(String(64))
    opened_at = Column(DateTime(timezone=True), nullable=False)


class LinkCodeRow(Base):
    """A one-time code that links a chat (Telegram) to an account; only its hash is kept."""

    __tablename__ = "link_codes"
    id = Column(Integer, primary_key=True)
    code_hash = Column(String(64), nullable=False, unique=True)
    username = Column(String(64), ForeignKey("accounts.username"), nullable=False)
    channel = Column(String(32), nullable=False)
    created_at = Column(DateTime(timezone=True), nullable=False)
    expires_at = Column(DateTime(timezone=True), nullable=False)
    used_at = Column(DateTime(timezone=True))
    used_by = Column(String(64))


class ChannelLinkRow(Base):
    """A chat linked to an account: who writes from that chat."""

    __tablename__ = "channel_links"
    id = Column(Integer, primary_key=True)
    channel = Column(String(32), nullable=False)
    external_id = Column(String(64), nullable=False)
    username = Column(String(64), ForeignKey("accounts.username"), nullable=False)
    linked_at = Column(DateTime(timezone=True), nullable=False)
    __table_args__ = (UniqueConstraint("channel", "external_id", name="one_account_per_chat"),)


@overload
def aware(moment: datetime) -> datetime: ...
@overload
def aware(moment: None) -> None: ...
def aware(moment: Optional[datetime]) -> Optional[datetime]:
    """SQLite hands back naive datetimes for timezone-aware columns: they are UTC."""
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=timezone.utc)
