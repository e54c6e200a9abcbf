"""Expected sessions (calendar and reminders) and notices already given.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
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
        "expected_session",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("key", sa.String(80), nullable=False, unique=True),
        sa.Column("source", sa.String(16), nullable=False),
        sa.Column("start", sa.DateTime(), nullable=False),
        sa.Column("end", sa.DateTime(), nullable=False),
        sa.Column("setting", sa.String(40), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("prompted_at", sa.DateTime(), nullable=True),
        sa.Column("snoozed_until", sa.DateTime(), nullable=True),
        sa.Column(
            "reflection_id",
            sa.String(32),
            sa.ForeignKey("reflection.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_expected_session_end", "expected_session", ["end"])
    op.create_index("ix_expected_session_start", "expected_session", ["start"])
    op.create_table(
        "prompt_notice",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("given_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("prompt_notice")
    op.drop_index("ix_expected_session_start", table_name="expected_session")
    op.drop_index("ix_expected_session_end", table_name="expected_session")
    op.drop_table("expected_session")
