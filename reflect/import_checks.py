"""What a JSON backup may hold: bounded parsing and value checks before anything is imported.

A backup can come from anywhere (another computer, an e-mail, a hand edit that was
re-checksummed), so its *values* are checked, not only their types: ratings must fit the
checklist's own items and scale, dates, durations, CPD hours and texts must be plausible,
and nothing in it may cost unbounded time or memory to read (size, nesting depth and
number length are capped before and while parsing). Every refusal is one sentence
naming the record and the field; the database is not touched until all of it passed.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from reflect.data.models import Base
from reflect.errors import UserError
from reflect.frameworks import Framework, FrameworkCatalog
from reflect.records import EARLIEST_DAY, ReflectionRecord
from reflect.scoring import MAX_SCALE_POINTS
from reflect.settings import KINDS, from_json
from reflect.user_files import UnreadableFile, read_bytes

MAX_FILE_BYTES = 256 * 1024 * 1024  # 20,000 demo reflections export to about 23 MB; evidence files add to it
MAX_DIGITS = 15  # whole numbers beyond this are not plausible anywhere in a backup
MAX_TEXT = 100_000  # characters in any one text
PLANNING_YEARS = 5  # how far ahead planned dates (expected sessions, goal target dates) may lie
MAX_DURATION_MIN = 24 * 60
MAX_CPD_HOURS = 1_000.0
# columns that hold planned, future moments rather than things that already happened
PLANNED = frozenset({
    ("expected_session", "start"), ("expected_session", "end"), ("expected_session", "snoozed_until"),
    ("expected_session", "prompted_at"), ("goal", "target_date"),
})
# numeric columns with a range of their own: (low, high, unit for the message)
RANGES: dict[tuple[str, str], tuple[float, float, str]] = {
    ("cpd_activity", "hours"): (0.0, MAX_CPD_HOURS, "hours"),
    ("supervision_session", "hours"): (0.0, 24.0, "hours"),
}
JSON_COLUMNS = frozenset({("received_pack", "content")})  # Reflect's own JSON, read back as a pack

SETTING_RANGES: dict[str, tuple[int, int]] = {
    "last_duration_min": (0, MAX_DURATION_MIN),
    "reflection_cpd_minutes": (0, MAX_DURATION_MIN),
}

_SURROGATE = re.compile("[\ud800-\udfff]")


class ExchangeError(UserError):
    """A file cannot be imported or written; the message is one sentence for the user."""


def refuse(where: str, field: str, problem: str) -> ExchangeError:
    return ExchangeError(f"Not imported: {where}, {field!r} {problem}; nothing was changed.")


# ----- reading: bounded in size, depth and number length


def read_bounded(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, refusing FIFOs, devices and anything over ``limit``."""
    try:
        return read_bytes(path, limit)
    except UnreadableFile as exc:
        raise ExchangeError(f"{path.name} {exc.problem}; nothing was imported.") from exc


def _bounded_int(text: str) -> int | float:
    """A whole number, or infinity for one too long to be plausible (refused where it is used)."""
    return int(text) if len(text.lstrip("-")) <= MAX_DIGITS else math.inf


def loads(raw: bytes, name: str) -> Any:
    """Parse JSON text with bounded nesting and numbers; NaN and Infinity survive to be refused by field.

    Python's JSON parser stops deep nesting itself (RecursionError, in microseconds);
    nothing below walks more than the few levels an export has.
    """
    text = raw.decode("utf-8")  # UnicodeDecodeError is the caller's "not text"
    try:
        return json.loads(text, parse_int=_bounded_int)
    except RecursionError:
        raise ExchangeError(f"{name} is not a Reflect export: its data is nested far too deeply.") from None


# ----- values


def check_text(value: str, where: str, field: str) -> None:
    if len(value) > MAX_TEXT:
        raise refuse(where, field, f"is longer than {MAX_TEXT:,} characters")
    if not value.isascii() and _SURROGATE.search(value):
        raise refuse(where, field, "holds a character that is not valid Unicode (a lone surrogate)")


