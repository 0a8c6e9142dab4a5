"""What every action needs: the renewal service and who the customer is. No rule lives here."""
from __future__ import annotations

import logging
from typing import Optional

from rasa_sdk import Tracker

from renewal import identity
from renewal.access import AccessService, Caller
from renewal.clock import clock_from_env
from renewal.db import Database
from renewal.decision import Decision, Reason
from renewal.handoff import HandoffService
from renewal.payments import PaymentService, provider_from_env
from renewal.service import RenewalService

logger = logging.getLogger(__name__)

_service: Optional[RenewalService] = None
_access: Optional[AccessService] = None
_handoffs: Optional[HandoffService] = None
_payments: Optional[PaymentService] = None
_payments_read = False


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


def handoffs() -> HandoffService:
    global _handoffs
    if _handoffs is None:
        _handoffs = HandoffService(service().database, service().clock)
    return _handoffs


def payments() -> Optional[PaymentService]:
    """Pay links for card and PayPal, with the provider $RENEWAL_PAYMENT_PROVIDER names (None: no links)."""
    global _payments, _payments_read
    if not _payments_read:
        provider = provider_from_env()
        _payments = PaymentService(service().database, service().clock, provider, service()) if provider else None
        _payments_read = True
    return _payments


def use_service(replacement: Optional[RenewalService], payments: Optional[PaymentService] = None) -> None:
    """Wires another service in (tests use their own database and clock)."""
    global _service, _access, _handoffs, _payments, _payments_read
    _service, _access, _handoffs, _payments, _payments_read = replacement, None, None, payments, True


def caller(tracker: Tracker) -> Decision[Caller]:
    """The account this conversation acts for, proven by the latest message's
    metadata: the customer's own token, or a support agent's token and the account."""
    try:
        return access().caller(tracker.sender_id, tracker.latest_message.get("metadata"))
    except identity.SecretMissing:
        logger.error("RENEWAL_TOKEN_SECRET is not set: no customer can be identified")
        return Decision.refuse(Reason.TOKEN_INVALID)
