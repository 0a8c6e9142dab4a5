from __future__ import annotations

from sqlalchemy import select

from renewal.adapters.db import Database
from renewal.adapters.tables import Base

AUDIT_TABLES = {"agreement_code_attempts"}
"""Records of what was tried (they rate-limit guessing), not state a refusal may change."""


def snapshot(database: Database) -> dict[str, list[tuple]]:
    """Every row of every table but the audit ones, to show that a refused operation changed nothing."""
    with database.engine.connect() as conn:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(select(table)))
            for table in Base.metadata.sorted_tables if table.name not in AUDIT_TABLES
        }
