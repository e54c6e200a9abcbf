"""CPD and development: reflection sections, goals, CPD log, reflective accounts and discussions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _stamps() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column("created_at", sa.DateTime(), nullable=False), sa.Column("updated_at", sa.DateTime(), nullable=False)]


def upgrade() -> None:
    op.create_table(
        "reflection_section",
        sa.Column("reflection_id", sa.String(32), sa.ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("section_id", sa.String(80), primary_key=True),
        sa.Column("template_id", sa.String(80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_table(
        "goal",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("why", sa.Text(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        *_stamps(),
    )
    op.create_table(
        "goal_action",
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "goal_tip",
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("tip_id", sa.String(80), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
    )
    op.create_table(
        "goal_reflection",
        sa.Column("goal_id", sa.String(32), sa.ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("reflection_id", sa.String(32), sa.ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True),
    )
    op.create_index("ix_goal_reflection_reflection", "goal_reflection", ["reflection_id"])
    op.create_table(
        "cpd_activity",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("method", sa.String(40), nullable=False),
        sa.Column("hours", sa.Float(), nullable=False),
        sa.Column("participatory", sa.Boolean(), nullable=False),
        sa.Column("clinical", sa.Boolean(), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_stamps(),
    )
    op.create_index("ix_cpd_activity_day", "cpd_activity", ["day"])
    op.create_table(
        "cpd_evidence",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("activity_id", sa.String(32), sa.ForeignKey("cpd_activity.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("stored", sa.String(400), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "reflective_account",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("nature", sa.Text(), nullable=False),
        sa.Column("learned", sa.Text(), nullable=False),
        sa.Column("changed", sa.Text(), nullable=False),
        sa.Column("relevance", sa.Text(), nullable=False),
        sa.Column("themes", sa.Text(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("reflection_id", sa.String(32), sa.ForeignKey("reflection.id", ondelete="SET NULL"), nullable=True),
        sa.Column("activity_id", sa.String(32), sa.ForeignKey("cpd_activity.id", ondelete="SET NULL"), nullable=True),
        *_stamps(),
    )
    op.create_index("ix_reflective_account_day", "reflective_account", ["day"])
    op.create_table(
        "reflective_discussion",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("colleague_name", sa.String(200), nullable=False),
        sa.Column("colleague_pin", sa.String(40), nullable=False),
        sa.Column("colleague_email", sa.String(254), nullable=False),
        sa.Column("colleague_address", sa.Text(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        *_stamps(),
    )


def downgrade() -> None:
    op.drop_table("reflective_discussion")
    op.drop_index("ix_reflective_account_day", table_name="reflective_account")
    op.drop_table("reflective_account")
    op.drop_table("cpd_evidence")
    op.drop_index("ix_cpd_activity_day", table_name="cpd_activity")
    op.drop_table("cpd_activity")
    op.drop_index("ix_goal_reflection_reflection", table_name="goal_reflection")
    op.drop_table("goal_reflection")
    op.drop_table("goal_tip")
    op.drop_table("goal_action")
    op.drop_table("goal")
    op.drop_table("reflection_section")
