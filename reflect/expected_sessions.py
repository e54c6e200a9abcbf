"""Expected sessions and their place in the queue awaiting reflection (Qt-free).

An expected session comes from an imported calendar or from a fixed-time
reminder. It holds only times and a setting, never a title. Its state says
whether the practitioner reflected on it, skipped it or snoozed its prompt.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import delete, func, insert, select

from reflect.data.db import Database
from reflect.data.model_base import utc_now
from reflect.data.models import Base, ExpectedSession, PromptNotice, Reflection
from reflect.vocabulary import STATUS_COMPLETE

_TABLE = Base.metadata.tables["expected_session"]  # Core inserts: the ORM's bulk path costs a second per 50,000

SOURCE_CALENDAR = "calendar"
SOURCE_REMINDER = "reminder"

STATE_PENDING = "pending"
STATE_SNOOZED = "snoozed"
STATE_REFLECTED = "reflected"
STATE_SKIPPED = "skipped"
OPEN_STATES = (STATE_PENDING, STATE_SNOOZED)

# a reflection dated this long before an expected session still counts as being about it
MATCH_EARLY = timedelta(minutes=30)


@dataclass(frozen=True)
class ExpectedSessionRecord:
    """An expected session as the rest of the app sees it."""

    id: str
    key: str
    source: str
    start: datetime
    end: datetime
    setting: str
    state: str = STATE_PENDING
    prompted_at: datetime | None = None
    snoozed_until: datetime | None = None
    reflection_id: str | None = None

    @property
    def duration_min(self) -> int:
        return max(0, round((self.end - self.start).total_seconds() / 60))

    def describe(self) -> str:
        """'14:00–14:50' for a session, '12:30' for a reminder (which has no length)."""
        if self.end <= self.start:
            return f"{self.start:%H:%M}"
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class PlannedSession:
    """One occurrence read from a calendar, ready to store."""

    key: str
    start: datetime
    end: datetime
    setting: str


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    unchanged: int
    removed: int
    ignored: int = 0

    def describe(self) -> str:
        total = self.added + self.updated + self.unchanged
        noun = "session" if total == 1 else "sessions"
        text = (
            f"{total} expected {noun} from the calendar "
            f"({self.added} new, {self.updated} changed, {self.removed} removed)"
        )
        if self.ignored:
            text += f"; {self.ignored} all-day or zero-length events ignored"
        return text + "."




def _to_record(row: ExpectedSession) -> ExpectedSessionRecord:
    return ExpectedSessionRecord(
        id=row.id,
        key=row.key,
        source=row.source,
        start=row.start,
        end=row.end,
        setting=row.setting,
        state=row.state,
        prompted_at=row.prompted_at,
        snoozed_until=row.snoozed_until,
        reflection_id=row.reflection_id,
    )


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1)


def _move(row: ExpectedSession, plan: PlannedSession, stamp: datetime) -> None:
    """A session the calendar now has at another time or place; a moved one is prompted at its new end."""
    if (row.start, row.end) != (plan.start, plan.end) and row.state in OPEN_STATES:
        row.prompted_at = None
        row.snoozed_until = None
        row.state = STATE_PENDING
    row.start, row.end, row.setting = plan.start, plan.end, plan.setting
    row.updated_at = stamp


class ExpectedSessionStore:
    """Read and change expected sessions; every write is one transaction."""

    def __init__(self, database: Database) -> None:
        self._sessions = database.sessions

    # ----- calendar
    def apply_import(
        self,
        planned: Iterable[PlannedSession],
        cancelled: set[str],
        now: datetime,
        ignored: int = 0,
        check: Callable[[], None] | None = None,
    ) -> ImportResult:
        """Add new occurrences, update moved ones, drop cancelled ones and future ones no longer listed.

        Past sessions missing from the file are kept: an export often covers a limited
        range, and what happened (or was reflected on) should not vanish. ``check`` is called
        now and then and just before committing; whatever it raises rolls everything back.
        """
        incoming = {p.key: p for p in planned if p.key not in cancelled}
        added = updated = unchanged = removed = 0
        stamp = utc_now()
        new_rows: list[dict[str, object]] = []  # inserted in bulk: 50,000 ORM objects take seconds
        with self._sessions.begin() as session:
            existing = {
                row.key: row
                for row in session.scalars(select(ExpectedSession).where(ExpectedSession.source == SOURCE_CALENDAR))
            }
            for key, plan in incoming.items():
                row = existing.get(key)
                if row is None:
                    new_rows.append({
                        "id": uuid.uuid4().hex, "key": key, "source": SOURCE_CALENDAR, "start": plan.start,
                        "end": plan.end, "setting": plan.setting, "state": STATE_PENDING, "updated_at": stamp,
                    })
                    added += 1
                elif (row.start, row.end, row.setting) != (plan.start, plan.end, plan.setting):
                    _move(row, plan, stamp)
                    updated += 1
                else:
                    unchanged += 1
            for key, row in existing.items():
                if key in incoming:
                    continue
                if key in cancelled or row.start >= now:
                    session.delete(row)
                    removed += 1
            for start in range(0, len(new_rows), 5000):
                if check:
                    check()
                session.execute(insert(_TABLE), new_rows[start : start + 5000])
            if check:
                check()
        return ImportResult(added, updated, unchanged, removed, ignored)

    def on_day(self, day: date) -> list[ExpectedSessionRecord]:
        """Calendar sessions starting on a day, in time order (reminders are not sessions)."""
        start, end = _day_bounds(day)
        with self._sessions() as session:
            rows = session.scalars(
                select(ExpectedSession)
                .where(
                    ExpectedSession.source == SOURCE_CALENDAR,
                    ExpectedSession.start >= start,
                    ExpectedSession.start < end,
                )
                .order_by(ExpectedSession.start, ExpectedSession.end)
            )
            return [_to_record(r) for r in rows]

    # ----- reminders
    def add_reminder(self, at: datetime, setting: str) -> ExpectedSessionRecord:
        """Queue a reminder item for a fixed time; the same time twice gives the same item."""
        key = f"reminder:{at:%Y-%m-%dT%H:%M}"
        with self._sessions.begin() as session:
            row = session.scalars(select(ExpectedSession).where(ExpectedSession.key == key)).first()
            if row is None:
                row = ExpectedSession(
                    id=uuid.uuid4().hex,
                    key=key,
                    source=SOURCE_REMINDER,
                    start=at,
                    end=at,
                    setting=setting,
                    state=STATE_PENDING,
                    updated_at=utc_now(),
                )
                session.add(row)
            return _to_record(row)

    def has_key(self, key: str) -> bool:
        with self._sessions() as session:
            return session.scalar(select(func.count()).where(ExpectedSession.key == key)) == 1

    # ----- prompts and queue
    def get(self, session_id: str) -> ExpectedSessionRecord | None:
        with self._sessions() as session:
            row = session.get(ExpectedSession, session_id)
            return _to_record(row) if row else None

    def unprompted_ended(self, since: datetime, now: datetime) -> list[ExpectedSessionRecord]:
        """Pending calendar sessions that ended in [since, now] and have not been prompted for."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ExpectedSession)
                .where(
                    ExpectedSession.source == SOURCE_CALENDAR,
                    ExpectedSession.state == STATE_PENDING,
                    ExpectedSession.prompted_at.is_(None),
                    ExpectedSession.end >= since,
                    ExpectedSession.end <= now,
                )
                .order_by(ExpectedSession.end)
            )
            return [_to_record(r) for r in rows]

    def snooze_over(self, now: datetime) -> list[ExpectedSessionRecord]:
        """Snoozed sessions whose snooze has run out."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ExpectedSession)
                .where(ExpectedSession.state == STATE_SNOOZED, ExpectedSession.snoozed_until <= now)
                .order_by(ExpectedSession.snoozed_until)
            )
            return [_to_record(r) for r in rows]

    def awaiting(self, now: datetime, oldest_end: datetime) -> list[ExpectedSessionRecord]:
        """The queue: ended, not reflected or skipped, not snoozed right now, not expired; newest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(ExpectedSession)
                .where(
                    ExpectedSession.state.in_(OPEN_STATES),
                    ExpectedSession.end <= now,
                    ExpectedSession.end >= oldest_end,
                    (ExpectedSession.snoozed_until.is_(None)) | (ExpectedSession.snoozed_until <= now),
                )
                .order_by(ExpectedSession.end.desc(), ExpectedSession.start.desc())
            )
            return [_to_record(r) for r in rows]

    def _update(self, session_id: str, **values: object) -> ExpectedSessionRecord | None:
        with self._sessions.begin() as session:
            row = session.get(ExpectedSession, session_id)
            if row is None:
                return None
            for name, value in values.items():
                setattr(row, name, value)
            row.updated_at = utc_now()
            return _to_record(row)

    def mark_prompted(self, session_id: str, at: datetime) -> ExpectedSessionRecord | None:
        """The prompt was given: a snoozed session becomes pending again, and is not prompted twice."""
        return self._update(session_id, prompted_at=at, state=STATE_PENDING, snoozed_until=None)

    def snooze(self, session_id: str, until: datetime) -> ExpectedSessionRecord | None:
        return self._update(session_id, state=STATE_SNOOZED, snoozed_until=until)

    def skip(self, session_id: str) -> ExpectedSessionRecord | None:
        return self._update(session_id, state=STATE_SKIPPED, snoozed_until=None)

    def mark_reflected(self, session_id: str, reflection_id: str) -> ExpectedSessionRecord | None:
        return self._update(session_id, state=STATE_REFLECTED, reflection_id=reflection_id, snoozed_until=None)

    def session_for_reflection(self, occurred_at: datetime) -> ExpectedSessionRecord | None:
        """The open calendar session a reflection at this time is most likely about."""
        with self._sessions() as session:
            row = session.scalars(
                select(ExpectedSession)
                .where(
                    ExpectedSession.source == SOURCE_CALENDAR,
                    ExpectedSession.state.in_(OPEN_STATES),
                    ExpectedSession.start <= occurred_at + MATCH_EARLY,
                    ExpectedSession.end > occurred_at,
                )
                .order_by(ExpectedSession.start.desc())
            ).first()
            return _to_record(row) if row else None

    def expire(self, oldest_end: datetime) -> None:
        """Delete open reminder items that ended before the queue's horizon (calendar rows stay for listing)."""
        with self._sessions.begin() as session:
            session.execute(
                delete(ExpectedSession).where(
                    ExpectedSession.source == SOURCE_REMINDER,
                    ExpectedSession.state.in_(OPEN_STATES),
                    ExpectedSession.end < oldest_end,
                )
            )

    # ----- once-a-day notices and the day's counts
    def notice_given(self, key: str) -> bool:
        with self._sessions() as session:
            return session.get(PromptNotice, key) is not None

    def record_notice(self, key: str, at: datetime) -> None:
        with self._sessions.begin() as session:
            if session.get(PromptNotice, key) is None:
                session.add(PromptNotice(key=key, given_at=at))

    def day_counts(self, day: date) -> tuple[int, int]:
        """(sessions, reflected) for a day: calendar sessions plus reflections made outside them."""
        start, end = _day_bounds(day)
        with self._sessions() as session:
            expected = session.scalar(
                select(func.count()).where(
                    ExpectedSession.source == SOURCE_CALENDAR,
                    ExpectedSession.start >= start,
                    ExpectedSession.start < end,
                )
            ) or 0
            reflected = session.scalar(
                select(func.count()).where(
                    Reflection.status == STATUS_COMPLETE,
                    Reflection.occurred_at >= start,
                    Reflection.occurred_at < end,
                )
            ) or 0
            linked = session.scalar(
                select(func.count())
                .select_from(ExpectedSession)
                .join(Reflection, Reflection.id == ExpectedSession.reflection_id)
                .where(
                    ExpectedSession.source == SOURCE_CALENDAR,
                    ExpectedSession.start >= start,
                    ExpectedSession.start < end,
                    Reflection.status == STATUS_COMPLETE,
                    Reflection.occurred_at >= start,
                    Reflection.occurred_at < end,
                )
            ) or 0
            return expected + reflected - linked, reflected
