"""Demo data: the six accounts of RENEWAL_RULES.md, agreement codes, and a
price list and module catalogue that are DEMO VALUES, not real prices.
Every date is relative to the day the data is made."""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from renewal.adapters.db import Database
from renewal.adapters.tables import (
    AccountRow,
    AgreementCodeRow,
    ModuleRow,
    PriceListRow,
    SubscriptionModuleRow,
    SubscriptionRow,
)
from renewal.domain.model import PaymentMethod, RenewalMode

MODULES = (
    ("conservazione", "Conservazione a norma", "Conserva fatture e ricevute per 10 anni, a norma di legge.", "20.00"),
    ("solleciti", "Solleciti di pagamento", "Promemoria automatici ai clienti che non hanno pagato.", "12.00"),
    ("api", "Integrazione API", "Invia e ricevi fatture dal tuo gestionale.", "30.00"),
    ("archivio", "Archivio documenti", "Archivia ordini, DDT e contratti accanto alle fatture.", "10.00"),
    ("multiazienda", "Gestione multiazienda", "Gestisci più partite IVA con un solo accesso.", "25.00"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    holder_name: str
    reference_email: str
    expires_in_days: int
    storage_gb_bought: int = 0
    storage_gb_used: str = "0"
    users_bought: int = 0
    users_configured: int = 0
    modules_bought: tuple[str, ...] = ()
    modules_suggested: tuple[str, ...] = ()
    automatic_payment_method: PaymentMethod | None = None
    promotional: bool = False


ACCOUNTS = (
    DemoAccount("1000001@aruba.it", "Studio Tecnico Rossi", "amministrazione@studiorossi.example",
                expires_in_days=20, storage_gb_bought=3, storage_gb_used="1.0", users_bought=3,
                users_configured=2, modules_bought=("conservazione", "solleciti"),
                modules_suggested=("api", "archivio")),
    DemoAccount("1000002@aruba.it", "Bianchi Architetti Associati", "info@bianchiarchitetti.example",
                expires_in_days=45, storage_gb_bought=3, storage_gb_used="2.5", users_bought=2,
                users_configured=1, modules_bought=("conservazione",), modules_suggested=("solleciti", "api")),
    DemoAccount("1000003@aruba.it", "Verdi Impianti S.r.l.", "amministrazione@verdiimpianti.example",
                expires_in_days=60, storage_gb_bought=1, storage_gb_used="0.4", users_bought=1,
                users_configured=1, modules_bought=("archivio",), modules_suggested=("conservazione",),
                automatic_payment_method=PaymentMethod.CARD),
    DemoAccount("1000004@aruba.it", "Farmacia Neri", "farmacia.neri@example.com",
                expires_in_days=-30, storage_gb_bought=2, storage_gb_used="0.8", users_bought=1,
                users_configured=0, modules_bought=("conservazione",), modules_suggested=("solleciti",)),
    DemoAccount("1000005@aruba.it", "Ing. Paolo Gallo", "paolo.gallo@example.com",
                expires_in_days=-100, storage_gb_bought=1, storage_gb_used="0.1"),
    DemoAccount("1000006@aruba.it", "Ferri Consulenze", "ferri.consulenze@example.com",
                expires_in_days=15, modules_suggested=("conservazione", "solleciti"), promotional=True),
)


def agreement_codes(today: date) -> tuple[AgreementCodeRow, ...]:
    year_ago, in_a_year = today - timedelta(days=300), today + timedelta(days=400)
    return (
        AgreementCodeRow(code="ING2026", association="Ordine degli Ingegneri", discount_percent=Decimal("15"),
                         valid_from=year_ago, valid_until=in_a_year),
        AgreementCodeRow(code="ARCH2026", association="Ordine degli Architetti", discount_percent=Decimal("10"),
                         valid_from=year_ago, valid_until=in_a_year),
        AgreementCodeRow(code="COMM2026", association="Ordine dei Dottori Commercialisti",
                         discount_percent=Decimal("10"), valid_from=year_ago, valid_until=in_a_year),
        AgreementCodeRow(code="ING2025", association="Ordine degli Ingegneri", discount_percent=Decimal("15"),
                         valid_from=today - timedelta(days=700), valid_until=today - timedelta(days=30)),
    )


def load_demo(database: Database, today: date) -> bool:
    """Creates the schema and the demo data unless accounts exist already.
    Returns whether it wrote anything."""
    database.create_schema()
    with database.transaction() as session:
        if session.scalars(select(AccountRow).limit(1)).first() is not None:
            return False
        _add_demo(session, today)
    return True


def _add_demo(session: Session, today: date) -> None:
    session.add_all(
        ModuleRow(code=code, name=name, description=text, yearly_price=Decimal(price))
        for code, name, text, price in MODULES
    )
    session.add(PriceListRow(
        valid_from=today - timedelta(days=365), service_yearly=Decimal("25.00"),
        promotional_service_yearly=Decimal("12.00"), storage_gb_yearly=Decimal("2.00"),
        extra_user_yearly=Decimal("5.00"), vat_percent=Decimal("22"),
    ))
    session.add_all(agreement_codes(today))
    session.flush()
    session.add_all(_account_row(demo, today) for demo in ACCOUNTS)


def _account_row(demo: DemoAccount, today: date) -> AccountRow:
    account = AccountRow(username=demo.username, holder_name=demo.holder_name, reference_email=demo.reference_email)
    account.subscription = SubscriptionRow(
        expiry_date=today + timedelta(days=demo.expires_in_days),
        renewal_mode=(RenewalMode.AUTOMATIC if demo.automatic_payment_method else RenewalMode.MANUAL).value,
        automatic_payment_method=demo.automatic_payment_method.value if demo.automatic_payment_method else None,
        promotional=demo.promotional,
        storage_gb_bought=demo.storage_gb_bought,
        storage_gb_used=Decimal(demo.storage_gb_used),
        users_bought=demo.users_bought,
        users_configured=demo.users_configured,
        modules=[SubscriptionModuleRow(module_code=c, bought=True) for c in demo.modules_bought]
        + [SubscriptionModuleRow(module_code=c, bought=False) for c in demo.modules_suggested],
    )
    return account


def load_account(index: int) -> DemoAccount:
    """The ``index``-th account for load tests: like 1000001@aruba.it, its own username."""
    return replace(ACCOUNTS[0], username=f"load{index:05d}@aruba.it", holder_name=f"Cliente di prova {index}")


def add_load_accounts(database: Database, today: date, count: int) -> list[str]:
    """``count`` more renewable accounts (benchmarks, load tests); returns their usernames."""
    accounts = [load_account(i) for i in range(1, count + 1)]
    with database.transaction() as session:
        existing = set(session.scalars(select(AccountRow.username)))
        session.add_all(_account_row(a, today) for a in accounts if a.username not in existing)
    return [a.username for a in accounts]


def reset_demo(database: Database, today: date) -> None:
    """Drops every table and makes the demo data anew."""
    database.drop_schema()
    load_demo(database, today)


def refill_demo(database: Database, today: date) -> None:
    """Empties every table and makes the demo data anew, the schema as it is (made by ``reset_demo`` or
    ``load_demo`` first): quicker than ``reset_demo``, and with no migration run, so several threads may refill
    databases of their own at once."""
    database.clear()
    with database.transaction() as session:
        _add_demo(session, today)
