"""Schema migrations (Alembic): a database made by the code before migrations existed (d5e141c, with its
demo data, orders, a payment, a checkout, a hand-off, an agent and their sessions; the SQL of both
databases is in this folder, dumped from what that code made) is upgraded to the latest revision with every
row still there; a new database gets the latest schema at once; either way the schema is exactly what
``renewal.adapters.db`` declares."""
from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, inspect, select, text
from sqlalchemy.engine import make_url

from renewal.adapters.db import Database, drop_database, ensure_database
from renewal.adapters.db import _alembic_config as alembic_config
from renewal.adapters.tables import Base
from renewal.config import DATABASE_URL_ENV

HERE = Path(__file__).resolve().parent
HEAD = ScriptDirectory.from_config(alembic_config(None)).get_current_head()  # type: ignore[arg-type]


def backends() -> list[str]:
    return ["sqlite"] + (["postgresql"] if os.environ.get(DATABASE_URL_ENV, "").startswith("postgresql") else [])


@pytest.fixture(params=backends())
def empty_url(request, tmp_path) -> Iterator[str]:
    """A new, empty database of each kind."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'renewal.sqlite3'}"
        return
    url = str(make_url(os.environ[DATABASE_URL_ENV]).set(database=f"migration_{uuid.uuid4().hex[:10]}"))
    ensure_database(url)
    try:
        yield url
    finally:
        drop_database(url)


def load_old_database(url: str) -> None:
    """The database as the code of d5e141c left it."""
    engine = create_engine(url, future=True)
    try:
        if engine.dialect.name == "sqlite":
            raw = engine.raw_connection()
            raw.executescript((HERE / "made_by_d5e141c.sqlite.sql").read_text())  # type: ignore[attr-defined]
            raw.close()
        else:
            with engine.begin() as connection:
                connection.exec_driver_sql((HERE / "made_by_d5e141c.postgresql.sql").read_text())
    finally:
        engine.dispose()


def every_row(url: str) -> dict[str, list[tuple]]:
    engine = create_engine(url, future=True)
    try:
        tables = MetaData()
        tables.reflect(engine)
        with engine.connect() as connection:
            return {name: sorted(tuple(row) for row in connection.execute(select(table)))
                    for name, table in tables.tables.items()}
    finally:
        engine.dispose()


def rows_of_columns(url: str, columns: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of the given tables, only the given columns (those the old schema had)."""
    engine = create_engine(url, future=True)
    try:
        tables = MetaData()
        tables.reflect(engine)
        with engine.connect() as connection:
            return {name: sorted(tuple(row) for row in connection.execute(
                select(*(tables.tables[name].c[column] for column in wanted))))
                for name, wanted in columns.items()}
    finally:
        engine.dispose()


def schema_differences(url: str) -> list:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return [d for d in compare_metadata(context, Base.metadata) if not _alembic_table(d)]
    finally:
        engine.dispose()


def _alembic_table(difference: object) -> bool:
    return isinstance(difference, tuple) and difference[0] == "remove_table" and difference[1].name == "alembic_version"


def revision(url: str) -> str:
    engine = create_engine(url, future=True)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    finally:
        engine.dispose()


def test_a_database_made_before_migrations_is_upgraded_with_every_row_kept(empty_url):
    load_old_database(empty_url)
    before = every_row(empty_url)
    assert sum(len(rows) for rows in before.values()) > 50 and before["orders"] and before["handoff_messages"]
    old_columns = {name: [c["name"] for c in inspect(create_engine(empty_url)).get_columns(name)] for name in before}

    Database(empty_url).upgrade()

    assert revision(empty_url) == HEAD
    assert rows_of_columns(empty_url, old_columns) == before  # every row, every value, still there
    assert schema_differences(empty_url) == []  # and the schema is exactly today's
    after = every_row(empty_url)
    assert after["refunds"] == []
    assert {row[0] for row in after["desk_agents"]} == {"mario.rossi"}


def test_a_new_database_gets_the_latest_schema_and_upgrading_again_changes_nothing(empty_url):
    database = Database(empty_url)
    database.upgrade()
    assert revision(empty_url) == HEAD and schema_differences(empty_url) == []
    database.upgrade()
    assert revision(empty_url) == HEAD
    database.dispose()


def test_the_migrations_alone_make_the_declared_schema(empty_url):
    """From nothing, revision by revision (not create_all): the same schema as the declarations."""
    from alembic import command

    engine = create_engine(empty_url, future=True)
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), "head")
    engine.dispose()
    assert schema_differences(empty_url) == []
    with create_engine(empty_url, future=True).begin() as connection:
        command.downgrade(alembic_config(connection), "0001")
    Database(empty_url).upgrade()
    assert revision(empty_url) == HEAD and schema_differences(empty_url) == []
