"""SQLAlchemy 2 typed models. Alembic migrations own the schema; keep them in step."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Float, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, configure_mappers, mapped_column, relationship

from reflect.data.model_base import Base
from reflect.data.models_supervision import (
    ReceivedPack,
    SentPack,
    Supervisee,
    SupervisionAction,
    SupervisionComment,
    SupervisionSession,
)

# every model is imported from here (the supervision ones live in models_supervision)
__all__ = [
    "Base",
    "Confirmation",
    "CpdActivity",
    "CpdEvidence",
    "CpdEvidenceContent",
    "DiscussionAccount",
    "ExpectedSession",
    "Goal",
    "GoalAction",
    "GoalReflection",
    "GoalTip",
    "PeerGroupMeeting",
    "PracticeFeedback",
    "PracticeHours",
    "PrivateSetting",
    "PromptNotice",
    "Rating",
    "ReceivedPack",
    "Reflection",
    "ReflectionSection",
    "ReflectionTag",
    "ReflectiveAccount",
    "ReflectiveDiscussion",
    "SentPack",
    "Supervisee",
    "SupervisionAction",
    "SupervisionComment",
    "SupervisionSession",
]


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
    privacy_warning: Mapped[bool] = mapped_column(default=False)  # saved despite possible identifiers
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


class ExpectedSession(Base):
    """A session the practitioner expects to have (from a calendar, a reminder or ad hoc).

    Only times and the chosen setting are kept: calendar titles, attendees and
    descriptions often name patients, so they are never stored. ``key`` is a hash
    of the calendar UID and occurrence, so re-importing updates rather than duplicates.
    """

    __tablename__ = "expected_session"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    source: Mapped[str] = mapped_column(String(16))  # "calendar" or "reminder"
    start: Mapped[datetime]  # local wall-clock time, like Reflection.occurred_at
    end: Mapped[datetime]
    setting: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(16))  # pending, snoozed, reflected, skipped
    prompted_at: Mapped[datetime | None]  # local time the end-of-session prompt was given
    snoozed_until: Mapped[datetime | None]
    reflection_id: Mapped[str | None] = mapped_column(
        ForeignKey("reflection.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime]  # UTC

    __table_args__ = (
        Index("ix_expected_session_end", "end"),
        Index("ix_expected_session_start", "start"),
    )


class PromptNotice(Base):
    """A once-a-day notice already given (the end-of-day summary), so a restart does not repeat it."""

    __tablename__ = "prompt_notice"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    given_at: Mapped[datetime]  # local time


# ----- CPD and development (migration 0003)


class ReflectionSection(Base):
    """One section of a reflection written with a template (e.g. Gibbs' "Feelings")."""

    __tablename__ = "reflection_section"

    reflection_id: Mapped[str] = mapped_column(
        ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True
    )
    section_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    template_id: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    text: Mapped[str] = mapped_column(Text, default="")


class Goal(Base):
    """A development-plan goal."""

    __tablename__ = "goal"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    why: Mapped[str] = mapped_column(Text, default="")
    target_date: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC

    actions: Mapped[list[GoalAction]] = relationship(
        cascade="all, delete-orphan", order_by="GoalAction.position", passive_deletes=True
    )
    tips: Mapped[list[GoalTip]] = relationship(
        cascade="all, delete-orphan", order_by="GoalTip.position", passive_deletes=True
    )
    reflections: Mapped[list[GoalReflection]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class GoalAction(Base):
    __tablename__ = "goal_action"

    goal_id: Mapped[str] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True)
    position: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    done: Mapped[bool] = mapped_column(Boolean, default=False)


class GoalTip(Base):
    """A checklist tip the goal is about, by item id (survives framework versions)."""

    __tablename__ = "goal_tip"

    goal_id: Mapped[str] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True)
    tip_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    position: Mapped[int]


class GoalReflection(Base):
    __tablename__ = "goal_reflection"

    goal_id: Mapped[str] = mapped_column(ForeignKey("goal.id", ondelete="CASCADE"), primary_key=True)
    reflection_id: Mapped[str] = mapped_column(
        ForeignKey("reflection.id", ondelete="CASCADE"), primary_key=True
    )

    __table_args__ = (Index("ix_goal_reflection_reflection", "reflection_id"),)


