"""The engine, transactions (SQLAlchemy 1.4 used in the 2.0 style) and the schema's migrations; the tables are
in ``renewal.adapters.tables``.

The database is any SQLAlchemy URL (``Settings.database_url``: PostgreSQL in production, a SQLite file
in ``var/`` by default).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import (
    create_engine,
    event,
    inspect,
    text,
)
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from renewal.adapters.tables import AccountRow, Base


@contextmanager
def _server_admin(url: str):
    """A connection to the PostgreSQL server of ``url`` (its ``postgres``
    database, outside transactions), for creating and dropping databases."""
    admin = create_engine(make_url(url).set(database="postgres"), future=True, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            yield connection
    finally:
        admin.dispose()


def postgres_server(configured: str = "") -> URL:
    """The PostgreSQL server of ``configured`` (its ``postgres`` database), or else the local one:
    where throwaway databases are made."""
    url = configured if configured.startswith("postgresql") else "postgresql://root@127.0.0.1:5432/postgres"
    return make_url(url).set(database="postgres")


def ensure_database(url: str) -> None:
    """Creates the PostgreSQL database the URL names when it is missing (SQLite
    files are created on first use)."""
    target = make_url(url)
    if not target.drivername.startswith("postgresql"):
        return
    with _server_admin(url) as connection:
        exists = connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                    {"name": target.database}).first()
        if not exists:
            connection.execute(text(f'CREATE DATABASE "{target.database}"'))


def drop_database(url: str) -> None:
    """Drops the PostgreSQL database the URL names, closing its connections."""
    with _server_admin(url) as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)'))


READ_ONLY = "renewal_read_only"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
BEFORE_MIGRATIONS = "0001"  # the schema the code made with create_all before there were migrations
MIGRATION_LOCK = 72_514_001  # PostgreSQL advisory lock: one process migrates at a time


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def _serialise_sqlite_writers(engine: Engine) -> None:
    """pysqlite opens transactions lazily; take the write lock at BEGIN instead,
    so concurrent operations queue (busy timeout) rather than fail half way.
    ``Database.read`` transactions take no write lock, and with write-ahead
    logging they neither wait for a writer nor hold one up: the checks every
    message makes (who writes, anything to deliver) never queue behind a renewal."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute("PRAGMA busy_timeout = 30000")
        if engine.url.database not in (None, "", ":memory:"):
            dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN" if connection.get_execution_options().get(READ_ONLY) else "BEGIN IMMEDIATE")


class Database:
    """An engine, the schema and one transaction per operation."""

    def __init__(self, url: str) -> None:
        self.url = url
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:///:memory:"):
            Path(self.url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        if self.url.startswith("sqlite") and ":memory:" not in self.url:
            # A pool of open connections, as for PostgreSQL (SQLAlchemy 1.4 opens a new SQLite
            # connection, and runs its pragmas, for every transaction: a fifth of each message's time).
            options: dict = {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}
        else:
            # A PostgreSQL server that does not answer fails the operation in seconds, not minutes.
            options = {"pool_pre_ping": True,
                       "connect_args": {"connect_timeout": 5} if self.url.startswith("postgresql") else {}}
        self.engine = create_engine(self.url, future=True, **options)
        if self.engine.dialect.name == "sqlite":
            _serialise_sqlite_writers(self.engine)
        self._sessions = sessionmaker(self.engine, future=True, expire_on_commit=False)
        self._read_sessions = sessionmaker(self.engine.execution_options(**{READ_ONLY: True}), future=True,
                                           expire_on_commit=False)

    def create_schema(self) -> None:
        """The schema at its latest revision (``upgrade``)."""
        self.upgrade()

    def upgrade(self) -> None:
        """Brings the schema to the latest migration, one process at a time. An empty database gets the
        tables as declared here, stamped with the latest revision; a database made before migrations
        existed (no revision recorded: the code of revision 0001) is stamped 0001 and migrated."""
        with self.engine.begin() as connection:  # SQLite: BEGIN IMMEDIATE, the write lock
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            found = inspect(connection)
            config = _alembic_config(connection)
            if not found.has_table(AccountRow.__tablename__) and not found.has_table("alembic_version"):
                Base.metadata.create_all(connection)
                command.stamp(config, "head")
                return
            if not found.has_table("alembic_version"):
                command.stamp(config, BEFORE_MIGRATIONS)
            command.upgrade(config, "head")

    def drop_schema(self) -> None:
        Base.metadata.drop_all(self.engine)
        with self.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))

    def clear(self) -> None:
        """Deletes every row of every table, the ids counted again from 1; the schema stays."""
        with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                names = ", ".join(f'"{table.name}"' for table in Base.metadata.sorted_tables)
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                return
            for table in reversed(Base.metadata.sorted_tables):  # SQLite counts from the largest id left
                connection.execute(table.delete())

    def has_schema(self) -> bool:
        return inspect(self.engine).has_table(AccountRow.__tablename__)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """Commits when the block ends, rolls everything back if it raises."""
        with self._sessions() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction that only reads (one consistent snapshot): on SQLite it takes no write lock."""
        with self._read_sessions() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
