"""Read an .ics calendar into expected sessions (Qt-free).

Outlook, Google and EPR clinic lists all export iCalendar. Titles, locations and
categories are read only to filter by keyword and to guess the setting; only the
times, the guessed setting and a hash of the event's identity are kept, because
titles and attendee lists often name patients.

Recurring events are expanded with ``recurring-ical-events`` (RRULE, RDATE,
EXDATE and moved instances with RECURRENCE-ID, in the event's own time zone),
then converted to local wall-clock time, so a 09:00 Europe/London clinic stays
at 09:00 on both sides of the clock change.
"""

from __future__ import annotations

import copy
import hashlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from pathlib import Path
from time import monotonic
from typing import Any

from reflect import ics_reader
from reflect.errors import UserError
from reflect.expected_sessions import ExpectedSessionStore, ImportResult, PlannedSession
from reflect.ics_caps import MAX_DATE_VALUES, cap_date_lists
from reflect.ics_reader import PlainEvent
from reflect.user_files import UnreadableFile, read_bytes

# Only occurrences in this window are expanded: older or later ones are of no use for
# prompting, and an endless RRULE would be endless.
PAST_DAYS = 31
FUTURE_DAYS = 366
# Caps that keep a hostile or unlucky file bounded in time and memory; each one hit is reported.
MAX_FILE_BYTES = 20 * 2**20
MAX_PER_SERIES = 500  # occurrences of one recurring event in the window (a daily one has about 400)
MAX_SESSIONS = 100_000  # expected sessions from one file
EXPANSION_BUDGET_S = 10.0  # recurring series still waiting after this long are skipped
SUB_DAILY = frozenset({"SECONDLY", "MINUTELY", "HOURLY"})

# first match wins; whole words, case-insensitive, searched in title, location and categories
SETTING_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("crisis", ("crisis", "a&e", "emergency department", "liaison", "home treatment", "htt", "s136", "section 136")),
    ("inpatient", ("ward", "inpatient", "in-patient", "admission", "psychiatric intensive care", "picu")),
    ("community", ("community", "home visit", "domiciliary", "cmht", "dom visit")),
    ("outpatient", ("clinic", "outpatient", "out-patient", "opd", "opa")),
)

_CANCELLED_TITLE = re.compile(r"^\s*(cancell?ed|canceled)\s*:", re.IGNORECASE)
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "STATUS")


class CalendarError(UserError, ValueError):
    """The file cannot be read as a calendar; the message is one sentence and nothing was imported."""


@dataclass(frozen=True)
class ParsedCalendar:
    sessions: list[PlannedSession]
    cancelled: set[str]
    ignored: int  # all-day or zero-length events
    too_frequent: int = 0  # series repeating more often than daily, skipped
    capped_series: int = 0  # series cut at MAX_PER_SERIES occurrences
    over_total: int = 0  # occurrences left out beyond MAX_SESSIONS
    unexpanded: int = 0  # series skipped when EXPANSION_BUDGET_S ran out
    capped_dates: int = 0  # events whose RDATE or EXDATE list was cut at MAX_DATE_VALUES

    def notes(self) -> list[str]:
        """One sentence for each cap that was hit."""
        notes = []
        if self.too_frequent:
            notes.append(f"{_count(self.too_frequent, 'recurring event')} repeating more often than daily "
                         f"{'was' if self.too_frequent == 1 else 'were'} skipped.")
        if self.capped_series:
            notes.append(f"{_count(self.capped_series, 'recurring event')} had more than {MAX_PER_SERIES} "
                         f"occurrences in the import window; only the first {MAX_PER_SERIES} of each were imported.")
        if self.over_total:
            notes.append(f"The calendar holds more than {MAX_SESSIONS:,} sessions in the import window; "
                         f"{self.over_total:,} more were left out.")
        if self.capped_dates:
            notes.append(f"{_count(self.capped_dates, 'event')} listed more than {MAX_DATE_VALUES:,} extra or "
                         f"excluded dates; only the first {MAX_DATE_VALUES:,} of each list were used.")
        if self.unexpanded:
            notes.append(f"{_count(self.unexpanded, 'recurring event')} could not be expanded within "
                         f"{EXPANSION_BUDGET_S:g} seconds and {'was' if self.unexpanded == 1 else 'were'} skipped.")
        return notes

    def describe(self, result: ImportResult) -> str:
        """What the import did, then one sentence per cap hit."""
        return " ".join([result.describe(), *self.notes()])


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _words(keywords: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(k.lower()) for k in keywords)
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