def check_moment(value: date, where: str, field: str, latest: date) -> None:
    """Between 1990 and ``latest``, without a UTC offset (Reflect writes local or UTC times without one)."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        raise refuse(where, field, "has a UTC offset, which Reflect never writes")
    day = value.date() if isinstance(value, datetime) else value
    if day < EARLIEST_DAY:
        raise refuse(where, field, f"is before {EARLIEST_DAY.year}")
    if day > latest:
        raise refuse(where, field, f"is after {latest.isoformat()}")


def check_number(value: float, where: str, field: str, low: float = -math.inf, high: float = math.inf,
                 unit: str = "") -> None:
    if math.isnan(value):
        raise refuse(where, field, "is not a number")
    if math.isinf(value):
        raise refuse(where, field, "is not a finite number")
    if not low <= value <= high:
        raise refuse(where, field, f"is {value:g}, outside {low:,g}–{high:,g} {unit}".rstrip())


@dataclass(frozen=True)
class Checklist:
    """What ratings may say for one checklist: its item ids and each choice's points."""

    items: frozenset[str]
    points: Mapping[str, int | None]


def checklist_of(framework: Framework) -> Checklist:
    return Checklist(frozenset(i.id for i in framework.items), {o.key: o.points for o in framework.scale})


def describe_checklist(framework: Framework) -> dict[str, Any]:
    """The part of a checklist an export carries so its ratings can be checked where it is unknown."""
    return {
        "items": [item.id for item in framework.items],
        "scale": [{"key": option.key, "points": option.points} for option in framework.scale],
    }


def _checklist_from_file(entry: Any) -> tuple[str, Checklist] | None:
    """A checklist described in the file's ``frameworks`` section, if it is described well enough."""
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
        return None
    items, scale = entry.get("items"), entry.get("scale")
    if not isinstance(items, list) or not isinstance(scale, list):
        return None
    if not all(isinstance(i, str) for i in items) or not all(isinstance(o, dict) for o in scale):
        return None
    points: dict[str, int | None] = {}
    for option in scale:
        key, value = option.get("key"), option.get("points")
        if not isinstance(key, str) or not (value is None or type(value) is int and 0 <= value <= MAX_SCALE_POINTS):
            return None
        points[key] = value
    return entry["id"], Checklist(frozenset(items), points)


def known_checklists(catalog: FrameworkCatalog, described: Any) -> dict[str, Checklist]:
    """Checklists by id: those installed here win over those the file describes."""
    found: dict[str, Checklist] = {}
    for entry in described if isinstance(described, list) else []:
        parsed = _checklist_from_file(entry)
        if parsed:
            found[parsed[0]] = parsed[1]
    found.update({fid: checklist_of(f) for fid, f in catalog.frameworks.items()})
    return found


def check_records(records: Iterable[ReflectionRecord], checklists: Mapping[str, Checklist], today: date) -> None:
    """Each reflection's dates, duration, texts and ratings against its own checklist."""
    tomorrow = today + timedelta(days=1)
    for index, record in enumerate(records):
        where = f"reflection {index + 1}"
        checklist = checklists.get(record.framework_id)
        if checklist is None:
            raise refuse(where, "framework_id", f"names a checklist ({record.framework_id[:80]!r}) that is neither "
                         "installed here nor described in the file")
        check_moment(record.occurred_at, where, "occurred_at", tomorrow)
        for name in ("created_at", "updated_at"):
            moment = getattr(record, name)
            if moment is not None:
                check_moment(moment, where, name, tomorrow)
        if not 0 <= record.duration_min <= MAX_DURATION_MIN:
            raise ExchangeError(
                f"The file is damaged: {where} has an impossible duration ({record.duration_min:g} minutes)."
            )
        for name in ("id", "setting", "contact_type", "modality", "framework_id", "framework_version", "text"):
            check_text(getattr(record, name) or "", where, name)
        for tag in record.tags:
            check_text(tag, where, "tags")
        _check_ratings(record, checklist, where)

def _check_ratings(record: ReflectionRecord, checklist: Checklist, where: str) -> None:
    """Each rating names an item and an answer of the reflection's own checklist, once, with its points."""
    seen: set[str] = set()
    for rating in record.ratings:
        if rating.item_id not in checklist.items:
            raise refuse(where, "ratings", f"rates an item ({rating.item_id[:80]!r}) its checklist does not have")
        if rating.item_id in seen:
            raise refuse(where, "ratings", f"rates the item {rating.item_id!r} twice")
        seen.add(rating.item_id)
        if rating.choice not in checklist.points:
            raise refuse(where, "ratings", f"has an answer ({rating.choice[:80]!r}) its checklist's scale does not have")
        if rating.points != checklist.points[rating.choice]:
            raise refuse(where, "ratings", f"gives {rating.choice!r} {rating.points} points, not the scale's "
                         f"{checklist.points[rating.choice]}")
        check_text(rating.note, where, "note")


