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

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from pathlib import Path
from typing import Any

from reflect.expected_sessions import ExpectedSessionStore, ImportResult, PlannedSession

# occurrences outside this window are of no use for prompting and would make an
# endless RRULE endless
PAST_DAYS = 31
FUTURE_DAYS = 366

# first match wins; whole words, case-insensitive, searched in title, location and categories
SETTING_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("crisis", ("crisis", "a&e", "emergency department", "liaison", "home treatment", "htt", "s136", "section 136")),
    ("inpatient", ("ward", "inpatient", "in-patient", "admission", "psychiatric intensive care", "picu")),
    ("community", ("community", "home visit", "domiciliary", "cmht", "dom visit")),
    ("outpatient", ("clinic", "outpatient", "out-patient", "opd", "opa")),
)

_CANCELLED_TITLE = re.compile(r"^\s*(cancell?ed|canceled)\s*:", re.IGNORECASE)
_TIME_PROPERTIES = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID", "STATUS")


class CalendarError(ValueError):
    """The file cannot be read as a calendar; the message is one sentence and nothing was imported."""


@dataclass(frozen=True)
class ParsedCalendar:
    sessions: list[PlannedSession]
    cancelled: set[str]
    ignored: int  # all-day or zero-length events


def _words(keyword: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9]){re.escape(keyword.lower())}(?![a-z0-9])")


_SETTING_PATTERNS = tuple((setting, tuple(_words(k) for k in words)) for setting, words in SETTING_KEYWORDS)


def guess_setting(text: str, default: str) -> str:
    """The setting suggested by words such as 'ward', 'home visit' or 'clinic', else the default."""
    lowered = text.lower()
    for setting, patterns in _SETTING_PATTERNS:
        if any(p.search(lowered) for p in patterns):
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


def _recurring_uids(calendar: Any) -> set[str]:
    return {
        str(e.get("UID", ""))
        for e in calendar.walk("VEVENT")
        if any(name in e for name in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }


def _is_cancelled(event: Any, method: str) -> bool:
    if method == "CANCEL":
        return True
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return True
    return bool(_CANCELLED_TITLE.match(str(event.get("SUMMARY", ""))))


def _check_events(calendar: Any) -> None:
    for component in calendar.walk("VEVENT"):
        broken = [name for name, _problem in component.errors if name in _TIME_PROPERTIES]
        if broken:
            raise CalendarError(f"An event has an unreadable {broken[0]} value.")
        if "DTSTART" not in component:
            raise CalendarError("An event has no start time.")


def parse_calendar(
    data: bytes | str,
    now: datetime,
    keywords: Sequence[str] = (),
    default_setting: str = "outpatient",
    tz: tzinfo | None = None,
) -> ParsedCalendar:
    """Expected sessions in the import window around ``now`` (local, naive).

    ``keywords``: when given, only events whose title, location or categories
    contain one of them are kept. ``tz``: the local time zone (the system's when None).
    Raises CalendarError for anything that is not a readable calendar.
    """
    import icalendar
    import recurring_ical_events

    try:
        calendars = icalendar.Calendar.from_ical(data, multiple=True)
    except ValueError as exc:
        raise CalendarError("The file is not a readable iCalendar (.ics) file.") from exc
    if not calendars:
        raise CalendarError("The file is not a readable iCalendar (.ics) file.")
    wanted = [k.strip().lower() for k in keywords if k.strip()]
    window_start = now.date() - timedelta(days=PAST_DAYS)
    window_end = now.date() + timedelta(days=FUTURE_DAYS)
    sessions: dict[str, PlannedSession] = {}
    cancelled: set[str] = set()
    ignored = 0
    for calendar in calendars:
        if calendar.name != "VCALENDAR":
            raise CalendarError("The file is not a readable iCalendar (.ics) file.")
        _check_events(calendar)
        method = str(calendar.get("METHOD", "")).upper()
        recurring = _recurring_uids(calendar)
        try:
            occurrences = list(recurring_ical_events.of(calendar).between(window_start, window_end))
        except Exception as exc:  # the library raises many kinds for bad recurrence data
            raise CalendarError(f"The calendar's recurring events cannot be read ({exc}).") from exc
        for event in occurrences:
            try:
                start = event["DTSTART"].dt
                if "DTEND" in event:
                    end = event["DTEND"].dt
                else:  # RFC 5545: no end and no duration is an instant
                    end = start + (event["DURATION"].dt if "DURATION" in event else timedelta(0))
                original = event["RECURRENCE-ID"].dt if "RECURRENCE-ID" in event else start
            except (AttributeError, KeyError, TypeError, ValueError) as exc:
                raise CalendarError("An event has an unreadable start, end or duration.") from exc
            uid = str(event.get("UID", ""))
            key = occurrence_key(uid, original if uid in recurring or not uid else None)
            if _is_cancelled(event, method):
                cancelled.add(key)
                continue
            if not isinstance(start, datetime) or not isinstance(end, datetime):
                ignored += 1  # all-day: leave, training days, reminders to self
                continue
            text = _text_of(event)
            if wanted and not any(word in text.lower() for word in wanted):
                continue
            local_start, local_end = _local(start, tz), _local(end, tz)
            if local_end <= local_start:
                ignored += 1
                continue
            sessions[key] = PlannedSession(key, local_start, local_end, guess_setting(text, default_setting))
    return ParsedCalendar(sorted(sessions.values(), key=lambda s: s.start), cancelled - set(sessions), ignored)


def read_calendar_file(path: Path) -> bytes:
    """The file's bytes, or a CalendarError that names the file."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CalendarError(f"Cannot read {path}: {exc.strerror or exc}.") from exc


def import_calendar(
    store: ExpectedSessionStore,
    data: bytes | str,
    now: datetime,
    keywords: Iterable[str] = (),
    default_setting: str = "outpatient",
    tz: tzinfo | None = None,
) -> ImportResult:
    """Parse first, then write in one transaction: a bad file changes nothing."""
    parsed = parse_calendar(data, now, tuple(keywords), default_setting, tz)
    return store.apply_import(parsed.sessions, parsed.cancelled, now, parsed.ignored)
