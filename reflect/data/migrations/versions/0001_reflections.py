"""Reflections, ratings and tags.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "reflection",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("occurred_at", sa.DateTime(), nullable=False),
        sa.Column("duration_min", sa.Integer(), nullable=False),
        sa.Column("setting", sa.String(40), nullable=False),
        sa.Column("contact_type", sa.String(40), nullable=False),
        sa.Column("modality", sa.String(40), nullable=False),
        sa.Column("framework_id", sa.String(80), nullable=False),
        sa.Column("framework_version", sa.String(40), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_reflection_occurred", "reflection", ["occurred_at"])
    op.create_index("ix_reflection_status_occurred", "reflection", ["status", "occurred_at"])
    op.create_table(
        "rating",
        sa.Column(
            "reflection_id",
            sa.String(32),
            sa.ForeignKey("reflection.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("item_id", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("choice", sa.String(40), nullable=False),
        sa.Column("points", sa.Integer(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_table(
        "reflection_tag",
        sa.Column(
            "reflection_id",
            sa.String(32),
            sa.ForeignKey("reflection.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("tag", sa.String(60), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("reflection_tag")
    op.drop_table("rating")
    op.drop_index("ix_reflection_status_occurred", table_name="reflection")
    op.drop_index("ix_reflection_occurred", table_name="reflection")
    op.drop_table("reflection")
