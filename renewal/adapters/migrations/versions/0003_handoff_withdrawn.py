"""Issue 27: a customer waiting for a person may withdraw the request; the desk shows their words.

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("handoffs", sa.Column("withdrawn_with", sa.String(length=300), nullable=True))


def downgrade() -> None:
    op.drop_column("handoffs", "withdrawn_with")
