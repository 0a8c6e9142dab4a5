"""Every rule answers with a Decision: allowed or not, why, and the figures."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, Optional, TypeVar

T = TypeVar("T")
U = TypeVar("U")


class Reason(str, Enum):
    OK = "ok"
    # identity
    TOKEN_MISSING = "token_missing"
    TOKEN_INVALID = "token_invalid"
    TOKEN_EXPIRED = "token_expired"
    TOKEN_REPLAYED = "token_replayed"
    CONVERSATION_NOT_YOURS = "conversation_not_yours"
    TOKEN_REVOKED = "token_revoked"
    AGENT_NAME_INVALID = "agent_name_invalid"
    # chats linked to accounts
    LINK_CODE_UNKNOWN = "link_code_unknown"
    LINK_CODE_EXPIRED = "link_code_expired"
    LINK_CODE_USED = "link_code_used"
    CHAT_NOT_LINKED = "chat_not_linked"
    # opening a renewal
    ACCOUNT_UNKNOWN = "account_unknown"
    SERVICE_DELETED = "service_deleted"
    IN_GRACE_PERIOD = "in_grace_period"
    AUTOMATIC_RENEWAL_ON = "automatic_renewal_on"
    AUTOMATIC_RENEWAL_MISSED = "automatic_renewal_missed"
    ORDER_PENDING_PAYMENT = "order_pending_payment"
    CART_UNKNOWN = "cart_unknown"
    CART_CLOSED = "cart_closed"
    # quantities
    NOT_A_WHOLE_NUMBER = "not_a_whole_number"
    QUANTITY_NEGATIVE = "quantity_negative"
    QUANTITY_TOO_LARGE = "quantity_too_large"
    STORAGE_IN_USE = "storage_in_use"
    STORAGE_BELOW_USED = "storage_below_used"
    USERS_CONFIGURED = "users_configured"
    # modules
    MODULE_UNKNOWN = "module_unknown"
    MODULE_NOT_OFFERED = "module_not_offered"
    MODULE_ALREADY_IN_CART = "module_already_in_cart"
    MODULE_NOT_IN_CART = "module_not_in_cart"
    # agreement codes
    CODE_UNKNOWN = "code_unknown"
    CODE_MALFORMED = "code_malformed"
    CODE_EXPIRED = "code_expired"
    CODE_NOT_YET_VALID = "code_not_yet_valid"
    CODE_NOT_APPLIED = "code_not_applied"
    CODE_ATTEMPTS_EXCEEDED = "code_attempts_exceeded"
    # order form
    YEARS_OUT_OF_RANGE = "years_out_of_range"
    PAYMENT_METHOD_UNKNOWN = "payment_method_unknown"
    PAYMENT_METHOD_MISSING = "payment_method_missing"
    TERMS_NOT_ACCEPTED = "terms_not_accepted"
    ALREADY_PLACED = "already_placed"
    # hand-off to a person
    HANDOFF_UNKNOWN = "handoff_unknown"
    HANDOFF_TAKEN = "handoff_taken"
    HANDOFF_ENDED = "handoff_ended"
    HANDOFF_NOT_YOURS = "handoff_not_yours"
    HANDOFF_NOT_TAKEN = "handoff_not_taken"
    HANDOFF_WITHDRAWN = "handoff_withdrawn"
    HANDOFF_NOT_WAITING = "handoff_not_waiting"
    SUPPORT_CLOSED = "support_closed"
    NO_AGENT_ONLINE = "no_agent_online"
    MESSAGE_EMPTY = "message_empty"
    MESSAGE_TOO_LONG = "message_too_long"
    # support agents at the desk
    AGENT_UNKNOWN = "agent_unknown"
    AGENT_EXISTS = "agent_exists"
    PASSWORD_TOO_SHORT = "password_too_short"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_LOCKED = "sign_in_locked"
    DESK_SESSION_EXPIRED = "desk_session_expired"
    NOT_PERMITTED = "not_permitted"
    # payments
    ORDER_UNKNOWN = "order_unknown"
    PAYMENT_ALREADY_REGISTERED = "payment_already_registered"
    PAYMENT_AMOUNT_MISMATCH = "payment_amount_mismatch"
    PAYMENT_CURRENCY_MISMATCH = "payment_currency_mismatch"
    PAYMENT_DUPLICATE = "payment_duplicate"
    PAYMENT_AFTER_DELETION = "payment_after_deletion"
    PAYMENT_METHOD_UNCHANGED = "payment_method_unchanged"
    ORDER_ALREADY_PAID = "order_already_paid"
    ORDER_CANCELLED = "order_cancelled"
    NO_PAYMENT_EMAIL = "no_payment_email"
    NO_PAY_LINK = "no_pay_link"
    PROVIDER_UNAVAILABLE = "provider_unavailable"
    # the payment provider's notifications
    SIGNATURE_MISSING = "signature_missing"
    SIGNATURE_INVALID = "signature_invalid"
    SIGNATURE_STALE = "signature_stale"
    NOTIFICATION_REPLAYED = "notification_replayed"
    NOTIFICATION_MALFORMED = "notification_malformed"


@dataclass(frozen=True)
class Decision(Generic[T]):
    """``value`` is what an allowed decision gives; read it only when ``ok``. A refusal has none (it is
    None then, which the type leaves unsaid so that ``if decision.ok: decision.value.x`` reads plainly)."""

    ok: bool
    reason: Reason
    figures: Mapping[str, Any] = field(default_factory=dict)
    value: T = None  # type: ignore[assignment]

    @classmethod
    def allow(cls, reason: Reason = Reason.OK, value: Optional[T] = None, **figures: Any) -> Decision[T]:
        return cls(True, reason, figures, value)  # type: ignore[arg-type]

    @classmethod
    def refuse(cls, reason: Reason, **figures: Any) -> Decision[T]:
        return cls(False, reason, figures)

    def refused(self) -> Decision[Any]:
        """The same refusal, as a decision about anything else (it carries no value)."""
        return Decision(False, self.reason, self.figures)

    def with_value(self, value: U) -> Decision[U]:
        return Decision(self.ok, self.reason, self.figures, value)

    def map(self, change: Callable[[T], U]) -> Decision[U]:
        """The same decision, its value passed through ``change`` when allowed."""
        if not self.ok:
            return Decision(False, self.reason, self.figures)
        return Decision(True, self.reason, self.figures, change(self.value))
