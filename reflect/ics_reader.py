"""A fast first pass over iCalendar text: ordinary events read directly, the rest left to icalendar.

icalendar builds a full object tree for every event, which takes about six seconds and
half a gigabyte for a 50,000-event clinic export. Most events are single appointments
with a start, an end or duration and a title, so this pass reads those from the text
itself (UTC, floating, all-day, or a time zone Python knows by name) and hands only
the others to icalendar: recurring series and moved occurrences, zones described only
inside the file (Outlook's "GMT Standard Time"), and anything it is unsure of. When the
file's nesting is not the plain VCALENDAR → VEVENT / VTIMEZONE shape, it gives up and
icalendar reads the whole file, so a damaged file still gets icalendar's verdict.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# these make an event part of a series: such events go to icalendar and recurring-ical-events
SERIES_PROPERTIES = frozenset({"RRULE", "RDATE", "EXDATE", "EXRULE", "RECURRENCE-ID"})
_PARAM = re.compile(r';([A-Za-z0-9-]+)=("[^"]*"|[^";:]*)')
_DATE = re.compile(r"(\d{4})(\d{2})(\d{2})")
_DATE_TIME = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)")
_DURATION = re.compile(r"([+-]?)P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?")
_ESCAPE = re.compile(r"\\(.)")
_UTC = ZoneInfo("UTC")


@dataclass(frozen=True)
class PlainEvent:
    """A single (non-recurring) event, read without icalendar."""

    uid: str
    start: date | datetime  # aware, floating (naive) or all-day
    end: date | datetime
    text: str  # title, location and categories: for matching only, never stored
    status: str


@dataclass
class CalendarText:
    """One VCALENDAR: its plain events, and the text icalendar must read for the rest."""

    method: str = ""
    plain: list[PlainEvent] = field(default_factory=list)
    header: list[str] = field(default_factory=list)  # calendar property lines, for the rest
    timezones: list[str] = field(default_factory=list)  # VTIMEZONE blocks
    others: list[str] = field(default_factory=list)  # VEVENT blocks of events left to icalendar
    events: int = 0

    def rest(self) -> str | None:
        """A calendar holding what icalendar must read, or None when nothing is left."""
        if not self.others:
            return None
        return "\n".join(["BEGIN:VCALENDAR", *self.header, *self.timezones, *self.others, "END:VCALENDAR", ""])


@lru_cache(maxsize=256)
def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _unescape(value: str) -> str:
    return _ESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def _day(value: str) -> date | None:
    """A DATE value (YYYYMMDD); None when it is not one."""
    match = _DATE.fullmatch(value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _moment(params: str, value: str) -> date | datetime | None:
    """DTSTART / DTEND as Python values; None when icalendar should decide."""
    found = {k.upper(): v.strip('"') for k, v in _PARAM.findall(params)} if params else {}
    kind = found.get("VALUE", "").upper()
    if kind == "DATE" or (not kind and len(value) == 8):
        return None if "TZID" in found else _day(value)
    if kind not in ("", "DATE-TIME"):
        return None
    match = _DATE_TIME.fullmatch(value)
    if not match:
        return None
    zone: tzinfo | None = None
    if match[7]:
        if "TZID" in found:
            return None
        zone = _UTC
    elif "TZID" in found:
        zone = _zone(found["TZID"])
        if zone is None:  # a zone only the file describes: icalendar reads its VTIMEZONE
            return None
    try:
        return datetime(int(value[0:4]), int(value[4:6]), int(value[6:8]), int(value[9:11]), int(value[11:13]),
                        int(value[13:15]), tzinfo=zone)
    except ValueError:
        return None


def _duration(value: str) -> timedelta | None:
    match = _DURATION.fullmatch(value)
    if not match or value in ("P", "PT", "-P", "+P") or value.endswith("T"):
        return None
    weeks, days, hours, minutes, seconds = (int(g or 0) for g in match.groups()[1:])
    span = timedelta(weeks=weeks, days=days, hours=hours, minutes=minutes, seconds=seconds)
    return -span if match[1] == "-" else span


_WANTED = frozenset({"DTSTART", "DTEND", "DURATION", "UID", "SUMMARY", "LOCATION", "CATEGORIES", "STATUS"})


def _plain(body: str) -> PlainEvent | None:
    """An event's content lines (alarms removed) as a PlainEvent, or None if icalendar should read it."""
    props: dict[str, list[tuple[str, str]]] = {}
    for line in body.split("\n"):
        if not line:
            continue
        head, colon, value = line.partition(":")
        if not colon or '"' in head:  # quoted parameters may hold a colon: icalendar splits those
            return None
        name, _, params = head.partition(";")
        name = name.upper()
        if name in SERIES_PROPERTIES:
            return None
        if name in _WANTED:
            props.setdefault(name, []).append((";" + params if params else "", value))
    starts, ends, durations = props.get("DTSTART", []), props.get("DTEND", []), props.get("DURATION", [])
    if len(starts) != 1 or len(ends) > 1 or len(durations) > 1 or (ends and durations):
        return None
    start = _moment(*starts[0])
    if start is None:
        return None
    if ends:
        end = _moment(*ends[0])
    else:  # RFC 5545: no end and no duration is an instant
        span = _duration(durations[0][1]) if durations else timedelta(0)
        end = None if span is None else start + span
    if end is None or isinstance(start, datetime) and isinstance(end, datetime) and (
        (start.tzinfo is None) != (end.tzinfo is None)
    ):
        return None
    text = " ".join(_unescape(value) for name in ("SUMMARY", "LOCATION", "CATEGORIES") for _p, value in props.get(name, []))
    uid = props.get("UID", [("", "")])[0][1]
    status = props.get("STATUS", [("", "")])[0][1].strip().upper()
    return PlainEvent(_unescape(uid), start, end, text, status)