_SETTING_PATTERNS = tuple((setting, _words(words)) for setting, words in SETTING_KEYWORDS)


@lru_cache(maxsize=4096)  # clinic lists repeat a handful of titles thousands of times
def guess_setting(text: str, default: str) -> str:
    """The setting suggested by words such as 'ward', 'home visit' or 'clinic', else the default."""
    lowered = text.lower()
    for setting, pattern in _SETTING_PATTERNS:
        if pattern.search(lowered):
            return setting
    return default


def _text_of(event: Any) -> str:
    """Title, location and categories joined, used only in memory for matching."""
    parts = [str(event.get("SUMMARY", "")), str(event.get("LOCATION", ""))]
    categories = event.get("CATEGORIES")
    for entry in categories if isinstance(categories, list) else [categories] if categories else []:
        parts.extend(str(c) for c in getattr(entry, "cats", [entry]))
    return " ".join(parts)


def _local(value: datetime, tz: tzinfo | None) -> datetime:
    """Naive local wall-clock time; floating times are already local."""
    if value.tzinfo is None:
        return value
    return value.astimezone(tz).replace(tzinfo=None)


def _identity(value: date | datetime) -> str:
    """The occurrence's original start, the same however the file expresses its time zone."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    if isinstance(value, datetime):
        return value.strftime("%Y%m%dT%H%M%S")
    return value.strftime("%Y%m%d")


def occurrence_key(uid: str, original_start: date | datetime | None) -> str:
    """A stable, non-reversible key for one event, or one occurrence of a recurring event.

    A single event is known by its UID alone, so moving it updates it; an occurrence of
    a series by UID and original start (its RECURRENCE-ID), which moving does not change.
    """
    occurrence = "" if original_start is None else _identity(original_start)
    digest = hashlib.sha256(f"{uid}\x1f{occurrence}".encode()).hexdigest()
    return f"cal:{digest[:40]}"


def _is_cancelled(status: str, title: str, method: str) -> bool:
    return method == "CANCEL" or status.upper() == "CANCELLED" or bool(_CANCELLED_TITLE.match(title))


def _check_events(calendar: Any) -> None:
    for component in calendar.walk("VEVENT"):
        broken = [name for name, _problem in component.errors if name in _TIME_PROPERTIES]
        if broken:
            raise CalendarError(f"An event has an unreadable {broken[0]} value.")
        if "DTSTART" not in component:
            raise CalendarError("An event has no start time.")


def _too_frequent(events: Sequence[Any]) -> bool:
    """Does a series repeat more often than daily (every hour, minute or second, or several times a day)?"""
    for event in events:
        rules = event.get("RRULE")
        for rule in rules if isinstance(rules, list) else [rules] if rules is not None else []:
            frequency = str((rule.get("FREQ") or [""])[0]).upper()
            if frequency in SUB_DAILY or any(len(rule.get(part) or ()) > 1 for part in ("BYHOUR", "BYMINUTE", "BYSECOND")):
                return True
    return False


def _naive(value: date | datetime, tz: tzinfo | None) -> datetime:
    return _local(value, tz) if isinstance(value, datetime) else datetime.combine(value, time())


class _Collector:
    """Turns events and occurrences into planned sessions, counting what was left out and why."""

    def __init__(self, now: datetime, keywords: Sequence[str], default_setting: str, tz: tzinfo | None) -> None:
        self.wanted = [k.strip().lower() for k in keywords if k.strip()]
        self.default_setting = default_setting
        self.tz = tz
        self.window_start = now.date() - timedelta(days=PAST_DAYS)
        self.window_end = now.date() + timedelta(days=FUTURE_DAYS)
        self.first = datetime.combine(self.window_start, time())
        self.last = datetime.combine(self.window_end, time())
        self.deadline = monotonic() + EXPANSION_BUDGET_S
        self.sessions: dict[str, PlannedSession] = {}
        self.cancelled: set[str] = set()
        self.ignored = self.too_frequent = self.capped_series = self.over_total = self.unexpanded = 0

    def in_window(self, start: date | datetime, end: date | datetime) -> bool:
        return self._overlaps(_naive(start, self.tz), _naive(end, self.tz))

    def _overlaps(self, first: datetime, last: datetime) -> bool:
        return first < self.last and (last > self.first or first >= self.first)

    def add(self, key: str, start: Any, end: Any, text: str, cancelled: bool,
            local: tuple[datetime, datetime] | None = None) -> None:
        """One occurrence; ``local``: its start and end already in local time."""
        if cancelled:
            self.cancelled.add(key)
            return
        if not isinstance(start, datetime) or not isinstance(end, datetime):
            self.ignored += 1  # all-day: leave, training days, reminders to self
            return
        if self.wanted and not any(word in text.lower() for word in self.wanted):
            return
        local_start, local_end = local or (_local(start, self.tz), _local(end, self.tz))
        if local_end <= local_start:
            self.ignored += 1
            return
        if key not in self.sessions and len(self.sessions) >= MAX_SESSIONS:
            self.over_total += 1
            return
        self.sessions[key] = PlannedSession(key, local_start, local_end, guess_setting(text, self.default_setting))

    def plain(self, event: PlainEvent, method: str) -> None:
        start, end = event.start, event.end
        local = (_local(start, self.tz), _local(end, self.tz)) if isinstance(start, datetime) and isinstance(
            end, datetime) else None
        if self._overlaps(*local) if local else self.in_window(start, end):
            key = occurrence_key(event.uid, None if event.uid else start)
            cancelled = _is_cancelled(event.status, event.text, method)
            self.add(key, start, end, event.text, cancelled, local)

    def occurrence(self, event: Any, method: str, series: bool, check_window: bool = False) -> None:
        try:
            start = event["DTSTART"].dt
            if "DTEND" in event:
                end = event["DTEND"].dt
            else:  # RFC 5545: no end and no duration is an instant
                end = start + (event["DURATION"].dt if "DURATION" in event else timedelta(0))
            original = event["RECURRENCE-ID"].dt if "RECURRENCE-ID" in event else start
            if check_window and not self.in_window(start, end):
                return
        except (AttributeError, KeyError, TypeError, ValueError, OverflowError) as exc:
            raise CalendarError("An event has an unreadable start, end or duration.") from exc
        uid = str(event.get("UID", ""))
        key = occurrence_key(uid, original if series or not uid else None)
        cancelled = _is_cancelled(str(event.get("STATUS", "")), str(event.get("SUMMARY", "")), method)
        self.add(key, start, end, _text_of(event), cancelled)

    def calendar(self, calendar: Any) -> None:
        """Events icalendar has read: singles directly, each series expanded on its own, within the caps."""
        _check_events(calendar)
        method = str(calendar.get("METHOD", "")).upper()
        timezones = [c for c in calendar.subcomponents if c.name == "VTIMEZONE"]
        groups: dict[str, list[Any]] = {}
        for event in calendar.walk("VEVENT"):
            groups.setdefault(str(event.get("UID", "")), []).append(event)
        for events in groups.values():
            if not any(name in e for e in events for name in ("RRULE", "RDATE", "RECURRENCE-ID")):
                for event in events:
                    self.occurrence(event, method, series=False, check_window=True)
                continue
            self.series(calendar, timezones, events, method)

    def series(self, calendar: Any, timezones: list[Any], events: list[Any], method: str) -> None:
        """One recurring series, expanded within the window and the caps (or counted as left out)."""
        import recurring_ical_events

        if _too_frequent(events):
            self.too_frequent += 1
            return
        if monotonic() > self.deadline:
            self.unexpanded += 1
            return
        series = copy.copy(calendar)
        series.subcomponents = [*timezones, *events]
        try:
            occurrences = recurring_ical_events.of(series).between(self.window_start, self.window_end)
        except Exception as exc:  # the library raises many kinds for bad recurrence data
            raise CalendarError(f"The calendar's recurring events cannot be read ({exc}).") from exc
        if len(occurrences) > MAX_PER_SERIES:
            self.capped_series += 1
            try:
                occurrences = sorted(occurrences, key=lambda e: _naive(e["DTSTART"].dt, self.tz))
            except (KeyError, TypeError, ValueError, OverflowError) as exc:
                raise CalendarError("An event has an unreadable start, end or duration.") from exc
            occurrences = occurrences[:MAX_PER_SERIES]
        for event in occurrences:
            self.occurrence(event, method, series=True)

    def result(self) -> ParsedCalendar:
        return ParsedCalendar(
            sorted(self.sessions.values(), key=lambda s: s.start), self.cancelled - set(self.sessions), self.ignored,
            self.too_frequent, self.capped_series, self.over_total, self.unexpanded,
        )


def _icalendar(data: bytes | str) -> list[Any]:
    import icalendar

    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as exc:
        raise CalendarError("The file is not a readable iCalendar (.ics) file.") from exc
    if not calendars or any(c.name != "VCALENDAR" for c in calendars):
        raise CalendarError("The file is not a readable iCalendar (.ics) file.")
    return list(calendars)


def parse_calendar(
    data: bytes | str,
    now: datetime,
    keywords: Sequence[str] = (),
    default_setting: str = "outpatient",
    tz: tzinfo | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedCalendar:
    """Expected sessions in the import window around ``now`` (local, naive).

    ``keywords``: when given, only events whose title, location or categories
    contain one of them are kept. ``tz``: the local time zone (the system's when None).
    ``progress(done, total)`` is called now and then with events read; it may raise to stop.
    Raises CalendarError for anything that is not a readable calendar or is too large.
    """
    if len(data) > MAX_FILE_BYTES:
        raise CalendarError(f"The file is larger than {MAX_FILE_BYTES // 2**20} MB, more than any calendar export.")
    text, capped_dates = cap_date_lists(data.decode("utf-8", "replace") if isinstance(data, bytes) else data)
    if capped_dates:
        data = text  # icalendar reads the capped text, should it read the whole file
    total = max(1, text.count("BEGIN:VEVENT"))
    collector = _Collector(now, tuple(keywords), default_setting, tz)
    parts = ics_reader.split(text, (lambda done: progress(done, total)) if progress else None)
    if parts is None:  # an unusual shape: icalendar reads it all, and judges a damaged file
        for calendar in _icalendar(data):
            collector.calendar(calendar)
    else:
        for part in parts:
            for event in part.plain:
                collector.plain(event, part.method)
            rest = part.rest()
            if rest is not None:
                for calendar in _icalendar(rest):
                    collector.calendar(calendar)
    if progress:
        progress(total, total)
    return replace(collector.result(), capped_dates=capped_dates)


def read_calendar_file(path: Path) -> bytes:
    """The bytes of a regular file up to MAX_FILE_BYTES, or a CalendarError that names the file."""
    try:
        return read_bytes(path, MAX_FILE_BYTES)
    except UnreadableFile as exc:
        raise CalendarError(f"{path.name} {exc.problem}; nothing was imported.") from exc


def import_calendar(
    store: ExpectedSessionStore,
    data: bytes | str,
    now: datetime,
    keywords: Iterable[str] = (),
    default_setting: str = "outpatient",
    tz: tzinfo | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportResult:
    """Parse first, then write in one transaction: a bad file changes nothing."""
    return import_parsed(store, parse_calendar(data, now, tuple(keywords), default_setting, tz, progress), now)


def import_parsed(
    store: ExpectedSessionStore, parsed: ParsedCalendar, now: datetime, check: Callable[[], None] | None = None
) -> ImportResult:
    """Write what was parsed in one transaction; ``check`` may raise to roll it back (a Cancel)."""
    return store.apply_import(parsed.sessions, parsed.cancelled, now, parsed.ignored, check)
