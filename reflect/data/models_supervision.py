"""SQLAlchemy models of supervision packs, sessions, comments and actions (migration 0007).

Re-exported by ``reflect.data.models``, where every model is imported from.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reflect.data.model_base import Base


class Supervisee(Base):
    """Supervisor side: a supervisee under the name the supervisor typed, apart from their own reflections."""

    __tablename__ = "supervisee"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]  # UTC


class ReceivedPack(Base):
    """Supervisor side: an opened pack (its checked JSON content) and the response being written (JSON)."""

    __tablename__ = "received_pack"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the pack's own id
    supervisee_id: Mapped[str] = mapped_column(ForeignKey("supervisee.id", ondelete="CASCADE"))
    period_start: Mapped[date]
    period_end: Mapped[date]
    content: Mapped[str] = mapped_column(Text)
    response: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC

    __table_args__ = (Index("ix_received_pack_supervisee", "supervisee_id"),)


class SentPack(Base):
    """Practitioner side: a pack this folder sealed, so only a response to one of them is imported."""

    __tablename__ = "sent_pack"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the pack's own id
    period_start: Mapped[date]
    period_end: Mapped[date]
    sent_at: Mapped[datetime]  # UTC


class SupervisionSession(Base):
    """Practitioner side: a signed supervision response imported from a supervisor."""

    __tablename__ = "supervision_session"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # the response's id
    pack_id: Mapped[str] = mapped_column(String(32))
    day: Mapped[date]
    period_start: Mapped[date]
    period_end: Mapped[date]
    hours: Mapped[float] = mapped_column(Float)
    supervisor_name: Mapped[str] = mapped_column(String(200))
    supervisor_role: Mapped[str] = mapped_column(String(200))
    supervisor_registration: Mapped[str] = mapped_column(String(80), default="")
    signed_on: Mapped[date]
    overall_note: Mapped[str] = mapped_column(Text, default="")
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("cpd_activity.id", ondelete="SET NULL"))
    # the NMC reflective discussion record made from it, when the supervisor gave a PIN and e-mail
    discussion_id: Mapped[str | None] = mapped_column(ForeignKey("reflective_discussion.id", ondelete="SET NULL"))
    imported_at: Mapped[datetime]  # UTC

    comments: Mapped[list[SupervisionComment]] = relationship(
        cascade="all, delete-orphan", order_by="SupervisionComment.position", passive_deletes=True
    )
    actions: Mapped[list[SupervisionAction]] = relationship(
        cascade="all, delete-orphan", order_by="SupervisionAction.position", passive_deletes=True
    )


class SupervisionComment(Base):
    """A supervisor's comment on one reflection (reflection_id) or on one tip's trend (tip_id)."""

    __tablename__ = "supervision_comment"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    reflection_id: Mapped[str | None] = mapped_column(ForeignKey("reflection.id", ondelete="SET NULL"))
    tip_id: Mapped[str | None] = mapped_column(String(80))
    text: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_supervision_comment_reflection", "reflection_id"),)


class SupervisionAction(Base):
    """An agreed action; goal_id is set when the practitioner accepted it as a goal."""

    __tablename__ = "supervision_action"

    session_id: Mapped[str] = mapped_column(
        ForeignKey("supervision_session.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    goal_id: Mapped[str | None] = mapped_column(ForeignKey("goal.id", ondelete="SET NULL"))
