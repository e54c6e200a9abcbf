"""SQLAlchemy 2 typed models. Alembic migrations own the schema; keep them in step."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Reflection(Base):
    """One session and the practitioner's self-evaluation of it."""

    __tablename__ = "reflection"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    occurred_at: Mapped[datetime]  # local wall-clock time of the session
    duration_min: Mapped[int]
    setting: Mapped[str] = mapped_column(String(40))
    contact_type: Mapped[str] = mapped_column(String(40))
    modality: Mapped[str] = mapped_column(String(40))
    framework_id: Mapped[str] = mapped_column(String(80))
    framework_version: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC

    ratings: Mapped[list[Rating]] = relationship(
        back_populates="reflection",
        cascade="all, delete-orphan",
        order_by="Rating.position",
        passive_deletes=True,
    )
    tags: Mapped[list[ReflectionTag]] = relationship(
        cascade="all, delete-orphan", order_by="ReflectionTag.tag", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_reflection_occurred", "occurred_at"),
        Index("ix_reflection_status_occurred", "status", "occurred_at"),
    )


class Rating(Base):
    """One checklist item's answer, keyed by item id so it survives framework changes."""

    __tablename__ = "rating"

    reflection_id: Mapped[str] = mapped_column(
        ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True
    )
    item_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    position: Mapped[int]
    choice: Mapped[str] = mapped_column(String(40))  # scale option key, e.g. "partly"
    points: Mapped[int | None]  # None: excluded from scoring (Not applicable)
    note: Mapped[str] = mapped_column(Text, default="")

    reflection: Mapped[Reflection] = relationship(back_populates="ratings")


class ReflectionTag(Base):
    __tablename__ = "reflection_tag"

    reflection_id: Mapped[str] = mapped_column(
        ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(60), primary_key=True)
