"""Shared fixtures: a settable clock, a real database (SQLite always; PostgreSQL
too when RENEWAL_DATABASE_URL points at it), demo data and the service."""
from __future__ import annotations

import os
import subprocess
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Optional, TypeVar

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from renewal.adapters.db import Database
from renewal.bootstrap import Services, build
from renewal.config import DATABASE_URL_ENV, Settings
from renewal.dialogue.ports import Ports
from renewal.domain.clock import FixedClock
from renewal.services.demo import load_demo
from renewal.services.handoff import HandoffService
from renewal.services.payments import PaymentService
from renewal.services.renewals import RenewalService
from renewal.services.unpaid_orders import UnpaidOrders
from tests.services import Address, PrivateServer, running_postgres, running_redis, start_postgres, start_redis

TODAY = date(2026, 11, 24)
TOKEN_SECRET = "test-secret-0123456789abcdef"
PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def model() -> Path:
    """The project's model, trained here if data or config changed (Rasa keeps it otherwise)."""
    subprocess.run([str(PROJECT / "scripts" / "train-if-changed")], cwd=PROJECT, check=True,
                   stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, timeout=1800)
    path = PROJECT / "models" / "renewal.tar.gz"
    assert path.exists()
    return path


def _database_backends() -> list[str]:
    backends = ["sqlite"]
    if os.environ.get(DATABASE_URL_ENV, "").startswith("postgresql"):
        backends.append("postgresql")
    return backends


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(TODAY)


@pytest.fixture(params=_database_backends())
def database(request: pytest.FixtureRequest, tmp_path) -> Iterator[Database]:
    """An empty database with the schema: a SQLite file, or a throwaway
    PostgreSQL schema so tests never touch the tables of the URL's database."""
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'renewal.sqlite3'}")
        db.create_schema()
        yield db
        db.dispose()
        return
    url = os.environ[DATABASE_URL_ENV]
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, future=True)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    db = Database(f"{url}{separator}options=-csearch_path%3D{schema}")
    db.create_schema()
    try:
        yield db
    finally:
        db.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def demo_db(database: Database, clock: FixedClock) -> Database:
    load_demo(database, clock.today())
    return database


@pytest.fixture
def services(demo_db: Database, clock: FixedClock) -> Services:
    """The process's objects as ``renewal.bootstrap`` builds them, on the test's database and clock (no
    payment provider: tests that need one start the demo provider)."""
    return build(Settings(database_url=demo_db.url, token_secret=TOKEN_SECRET), database=demo_db, clock=clock,
                 provider=None)


@pytest.fixture
def service(services: Services) -> RenewalService:
    return services.renewals


def ports_for(service: RenewalService, handoffs: Optional[HandoffService] = None,
              payments: Optional[PaymentService] = None) -> Ports:
    """What the processor is given, over the test's service (a queue and a provider when the test has its own)."""
    return Ports(service, handoffs or HandoffService(service.database, service.clock), UnpaidOrders(service, payments),
                 payments)


T = TypeVar("T")


def _running_or_private(running: Optional[T], start: Callable[[], tuple[PrivateServer, T]]) -> Iterator[T]:
    """The server already running, else a private one for the session, stopped at its end."""
    if running is not None:
        yield running
        return
    server, found = start()
    try:
        yield found
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres() -> Iterator[URL]:
    """A PostgreSQL server's ``postgres`` database: the running one, else a private one for the session."""
    yield from _running_or_private(running_postgres(), start_postgres)


@pytest.fixture(scope="session")
def redis() -> Iterator[Address]:
    """A Redis server: the running one, else a private one for the session."""
    yield from _running_or_private(running_redis(), start_redis)
