"""Issue 24: money received that renews nothing is kept to be refunded (``refunds``); a checkout records
what it asks (amount, currency); agents have a display name and may supervise; failed desk sign-ins are
counted by address too.

Revision ID: 0002
Revises: 0001
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "refunds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("order_number", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("refunded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["order_id"], ["orders.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(op.f("ix_refunds_order_id"), "refunds", ["order_id"], unique=False)
    # Plain ALTER TABLE ... ADD COLUMN (no table copied: SQLite's foreign keys stay as they are).
    op.add_column("checkouts", sa.Column("amount", sa.BigInteger(), nullable=True))
    op.add_column("checkouts", sa.Column("currency", sa.String(length=3), nullable=True))
    op.add_column("desk_agents", sa.Column("display_name", sa.String(length=64), nullable=True))
    op.add_column("desk_agents", sa.Column("can_supervise", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column("desk_sign_in_failures", sa.Column("address", sa.String(length=64), server_default="",
                                                     nullable=False))
    op.create_index(op.f("ix_desk_sign_in_failures_address"), "desk_sign_in_failures", ["address"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_desk_sign_in_failures_address"), table_name="desk_sign_in_failures")
    for table, column in (("desk_sign_in_failures", "address"), ("desk_agents", "can_supervise"),
                          ("desk_agents", "display_name"), ("checkouts", "currency"), ("checkouts", "amount")):
        op.drop_column(table, column)
    op.drop_index(op.f("ix_refunds_order_id"), table_name="refunds")
    op.drop_table("refunds")
