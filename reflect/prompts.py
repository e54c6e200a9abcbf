"""What to prompt for, and when (Qt-free, driven by an injectable clock).

The UI asks ``PromptService.poll(now)`` every half minute; tests move ``now``
instead of sleeping. A prompt is given once: at a calendar session's end, when
a snooze runs out, at a fixed reminder time on a chosen weekday, and once a day
for the end-of-day summary. Nothing is prompted in quiet hours, on leave days,
on a day the user paused prompts, or when prompts are off; what was not
prompted still waits in the queue until it expires.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from reflect.data.db import Database
from reflect.expected_sessions import (
    SOURCE_REMINDER,
    ExpectedSessionRecord,
    ExpectedSessionStore,
)
from reflect.grammar import plural
from reflect.settings import Settings

Clock = Callable[[], datetime]  # local wall-clock time, naive

SNOOZE = timedelta(minutes=15)

KIND_SESSION = "session"
KIND_REMINDER = "reminder"
KIND_SUMMARY = "summary"


def system_clock() -> datetime:
    return datetime.now().replace(microsecond=0)


@dataclass(frozen=True)
class Prompt:
    """One thing to show the user now. Session and reminder prompts carry their queue item."""

    kind: str
    message: str
    session: ExpectedSessionRecord | None = None


@dataclass(frozen=True)
class SessionDetails:
    """What a quick reflection is prefilled with."""

    occurred_at: datetime
    duration_min: int
    setting: str


class PromptService:
    """Due prompts, the queue awaiting reflection, and the user's answers to prompts.

    ``settings`` is the live Settings object; it is read at every call, so changes
    made in the settings page apply at the next check.
    """

    def __init__(self, database: Database, settings: Settings) -> None:
        self.sessions = ExpectedSessionStore(database)
        self.settings = settings

    # ----- when prompting is allowed
    def quiet_at(self, now: datetime) -> bool:
        start, end = self.settings.quiet_start, self.settings.quiet_end
        if start is None or end is None or start == end:
            return False
        moment = now.time()
        if start < end:
            return start <= moment < end
        return moment >= start or moment < end  # past midnight, e.g. 20:00–07:00

    def paused_reason(self, now: datetime) -> str | None:
        """Why no prompt may be given now, in words for a tooltip; None when prompts may be given."""
        today = now.date()
        if not self.settings.prompts_enabled:
            return "Prompts are turned off."
        if today in self.settings.leave_days:
            return "Today is marked as leave."
        if self.settings.prompts_paused_on == today:
            return "Prompts are paused for today."
        if self.quiet_at(now):
            return "Quiet hours."
        return None

    def pause_today(self, now: datetime) -> None:
        """No prompts for the rest of today (the caller saves settings)."""
        self.settings.prompts_paused_on = now.date()

    def resume_today(self) -> None:
        self.settings.prompts_paused_on = None

    # ----- the check
    def poll(self, now: datetime) -> list[Prompt]:
        """Prompts due now, each given once: at most one for a session, one reminder, one summary."""
        self.sessions.expire(self.oldest_end(now))
        if self.paused_reason(now) is not None:
            return []
        prompts: list[Prompt] = []
        session = self._session_prompt(now)
        if session is not None:
            prompts.append(session)
        reminder = self._reminder_prompt(now)
        if reminder is not None:
            prompts.append(reminder)
        summary = self._summary_prompt(now)
        if summary is not None:
            prompts.append(summary)
        return prompts

    def _session_prompt(self, now: datetime) -> Prompt | None:
        """The most recently ended session; earlier ones today go to the queue without a prompt each."""
        start_of_day = datetime.combine(now.date(), time.min)
        candidates = self.sessions.unprompted_ended(start_of_day, now) + self.sessions.snooze_over(now)
        if not candidates:
            return None
        latest = max(candidates, key=lambda s: (s.snoozed_until or s.end, s.end))
        for other in candidates:
            self.sessions.mark_prompted(other.id, now)
        record = self.sessions.get(latest.id) or latest
        if record.source == SOURCE_REMINDER:  # a snoozed reminder comes back as a reminder
            return self._reminder(record)
        waiting = len(self.queue(now)) - 1
        more = f" ({plural(waiting, 'other session')} awaiting)" if waiting > 0 else ""
        return Prompt(KIND_SESSION, f"Session {record.describe()} ended — reflect now?{more}", record)

    @staticmethod
    def _reminder(record: ExpectedSessionRecord) -> Prompt:
        return Prompt(KIND_REMINDER, f"It is {record.start:%H:%M} — reflect on your recent sessions?", record)

    def _reminder_prompt(self, now: datetime) -> Prompt | None:
        if now.weekday() not in self.settings.reminder_weekdays:
            return None
        due = sorted(
            at
            for t in self.settings.reminder_times
            if (at := datetime.combine(now.date(), t)) <= now
            and not self.sessions.has_key(f"reminder:{at:%Y-%m-%dT%H:%M}")
        )
        if not due:
            return None
        created = [self.sessions.add_reminder(at, self.settings.last_setting) for at in due]
        return self._reminder(self.sessions.mark_prompted(created[-1].id, now) or created[-1])

    def _summary_prompt(self, now: datetime) -> Prompt | None:
        at = self.settings.summary_time
        key = f"summary:{now.date().isoformat()}"
        if at is None or now.time() < at or self.sessions.notice_given(key):
            return None
        self.sessions.record_notice(key, now)
        return self.summary(now.date())

    def summary(self, day: date) -> Prompt | None:
        """'3 sessions today, 1 reflected'; None on a day without sessions."""
        sessions, reflected = self.sessions.day_counts(day)
        if sessions == 0:
            return None
        return Prompt(KIND_SUMMARY, f"{plural(sessions, 'session')} today, {reflected} reflected.")

    # ----- the queue and answers
    def oldest_end(self, now: datetime) -> datetime:
        return now - timedelta(days=max(1, self.settings.queue_expiry_days))

    def queue(self, now: datetime) -> list[ExpectedSessionRecord]:
        """Sessions awaiting reflection, newest first: not reflected, skipped, snoozed or expired."""
        return self.sessions.awaiting(now, self.oldest_end(now))

    def snooze(self, session_id: str, now: datetime) -> ExpectedSessionRecord | None:
        return self.sessions.snooze(session_id, now + SNOOZE)

    def skip(self, session_id: str) -> ExpectedSessionRecord | None:
        return self.sessions.skip(session_id)

    def mark_reflected(self, session_id: str, reflection_id: str) -> ExpectedSessionRecord | None:
        return self.sessions.mark_reflected(session_id, reflection_id)

    def link_reflection(self, reflection_id: str, occurred_at: datetime) -> ExpectedSessionRecord | None:
        """A reflection saved anywhere clears the calendar session it is about, if there is one."""
        match = self.sessions.session_for_reflection(occurred_at)
        return self.sessions.mark_reflected(match.id, reflection_id) if match else None

    def details(self, session: ExpectedSessionRecord | None, now: datetime) -> SessionDetails:
        """Prefill for a quick reflection: a calendar session's own times; for a reminder or an
        ad-hoc session, the usual length ending at the reminder time or now."""
        usual = self.settings.last_duration_min
        if session is None:
            return SessionDetails((now - timedelta(minutes=usual)).replace(second=0), usual, self.settings.last_setting)
        if session.source == SOURCE_REMINDER or session.duration_min == 0:
            return SessionDetails(session.start - timedelta(minutes=usual), usual, session.setting)
        return SessionDetails(session.start, session.duration_min, session.setting)
