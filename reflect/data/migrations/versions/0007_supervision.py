"""Supervision: packs received from supervisees (supervisor side), sessions and comments received back.

Revision ID: 0007
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # supervisor side: kept apart from the supervisor's own reflections
    op.create_table(
        "supervisee",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "received_pack",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("supervisee_id", sa.String(32), sa.ForeignKey("supervisee.id", ondelete="CASCADE"), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_received_pack_supervisee", "received_pack", ["supervisee_id"])
    # practitioner side: what came back from supervision
    op.create_table(
        "supervision_session",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("pack_id", sa.String(32), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("supervisor_name", sa.String(200), nullable=False),
        sa.Column("supervisor_role", sa.String(200), nullable=False),
        sa.Column("supervisor_registration", sa.String(80), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=False),
        sa.Column("overall_note", sa.Text(), nullable=False),
        sa.Column("activity_id", sa.String(32), sa.ForeignKey("cpd_activity.id", ondelete="SET NULL"), nullable=True),
        sa.Column("discussion_id", sa.String(32), sa.ForeignKey("reflective_discussion.id", ondelete="SET NULL"),
                  nullable=True),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "supervision_comment",
        sa.Column("session_id", sa.String(32), sa.ForeignKey("supervision_session.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("reflection_id", sa.String(32), sa.ForeignKey("reflection.id", ondelete="SET NULL"), nullable=True),
        sa.Column("tip_id", sa.String(80), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_index("ix_supervision_comment_reflection", "supervision_comment", ["reflection_id"])
    op.create_table(
        "supervision_action",
        sa.Column("session_id", sa.String(32), sa.ForeignKey("supervision_session.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goal.id", ondelete="SET NULL"), nullable=True),
    )


def downgrade() -> None:
    for table in ("supervision_action", "supervision_comment", "supervision_session", "received_pack", "supervisee"):
        op.drop_table(table)
