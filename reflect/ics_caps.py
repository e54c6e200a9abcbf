"""A cap on the dates one event may list in RDATE and EXDATE, applied to the text before parsing.

An event with 200,000 RDATE values takes icalendar and recurring-ical-events many seconds
and hundreds of megabytes; no real appointment series lists more than a few hundred extra
or excluded dates. Each event keeps only its first ``MAX_DATE_VALUES`` of each, and the
caller says how many events were cut, like the other calendar caps.
"""

from __future__ import annotations

import re
from bisect import bisect_right

MAX_DATE_VALUES = 1_000  # RDATE values, and EXDATE values, kept per event

_DATE_LINE = re.compile(r"^(?:RDATE|EXDATE)[;:][^\n]*$", re.MULTILINE | re.IGNORECASE)
_EVENT_START = re.compile(r"^BEGIN:VEVENT[ \t]*$", re.MULTILINE | re.IGNORECASE)
_QUOTED_OR_COLON = re.compile(r'"[^"\n]*"|:')


def unfold(text: str) -> str:
    """iCalendar text with line endings made plain and folded lines joined (RFC 5545 §3.1)."""
    return re.sub(r"\n[ \t]", "", text.replace("\r\n", "\n").replace("\r", "\n"))


def _value_start(line: str) -> int:
    """Where the value begins: after the first colon outside a quoted parameter (-1 if none)."""
    for match in _QUOTED_OR_COLON.finditer(line):
        if match.group() == ":":
            return match.end()
    return -1


def cap_date_lists(text: str) -> tuple[str, int]:
    """The unfolded ``text`` with each event's RDATE and EXDATE values cut to the first ``MAX_DATE_VALUES``,
    and the number of events that were cut."""
    text = unfold(text)
    lines = list(_DATE_LINE.finditer(text))
    if not lines:
        return text, 0
    starts = [m.start() for m in _EVENT_START.finditer(text)]
    used: dict[tuple[int, str], int] = {}
    cut_events: set[int] = set()
    pieces: list[str] = []
    last = 0
    for match in lines:
        line = match.group()
        at = _value_start(line)
        if at < 0:
            continue
        event = bisect_right(starts, match.start())
        name = line[:5].upper()
        values = line[at:].split(",")
        room = MAX_DATE_VALUES - used.get((event, name), 0)
        used[(event, name)] = used.get((event, name), 0) + len(values)
        if len(values) <= room:
            continue
        cut_events.add(event)
        kept = ",".join(values[: max(room, 0)])
        pieces += [text[last : match.start()], f"{line[:at]}{kept}" if kept else ""]
        last = match.end() if kept else match.end() + 1  # a line left with no value goes, with its newline
    if not cut_events:
        return text, 0
    pieces.append(text[last:])
    return "".join(pieces), len(cut_events)
