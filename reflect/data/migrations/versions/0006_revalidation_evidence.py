"""Revalidation evidence: practice hours, practice-related feedback, confirmation, peer group
meetings and the accounts a reflective discussion covered.

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column("created_at", sa.DateTime(), nullable=False), sa.Column("updated_at", sa.DateTime(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "discussion_account",
        sa.Column("discussion_id", sa.String(32), sa.ForeignKey("reflective_discussion.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("account_id", sa.String(32), sa.ForeignKey("reflective_account.id", ondelete="CASCADE"),
                  primary_key=True),
    )
    op.create_table(
        "practice_hours",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("setting", sa.String(200), nullable=False),
        sa.Column("scope", sa.String(200), nullable=False),
        *_stamps(),
    )
    op.create_table(
        "practice_feedback",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("learning", sa.Text(), nullable=False),
        sa.Column("account_id", sa.String(32), sa.ForeignKey("reflective_account.id", ondelete="SET NULL"),
                  nullable=True),
        *_stamps(),
    )
    op.create_table(
        "revalidation_confirmation",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("confirmer", sa.String(200), nullable=False),
        sa.Column("registration", sa.String(80), nullable=False),
        *_stamps(),
    )
    op.create_table(
        "peer_group_meeting",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("discussed", sa.Text(), nullable=False),
        sa.Column("pdp_agreed", sa.Boolean(), nullable=False),
        *_stamps(),
    )


def downgrade() -> None:
    for table in ("peer_group_meeting", "revalidation_confirmation", "practice_feedback", "practice_hours",
                  "discussion_account"):
        op.drop_table(table)