_MARKER = re.compile(r"^(BEGIN|END):([^\n]*)$", re.MULTILINE | re.IGNORECASE)
_ALARM = re.compile(r"^BEGIN:VALARM$.*?^END:VALARM$\n?", re.MULTILINE | re.IGNORECASE | re.DOTALL)


def _may_open(stack: list[str], name: str) -> bool:
    """Whether a component may begin here; to-dos, journals and unknown parts are icalendar's to skip."""
    if not stack:
        return name == "VCALENDAR"
    if len(stack) == 1:
        return name in ("VEVENT", "VTIMEZONE")
    if len(stack) == 2:
        return (stack[1], name) in (("VEVENT", "VALARM"), ("VTIMEZONE", "STANDARD"), ("VTIMEZONE", "DAYLIGHT"))
    return False


def _open(stack: list[str], calendars: list[CalendarText], name: str) -> bool:
    """Enter a component (a new calendar at the top); False when it may not begin here."""
    if not _may_open(stack, name):
        return False
    if not stack:
        calendars.append(CalendarText())
    stack.append(name)
    return True


def _read_between(stack: list[str], calendars: list[CalendarText], between: str) -> bool:
    """Text between two BEGIN / END lines: a calendar's properties, or (False) text outside any calendar."""
    if len(stack) == 1:
        _add_header(calendars[-1], between)
        return True
    return bool(stack) or not between.strip()


def _add_header(calendar: CalendarText, between: str) -> None:
    """Calendar properties found between its components (METHOD among them)."""
    lines = [line for line in between.split("\n") if line.strip()]
    calendar.header += lines
    for line in lines:
        if line[:7].upper() == "METHOD:":
            calendar.method = line[7:].strip().upper()


def _add_component(calendar: CalendarText, block: str, name: str) -> bool:
    """A VTIMEZONE is kept as it is; a VEVENT (True) is read here when plain, left to icalendar otherwise."""
    if name == "VTIMEZONE":
        calendar.timezones.append(block)
        return False
    calendar.events += 1
    body = block[block.index("\n") + 1 : block.rindex("\n")] if block.count("\n") >= 1 else ""
    event = _plain(_ALARM.sub("", body) if "VALARM" in body.upper() else body)
    if event is None:
        calendar.others.append(block)
    else:
        calendar.plain.append(event)
    return True


def split(text: str, progress: Callable[[int], None] | None = None) -> list[CalendarText] | None:
    """Each VCALENDAR's plain events and leftover text; None when the nesting is unusual.

    Only the BEGIN / END lines are walked; the text between them is sliced, not looped over.
    ``progress`` is called with the number of events read so far, every thousand events.
    """
    text = re.sub(r"\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))
    calendars: list[CalendarText] = []
    stack: list[str] = []
    opened_at = 0  # where the current VEVENT or VTIMEZONE began
    last = 0  # end of the previous marker
    events = 0
    for marker in _MARKER.finditer(text):
        between = text[last : marker.start()]
        last = marker.end()
        kind, name = marker[1].upper(), marker[2].strip().upper()
        if not _read_between(stack, calendars, between):
            return None  # text outside any calendar
        if kind == "BEGIN":
            opened_at = marker.start() if len(stack) == 1 else opened_at
            if not _open(stack, calendars, name):
                return None
            continue
        if not stack or stack[-1] != name:
            return None
        stack.pop()
        if len(stack) != 1:
            continue
        if not _add_component(calendars[-1], text[opened_at : marker.end()], name):
            continue
        events += 1
        if progress and events % 1000 == 0:
            progress(events)
    if stack or not calendars or text[last:].strip():
        return None
    return calendars