def check_tables(tables: Mapping[str, list[dict[str, Any]]], today: date) -> None:
    """Every row's values: plausible dates, finite numbers within their ranges, bounded texts."""
    tomorrow = today + timedelta(days=1)
    horizon = today + timedelta(days=366 * PLANNING_YEARS)
    for table, rows in tables.items():
        noun = table.replace("_", " ")
        for index, row in enumerate(rows):
            where = f"{noun} {index + 1}"
            for name, value in row.items():
                if isinstance(value, date):
                    check_moment(value, where, name, horizon if (table, name) in PLANNED else tomorrow)
                elif isinstance(value, str):
                    check_text(value, where, name)
                    check_column_text(table, name, value, where)
                elif isinstance(value, float):
                    check_number(value, where, name, *RANGES.get((table, name), (-math.inf, math.inf, "")))
            if table == "practice_hours":
                check_practice_hours(row, where)


def check_column_text(table: str, name: str, value: str, where: str) -> None:
    """A text within its column's length, one of its column's choices, and parseable where it is JSON."""
    column = Base.metadata.tables[table].columns.get(name) if table in Base.metadata.tables else None
    length = getattr(column.type, "length", None) if column is not None else None
    if length is not None and len(value) > length:
        raise refuse(where, name, f"is longer than {length:,} characters")
    choices = _choices().get((table, name))
    if choices is not None and value not in choices:
        raise refuse(where, name, f"is not one of {', '.join(sorted(choices))}")
    if (table, name) in JSON_COLUMNS:
        _check_stored_pack(value, where, name)


def _choices() -> dict[tuple[str, str], frozenset[str]]:
    from reflect import expected_sessions as expected
    from reflect.cpd import GOAL_STATUSES  # cpd is heavy; only an import needs it

    return {
        ("goal", "status"): frozenset(GOAL_STATUSES),
        ("expected_session", "source"): frozenset({expected.SOURCE_CALENDAR, expected.SOURCE_REMINDER}),
        ("expected_session", "state"): frozenset({expected.STATE_PENDING, expected.STATE_SNOOZED,
                                                  expected.STATE_REFLECTED, expected.STATE_SKIPPED}),
    }


def _check_stored_pack(value: str, where: str, name: str) -> None:
    from reflect.supervision.document import SupervisionFileError
    from reflect.supervision.pack import parse_pack

    try:
        parse_pack(json.loads(value), "the stored pack")
    except (ValueError, RecursionError, SupervisionFileError):
        raise refuse(where, name, "is not a readable supervision pack") from None


def check_practice_hours(row: Mapping[str, Any], where: str) -> None:
    """Practice hours as the store takes them: above 0, at most 24 for each day of the period."""
    start, end, hours = row.get("start"), row.get("end"), row.get("hours")
    if not isinstance(start, date) or not isinstance(end, date) or not isinstance(hours, int | float):
        return  # types are checked where the rows are read
    if end < start:
        raise refuse(where, "end", "is before its start")
    if not 0 < hours <= 24 * ((end - start).days + 1):
        raise refuse(where, "hours", f"is {hours:g}, not above 0 and at most 24 for each day of the period")


def check_settings(raw: Any, portable: Iterable[str]) -> tuple[dict[str, Any], tuple[str, ...]]:
    """The settings worth taking, and the names of those ignored (unknown here, or not valid)."""
    if not isinstance(raw, dict):
        return {}, ()
    allowed = set(portable)
    taken: dict[str, Any] = {}
    ignored: list[str] = []
    for name, value in raw.items():
        valid = name in allowed and name in KINDS
        if valid and isinstance(value, str):
            valid = len(value) <= MAX_TEXT and not _SURROGATE.search(value)
        if valid:
            try:
                value = from_json(name, value)  # dates and times travel as ISO text
            except ValueError:
                valid = False
        if valid and name in SETTING_RANGES:
            low, high = SETTING_RANGES[name]
            valid = low <= value <= high
        if valid:
            taken[name] = value
        else:
            ignored.append(name[:80])
    return taken, tuple(sorted(ignored))


def describe_ignored(names: Iterable[str]) -> str:
    """E.g. "Ignored 2 settings this Reflect does not know or cannot use: colour, zoom."; empty if none."""
    shown = [n.encode("utf-8", "replace").decode("utf-8") for n in names]
    if not shown:
        return ""
    noun = "setting" if len(shown) == 1 else "settings"
    listed = ", ".join(shown[:10]) + (f" and {len(shown) - 10} more" if len(shown) > 10 else "")
    return f"Ignored {len(shown)} {noun} this Reflect does not know or cannot use: {listed}."