class CpdActivity(Base):
    """One CPD log entry; `themes` holds "code:theme" keys separated by spaces."""

    __tablename__ = "cpd_activity"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    method: Mapped[str] = mapped_column(String(40))
    hours: Mapped[float] = mapped_column(Float)
    participatory: Mapped[bool] = mapped_column(Boolean, default=False)
    clinical: Mapped[bool] = mapped_column(Boolean, default=False)
    themes: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC

    evidence: Mapped[list[CpdEvidence]] = relationship(
        cascade="all, delete-orphan", order_by="CpdEvidence.added_at", passive_deletes=True
    )

    __table_args__ = (Index("ix_cpd_activity_day", "day"),)


class CpdEvidence(Base):
    """A file attached to a CPD activity; its bytes are in cpd_evidence_content."""

    __tablename__ = "cpd_evidence"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    activity_id: Mapped[str] = mapped_column(ForeignKey("cpd_activity.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))  # the file's original name
    stored: Mapped[str] = mapped_column(String(400))  # "<activity>/<id8>-<name>": its key in JSON exports
    size: Mapped[int]
    added_at: Mapped[datetime]  # UTC


class CpdEvidenceContent(Base):
    """The bytes of an evidence file, kept in the database so the passphrase covers them."""

    __tablename__ = "cpd_evidence_content"

    evidence_id: Mapped[str] = mapped_column(ForeignKey("cpd_evidence.id", ondelete="CASCADE"), primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class PrivateSetting(Base):
    """A setting that can hold names or other user text (JSON value), kept out of settings.json."""

    __tablename__ = "private_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReflectiveAccount(Base):
    """A written reflective account on the NMC form; may start from a reflection or CPD entry."""

    __tablename__ = "reflective_account"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    nature: Mapped[str] = mapped_column(Text, default="")
    learned: Mapped[str] = mapped_column(Text, default="")
    changed: Mapped[str] = mapped_column(Text, default="")
    relevance: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[str] = mapped_column(Text, default="")
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    reflection_id: Mapped[str | None] = mapped_column(ForeignKey("reflection.id", ondelete="SET NULL"))
    activity_id: Mapped[str | None] = mapped_column(ForeignKey("cpd_activity.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC

    __table_args__ = (Index("ix_reflective_account_day", "day"),)


class ReflectiveDiscussion(Base):
    """The NMC reflective discussion form; the colleague's details are kept because the form needs them."""

    __tablename__ = "reflective_discussion"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date]
    colleague_name: Mapped[str] = mapped_column(String(200))
    colleague_pin: Mapped[str] = mapped_column(String(40))
    colleague_email: Mapped[str] = mapped_column(String(254))
    colleague_address: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC


class DiscussionAccount(Base):
    """Which reflective accounts a reflective discussion covered (the NMC asks for all five)."""

    __tablename__ = "discussion_account"

    discussion_id: Mapped[str] = mapped_column(
        ForeignKey("reflective_discussion.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(ForeignKey("reflective_account.id", ondelete="CASCADE"), primary_key=True)


class PracticeHours(Base):
    """NMC practice hours: a run of dates worked, in one setting and scope of practice."""

    __tablename__ = "practice_hours"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    start: Mapped[date]
    end: Mapped[date]
    hours: Mapped[float] = mapped_column(Float)
    setting: Mapped[str] = mapped_column(String(200))
    scope: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC


class PracticeFeedback(Base):
    """A piece of practice-related feedback for NMC revalidation: its source and what was learned."""

    __tablename__ = "practice_feedback"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date]
    source: Mapped[str] = mapped_column(String(200))
    learning: Mapped[str] = mapped_column(Text, default="")
    account_id: Mapped[str | None] = mapped_column(ForeignKey("reflective_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC


class Confirmation(Base):
    """The NMC confirmation: who confirmed, their NMC PIN or other registration, and when."""

    __tablename__ = "revalidation_confirmation"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date]
    confirmer: Mapped[str] = mapped_column(String(200))
    registration: Mapped[str] = mapped_column(String(80))  # e.g. "NMC PIN 12A3456B", "GMC 1234567"
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC


class PeerGroupMeeting(Base):
    """An RCPsych CPD peer group meeting: members by initials or role only, what was discussed."""

    __tablename__ = "peer_group_meeting"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    day: Mapped[date]
    members: Mapped[str] = mapped_column(Text, default="")
    discussed: Mapped[str] = mapped_column(Text, default="")
    pdp_agreed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime]  # UTC
    updated_at: Mapped[datetime]  # UTC


# Relationships are resolved here, where the models are imported (on a worker at start-up), rather than
# by the first query, which runs on the GUI thread while a save pressed at first paint waits.
configure_mappers()
