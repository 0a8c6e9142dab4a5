"""The one place the objects are built: the database, the clock, the services and the payment provider,
once per process, from ``Settings``. Every entry point (the servers, the action server, the Rasa
channels, the desk, the CLI, the outbox sender) and the tests get their objects here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, cast

from renewal.adapters.db import Database
from renewal.config import (
    DEMO_PROVIDER_API_KEY_ENV,
    DEMO_PROVIDER_URL_ENV,
    PAYMENT_PROVIDER_ENV,
    WEBHOOK_SECRET_ENV,
    SettingMissing,
    Settings,
)
from renewal.dialogue.ports import Ports
from renewal.domain.clock import Clock, FixedClock, SystemClock
from renewal.services.access import AccessService
from renewal.services.desk_agents import DeskAgents
from renewal.services.handoff import HandoffService, SupportHours
from renewal.services.notices import Notices
from renewal.services.payments import PaymentProvider, PaymentService
from renewal.services.renewals import RenewalService
from renewal.services.unpaid_orders import UnpaidOrders


@dataclass(frozen=True)
class Services:
    """What a process works with; built once (``build``), handed down, never changed."""

    settings: Settings
    database: Database
    clock: Clock
    renewals: RenewalService
    access: AccessService
    handoffs: HandoffService
    notices: Notices
    agents: DeskAgents
    payments: Optional[PaymentService]  # None: no payment provider, no pay links
    unpaid: UnpaidOrders

    @property
    def dialogue(self) -> Ports:
        """What the conversation processor is given."""
        return Ports(self.renewals, self.handoffs, self.unpaid, self.payments)


def clock_for(settings: Settings) -> Clock:
    """``RENEWAL_TODAY`` pins the business day for every process that reads it."""
    return FixedClock(settings.today) if settings.today else SystemClock()


def provider_for(settings: Settings) -> Optional[PaymentProvider]:
    """The payment provider ``RENEWAL_PAYMENT_PROVIDER`` names; None when unset."""
    if settings.payment_provider is None:
        return None
    if settings.payment_provider == "demo":
        from renewal.adapters.payment_demo import DemoProvider

        if not settings.demo_provider_url:
            raise SettingMissing(f"the demo payment provider needs {DEMO_PROVIDER_URL_ENV} "
                                 f"and {DEMO_PROVIDER_API_KEY_ENV}")
        return DemoProvider(settings.demo_provider_url.rstrip("/"),
                            settings.secret(DEMO_PROVIDER_API_KEY_ENV).decode(), settings.secret(WEBHOOK_SECRET_ENV))
    raise SettingMissing(f"{PAYMENT_PROVIDER_ENV}={settings.payment_provider}: unknown payment provider (known: demo)")


_UNSET: object = object()


def build(settings: Settings, *, database: Optional[Database] = None, clock: Optional[Clock] = None,
          provider: object = _UNSET, migrate: bool = False) -> Services:
    """The process's objects. ``migrate``: bring the schema to the latest revision first (the servers
    do at start; one process at a time, see ``Database.upgrade``). Tests give their own database,
    clock and provider."""
    database = database or Database(settings.database_url)
    if migrate:
        database.upgrade()
    clock = clock or clock_for(settings)
    chosen = provider_for(settings) if provider is _UNSET else cast(Optional[PaymentProvider], provider)
    renewals, notices = RenewalService(database, clock), Notices(database, clock)
    payments = PaymentService(database, clock, chosen, renewals, notices) if chosen is not None else None
    secret = settings.token_secret.encode() if settings.token_secret else None
    return Services(settings=settings, database=database, clock=clock, renewals=renewals,
                    access=AccessService(database, clock, secret),
                    handoffs=HandoffService(database, clock, SupportHours.parse(settings.support_hours)),
                    notices=notices, agents=DeskAgents(database, clock), payments=payments,
                    unpaid=UnpaidOrders(renewals, payments))
