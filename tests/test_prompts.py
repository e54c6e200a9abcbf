"""Prompt timing with a clock the tests move: never sleeping."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

import pytest

from reflect.data.db import Database
from reflect.expected_sessions import STATE_REFLECTED, PlannedSession
from reflect.frameworks import FrameworkCatalog
from reflect.prompts import KIND_REMINDER, KIND_SESSION, KIND_SUMMARY, PromptService
from reflect.records import ReflectionRecord
from reflect.reflections import ReflectionStore
from reflect.settings import Settings

MONDAY = datetime(2025, 3, 31)


@dataclass
class FakeClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def set(self, hhmm: str, days: int = 0) -> datetime:
        hour, minute = map(int, hhmm.split(":"))
        self.now = (MONDAY + timedelta(days=days)).replace(hour=hour, minute=minute)
        return self.now


@pytest.fixture
def settings() -> Settings:
    return Settings(summary_time=None, quiet_start=None, quiet_end=None)


@pytest.fixture
def service(database: Database, settings: Settings) -> PromptService:
    return PromptService(database, settings)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MONDAY)


def plan(service: PromptService, *spans: tuple[str, str], days: int = 0) -> None:
    """Put calendar sessions on MONDAY + days, given as ('14:00', '14:50') pairs."""
    day = MONDAY + timedelta(days=days)
    planned = []
    for start, end in spans:
        begin = datetime.combine(day.date(), datetime.strptime(start, "%H:%M").time())
        finish = datetime.combine(day.date(), datetime.strptime(end, "%H:%M").time())
        planned.append(PlannedSession(f"cal:{begin:%Y%m%d%H%M}", begin, finish, "outpatient"))
    # as seen from far ahead, so earlier calls' sessions are not withdrawn as "no longer listed"
    service.sessions.apply_import(planned, set(), datetime(2100, 1, 1))


def reflect_at(store: ReflectionStore, catalog: FrameworkCatalog, when: datetime) -> ReflectionRecord:
    framework = catalog.default()
    return store.save(
        ReflectionRecord(
            occurred_at=when,
            duration_min=50,
            setting="outpatient",
            contact_type="review",
            modality="in-person",
            framework_id=framework.id,
            framework_version=framework.version,
        )
    )


def messages(service: PromptService, now: datetime) -> list[str]:
    return [p.message for p in service.poll(now)]


def test_prompt_at_the_session_end_and_only_once(service: PromptService, clock: FakeClock) -> None:
    plan(service, ("14:00", "14:50"))
    assert service.poll(clock.set("14:49")) == []
    assert service.queue(clock()) == []
    [prompt] = service.poll(clock.set("14:50"))
    assert prompt.kind == KIND_SESSION
    assert prompt.message == "Session 14:00–14:50 ended — reflect now?"
    assert prompt.session is not None and prompt.session.duration_min == 50
    assert service.poll(clock.set("14:51")) == []
    assert [s.id for s in service.queue(clock())] == [prompt.session.id]


def test_snooze_re_prompts_after_fifteen_minutes(service: PromptService, clock: FakeClock) -> None:
    plan(service, ("14:00", "14:50"))
    [prompt] = service.poll(clock.set("14:50"))
    assert prompt.session is not None
    service.snooze(prompt.session.id, clock())
    assert service.queue(clock()) == []  # snoozing clears it from the queue for now
    assert service.poll(clock.set("15:04")) == []
    [again] = service.poll(clock.set("15:05"))
    assert again.session is not None and again.session.id == prompt.session.id
    assert again.message.startswith("Session 14:00–14:50 ended")
    assert [s.id for s in service.queue(clock())] == [prompt.session.id]
    assert service.poll(clock.set("15:30")) == []


def test_skip_clears_the_session(service: PromptService, clock: FakeClock) -> None:
    plan(service, ("14:00", "14:50"))
    [prompt] = service.poll(clock.set("14:50"))
    assert prompt.session is not None
    service.skip(prompt.session.id)
    assert service.queue(clock()) == []
    assert service.poll(clock.set("16:00")) == []


def test_a_reflection_at_the_session_time_clears_it(
    service: PromptService, clock: FakeClock, store: ReflectionStore, catalog: FrameworkCatalog
) -> None:
    plan(service, ("09:00", "09:50"), ("14:00", "14:50"))
    clock.set("15:00")
    saved = reflect_at(store, catalog, MONDAY.replace(hour=14, minute=5))
    linked = service.link_reflection(saved.id or "", saved.occurred_at)
    assert linked is not None and linked.state == STATE_REFLECTED and linked.start.hour == 14
    assert [s.start.hour for s in service.queue(clock())] == [9]
    details = service.details(service.queue(clock())[0], clock())
    assert (details.occurred_at, details.duration_min) == (MONDAY.replace(hour=9), 50)


def test_sessions_that_ended_while_away_give_one_prompt(service: PromptService, clock: FakeClock) -> None:
    plan(service, ("09:00", "09:50"), ("10:00", "10:50"), ("11:00", "11:30"))
    assert messages(service, clock.set("12:00")) == ["Session 11:00–11:30 ended — reflect now? (2 other sessions awaiting)"]
    assert service.poll(clock.set("12:01")) == []
    assert [s.start.hour for s in service.queue(clock())] == [11, 10, 9]


def test_quiet_hours_suppress_prompts_but_keep_the_queue(
    service: PromptService, settings: Settings, clock: FakeClock
) -> None:
    settings.quiet_start, settings.quiet_end = time(20, 0), time(7, 0)
    plan(service, ("19:45", "20:30"))
    assert service.poll(clock.set("20:30")) == []
    assert service.poll(clock.set("23:59")) == []
    assert len(service.queue(clock())) == 1
    assert service.poll(clock.set("07:05", days=1)) == []  # yesterday's session waits in the queue only
    assert len(service.queue(clock())) == 1


def test_quiet_hours_within_the_day_defer_a_prompt(service: PromptService, settings: Settings, clock: FakeClock) -> None:
    settings.quiet_start, settings.quiet_end = time(12, 0), time(13, 0)
    plan(service, ("11:30", "12:15"))
    assert service.poll(clock.set("12:15")) == []
    assert service.paused_reason(clock()) == "Quiet hours."
    assert messages(service, clock.set("13:00")) == ["Session 11:30–12:15 ended — reflect now?"]


def test_no_prompts_on_leave_days_or_when_paused(service: PromptService, settings: Settings, clock: FakeClock) -> None:
    settings.leave_days = [MONDAY.date()]
    plan(service, ("14:00", "14:50"))
    plan(service, ("14:00", "14:50"), days=1)
    plan(service, ("14:00", "14:50"), days=2)
    assert service.poll(clock.set("15:00")) == []
    assert service.paused_reason(clock()) == "Today is marked as leave."
    assert len(service.poll(clock.set("15:00", days=1))) == 1
    service.pause_today(clock.set("09:00", days=2))
    assert service.poll(clock.set("15:00", days=2)) == []
    service.resume_today()
    assert len(service.poll(clock())) == 1
    settings.prompts_enabled = False
    plan(service, ("16:00", "16:30"), days=2)
    assert service.poll(clock.set("16:30", days=2)) == []


def test_reminders_at_fixed_times_on_chosen_weekdays(
    service: PromptService, settings: Settings, clock: FakeClock
) -> None:
    settings.reminder_times = [time(12, 30), time(17, 0)]
    settings.reminder_weekdays = [0, 1, 2, 3, 4]
    assert service.poll(clock.set("12:29")) == []
    [prompt] = service.poll(clock.set("12:30"))
    assert prompt.kind == KIND_REMINDER and prompt.message == "It is 12:30 — reflect on your recent sessions?"
    assert service.poll(clock.set("12:31")) == []
    assert [s.start for s in service.queue(clock())] == [MONDAY.replace(hour=12, minute=30)]
    # started late on Tuesday: one prompt for the latest time, both wait in the queue
    assert messages(service, clock.set("17:10", days=1)) == ["It is 17:00 — reflect on your recent sessions?"]
    assert [s.start.hour for s in service.queue(clock())] == [17, 12, 12]
    # Saturday is not a chosen weekday
    assert service.poll(clock.set("12:30", days=5)) == []
    # a snoozed reminder comes back as a reminder
    [tuesday] = [s for s in service.queue(clock.set("17:10", days=1)) if s.start.hour == 17]
    service.snooze(tuesday.id, clock())
    assert messages(service, clock.set("17:25", days=1)) == ["It is 17:00 — reflect on your recent sessions?"]
    details = service.details(tuesday, clock())
    assert details.occurred_at == tuesday.start - timedelta(minutes=settings.last_duration_min)


def test_end_of_day_summary_once_a_day(
    database: Database,
    service: PromptService,
    settings: Settings,
    clock: FakeClock,
    store: ReflectionStore,
    catalog: FrameworkCatalog,
) -> None:
    settings.summary_time = time(17, 30)
    plan(service, ("09:00", "09:50"), ("11:00", "11:50"), ("14:00", "14:50"))
    service.poll(clock.set("15:00"))
    saved = reflect_at(store, catalog, MONDAY.replace(hour=9))
    service.link_reflection(saved.id or "", saved.occurred_at)
    assert [p.kind for p in service.poll(clock.set("17:29"))] == []
    [summary] = service.poll(clock.set("17:30"))
    assert summary.kind == KIND_SUMMARY and summary.message == "3 sessions today, 1 reflected."
    assert service.poll(clock.set("18:00")) == []
    assert PromptService(database, settings).poll(clock.set("18:05")) == []  # a restart does not repeat it
    # an ad-hoc reflection outside the calendar counts as a session too
    plan(service, ("10:00", "10:30"), days=1)
    reflect_at(store, catalog, (MONDAY + timedelta(days=1)).replace(hour=15))
    assert messages(service, clock.set("17:45", days=1))[-1] == "2 sessions today, 1 reflected."
    # a day without sessions has no summary
    assert service.poll(clock.set("17:45", days=2)) == []


def test_queue_items_expire_after_the_chosen_number_of_days(
    service: PromptService, settings: Settings, clock: FakeClock
) -> None:
    settings.queue_expiry_days = 3
    settings.reminder_times = [time(12, 30)]
    plan(service, ("09:00", "09:50"))
    service.poll(clock.set("12:30"))
    assert len(service.queue(clock.set("13:00", days=2))) == 2
    assert len(service.queue(clock.set("09:49", days=3))) == 2
    assert [s.start.hour for s in service.queue(clock.set("12:29", days=3))] == [12]
    service.poll(clock.set("12:31", days=3))
    assert [s.start.hour for s in service.queue(clock())] == [12]  # Thursday's own reminder only
    assert service.queue(clock())[0].start.date() == clock().date()


def test_a_moved_session_is_prompted_at_its_new_end(service: PromptService, clock: FakeClock) -> None:
    plan(service, ("14:00", "14:50"))
    [prompt] = service.poll(clock.set("14:50"))
    assert prompt.session is not None
    moved = PlannedSession(prompt.session.key, MONDAY.replace(hour=15), MONDAY.replace(hour=15, minute=50), "crisis")
    service.sessions.apply_import([moved], set(), clock())
    assert service.poll(clock.set("15:10")) == []
    [again] = service.poll(clock.set("15:50"))
    assert again.session is not None and again.session.id == prompt.session.id and again.session.setting == "crisis"
