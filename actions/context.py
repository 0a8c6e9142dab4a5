"""What every action needs: the renewal service, who the customer is, their cart,
and the entities of the latest message. No rule lives here."""
from __future__ import annotations

import logging
from decimal import Decimal, InvalidOperation
from typing import Any, Optional

from rasa_sdk import Tracker

from italian import MAX_MESSAGE_CHARACTERS

from renewal import identity
from renewal.access import AccessService, Caller
from renewal.clock import clock_from_env
from renewal.db import Database
from renewal.decision import Decision, Reason
from renewal.service import CartView, RenewalService

logger = logging.getLogger(__name__)



_service: Optional[RenewalService] = None
_access: Optional[AccessService] = None


def service() -> RenewalService:
    """The process's renewal service, on $RENEWAL_DATABASE_URL and the clock of $RENEWAL_TODAY."""
    global _service
    if _service is None:
        _service = RenewalService(Database(), clock_from_env())
    return _service


def access() -> AccessService:
    """Who writes, on the same database and clock as the renewal service."""
    global _access
    if _access is None:
        _access = AccessService(service().database, service().clock)
    return _access


def use_service(replacement: Optional[RenewalService]) -> None:
    """Wires another service in (tests use their own database and clock)."""
    global _service, _access
    _service, _access = replacement, None


def caller(tracker: Tracker) -> Decision[Caller]:
    """The account this conversation acts for, proven by the latest message's
    metadata: the customer's own token, or a support agent's token and the account."""
    try:
        return access().caller(tracker.sender_id, tracker.latest_message.get("metadata"))
    except identity.SecretMissing:
        logger.error("RENEWAL_TOKEN_SECRET is not set: no customer can be identified")
        return Decision.refuse(Reason.TOKEN_INVALID)


def identify(tracker: Tracker) -> Decision[str]:
    """The username of the account this conversation acts for."""
    return caller(tracker).map(lambda who: who.username)


def acting_agent(tracker: Tracker) -> Optional[str]:
    """The support agent driving this conversation for the customer, if any."""
    who = caller(tracker)
    return who.value.agent if who.ok else None


def owned_cart(tracker: Tracker) -> Decision[CartView]:
    """The conversation's cart, if the signed-in customer owns it."""
    who = identify(tracker)
    if not who.ok:
        return who  # type: ignore[return-value]
    cart_id = tracker.get_slot("cart_id")
    if not isinstance(cart_id, int):
        return Decision.refuse(Reason.CART_UNKNOWN)
    cart = service().cart(cart_id)
    if not cart.ok or cart.value.username != who.value:
        return Decision.refuse(Reason.CART_UNKNOWN)
    return cart


def intent_of(tracker: Tracker) -> Optional[str]:
    return (tracker.latest_message.get("intent") or {}).get("name")


def message_too_long(tracker: Tracker) -> bool:
    return len(tracker.latest_message.get("text") or "") > MAX_MESSAGE_CHARACTERS


def entity(tracker: Tracker, name: str) -> Optional[dict[str, Any]]:
    """The first entity ``name`` of the latest message, if any."""
    return next((e for e in tracker.latest_message.get("entities") or [] if e.get("entity") == name), None)


def entity_values(tracker: Tracker, name: str) -> list[str]:
    return [str(e.get("value")) for e in tracker.latest_message.get("entities") or [] if e.get("entity") == name]


def target_quantity(current: int, found: dict[str, Any]) -> Any:
    """An absolute quantity from an entity: "4 GB" is 4; "un giga in più" is current + 1.
    What is not a number is passed on as written, for the rule to refuse."""
    try:
        amount = Decimal(str(found.get("value")))
    except InvalidOperation:
        return found.get("value")
    role = found.get("role")
    if role == "increase":
        return str(current + amount)
    if role == "decrease":
        return str(current - amount)
    return str(amount)
