"""Alembic's environment: the connection comes from ``renewal.adapters.db.Database.upgrade`` (no alembic.ini,
no URL here), the target is the tables of ``renewal.adapters.db``."""
from __future__ import annotations

from alembic import context

from renewal.adapters.tables import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  compare_type=True)
with context.begin_transaction():
    context.run_migrations()
