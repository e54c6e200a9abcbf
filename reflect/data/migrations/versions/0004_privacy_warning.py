"""Remember that a reflection was saved although the identifier scanner flagged something.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite adds a column in place; no table copy (which could cascade-delete ratings)
    op.add_column("reflection", sa.Column("privacy_warning", sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("reflection") as batch:
        batch.drop_column("privacy_warning")
