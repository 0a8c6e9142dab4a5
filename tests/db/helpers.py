from __future__ import annotations

from sqlalchemy import select

from renewal.db import Base, Database


def snapshot(database: Database) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused operation changed nothing."""
    with database.engine.connect() as conn:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(select(table)))
            for table in Base.metadata.sorted_tables
        }
