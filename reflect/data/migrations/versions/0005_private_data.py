"""Private settings and CPD evidence move inside the database, so a passphrase covers them.

Names of people, record-number patterns and the practitioner's name and role were kept
in settings.json, and evidence files in evidence/, both readable without the passphrase.
The tables are created here; the values and files are moved in by
``reflect.data.private_data.adopt_legacy`` when the database is opened (it needs the
data folder, which a migration does not know), then removed from their old places.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "private_setting",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),  # JSON
    )
    op.create_table(
        "cpd_evidence_content",
        sa.Column(
            "evidence_id", sa.String(32), sa.ForeignKey("cpd_evidence.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("data", sa.LargeBinary(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("cpd_evidence_content")
    op.drop_table("private_setting")
