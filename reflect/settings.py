"""User preferences: one `Settings` in memory, persisted in two places.

UI preferences (window, last session details, prompt times…) are JSON in the data folder,
readable before the database is open so the checklist paints at once. Settings that can
hold names or other user text (`PRIVATE_FIELDS`) are kept in the database instead
(``reflect.data.private_data``), so a passphrase covers them; settings.json never gets them.
"""

from __future__ import annotations

import json
import logging
import types
from dataclasses import asdict, dataclass, field, fields
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Union, get_args, get_origin, get_type_hints

from reflect.files import write_atomically
from reflect.frameworks import DEFAULT_FRAMEWORK_ID
from reflect.user_files import UnreadableFile, read_text

log = logging.getLogger(__name__)


@dataclass
class Settings:
    framework_id: str = DEFAULT_FRAMEWORK_ID
    last_setting: str = "outpatient"
    last_contact_type: str = "review"
    last_modality: str = "in-person"
    last_duration_min: int = 30
    window_geometry: str = ""  # opaque, saved by the UI
    window_page: str = "reflect"  # the key of the page shown last (reflect/ui/pages)
    colour_scheme: str = "system"  # "system", "light" or "dark" (reflect/ui/theme.py)
    # after-session prompts (reflect/prompts.py reads these at every check)
    prompts_enabled: bool = True
    reminder_times: list[time] = field(default_factory=list)  # for people without a calendar
    reminder_weekdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])  # Monday is 0
    summary_time: time | None = time(17, 30)  # end-of-day summary; None turns it off
    quiet_start: time | None = None  # quiet hours may run past midnight; None: no quiet hours
    quiet_end: time | None = None
    leave_days: list[date] = field(default_factory=list)  # days without prompts
    prompts_paused_on: date | None = None  # the day of "Pause prompts for today"
    queue_expiry_days: int = 7
    tray_notice_shown: bool = False
    passphrase_offer_dismissed: bool = False  # "Not now" on the Reflect page's offer of a passphrase
    # who the reports are for (as the user typed it)
    practitioner_name: str = ""
    practitioner_role: str = ""
    # identifier scanner: names of people on today's list, and record-number patterns
    identifier_names: list[str] = field(default_factory=list)
    record_patterns: list[dict[str, str]] = field(default_factory=list)  # {"label": ..., "pattern": ...}
    clear_names_daily: bool = False  # forget identifier_names at the end of the day they were entered
    names_entered_on: date | None = None  # the day the names were last changed (reflect/day_names.py)
    # privacy: lock after this many idle minutes (0 = never), when a passphrase is set
    auto_lock_minutes: int = 10
    # the tip the user is working on, and since when, for before/after views
    focus_tip: str = ""
    focus_start: date | None = None
    # CPD: the revalidation / appraisal scheme (resources/schemes) and the day its current cycle began
    revalidation_scheme: str = ""
    cycle_start: date | None = None
    reflection_cpd_minutes: int = 5  # minutes counted per reflection when reflections are counted as CPD


# settings that can hold names or free text: stored in the database, never in settings.json
PRIVATE_FIELDS = ("practitioner_name", "practitioner_role", "identifier_names", "record_patterns")
SCANNER_FIELDS = frozenset({"identifier_names", "record_patterns"})  # what the identifier scanner is built from


def load_settings(path: Path) -> Settings:
    """Read settings; a missing or damaged file gives defaults (and is left for inspection)."""
    if not path.exists():
        return Settings()
    try:
        raw = json.loads(read_text(path))
    except UnreadableFile as exc:
        log.warning("Ignoring settings file %s: it %s", path, exc.problem)
        return Settings()
    except ValueError as exc:
        log.warning("Ignoring unreadable settings file %s: %s", path, exc)
        return Settings()
    if not isinstance(raw, dict):
        return Settings()
    defaults = Settings()
    values = {}
    for f in fields(Settings):
        default = getattr(defaults, f.name)
        if f.name not in raw:
            values[f.name] = default
            continue
        try:
            values[f.name] = from_json(f.name, raw[f.name])
        except ValueError:  # the value is not logged: a hand-edited file may hold anything
            log.warning("Setting %s in %s cannot be used; it is back to its default", f.name, path)
            values[f.name] = default
    return Settings(**values)


# Dates and times live in Settings as date and time objects, and in files as ISO text
# ("2025-09-30", "17:30"; "" for none), so settings.json and exports keep their format.
KINDS: dict[str, Any] = get_type_hints(Settings)


def from_json(name: str, value: object) -> Any:
    """The value of setting `name` read from a file (JSON); ValueError when it cannot be used.

    An unreadable entry of a list of dates or times is left out (and logged without its
    value) rather than losing the whole list.
    """
    kind = KINDS[name]
    if kind in (time | None, date | None):
        if not isinstance(value, str):
            raise ValueError(f"{name} is not text")
        return _parse(get_args(kind)[0], value) if value.strip() else None
    if kind in (list[time], list[date]):
        if not isinstance(value, list):
            raise ValueError(f"{name} is not a list")
        parsed = []
        for item in value:
            try:
                if not isinstance(item, str):
                    raise ValueError(f"{name} has an entry that is not text")
                parsed.append(_parse(get_args(kind)[0], item))
            except ValueError:
                log.warning("An entry of setting %s cannot be used; it is left out", name)
        return parsed
    if not fits(value, kind):
        raise ValueError(f"{name} has a value of the wrong kind")
    return value


def to_json(name: str, value: object) -> Any:
    """The value of setting `name` as it is written to a file (the inverse of `from_json`)."""
    if isinstance(value, (date, time)):
        return _text(value)
    if value is None and KINDS[name] in (time | None, date | None):
        return ""
    if isinstance(value, list) and KINDS[name] in (list[time], list[date]):
        return [_text(item) for item in value]
    return value


def _parse(kind: type, text: str) -> Any:
    if kind is time:
        parsed = time.fromisoformat(text.strip())
        if parsed.tzinfo is not None:
            raise ValueError("a time of day has no time zone")
        return parsed
    return date.fromisoformat(text.strip())


def _text(value: date | time) -> str:
    return value.isoformat(timespec="minutes") if isinstance(value, time) else value.isoformat()


def fits(value: object, kind: Any) -> bool:
    """Whether `value` is of the kind a Settings field declares (list and dict entries included)."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        return any(fits(value, option) for option in get_args(kind))
    if origin is list:
        return isinstance(value, list) and all(fits(item, get_args(kind)[0]) for item in value)
    if origin is dict:
        key_kind, value_kind = get_args(kind)
        return isinstance(value, dict) and all(fits(k, key_kind) and fits(v, value_kind) for k, v in value.items())
    if kind is type(None):
        return value is None
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is date:  # a datetime is a date to Python, not to a setting that holds a day
        return isinstance(value, date) and not isinstance(value, datetime)
    return isinstance(value, kind)


_WORDS: dict[Any, tuple[str, str]] = {
    str: ("text", "pieces of text"), int: ("a whole number", "whole numbers"), bool: ("yes or no", "yes-or-no values"),
    time: ("a time of day", "times of day"), date: ("a date", "dates"), type(None): ("nothing", "nothings"),
}


def describe(kind: Any) -> str:
    """A field's kind in words: 'a date or nothing', 'a list of times of day'."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        return " or ".join(describe(option) for option in get_args(kind))
    if origin is list:
        entry = get_args(kind)[0]
        return f"a list of {_WORDS[entry][1] if entry in _WORDS else 'entries'}"
    return _WORDS[kind][0] if kind in _WORDS else "a mapping"


class SettingsError(ValueError):
    """A change names no setting, or gives it a value of the wrong kind."""


def update_settings(settings: Settings, **changes: object) -> frozenset[str]:
    """Apply changes after checking every one (nothing changes if one is wrong); returns the names changed.

    The one way settings change: values are checked against the kind of each setting here, in the core,
    not only by the page that edits them. SettingsError names the first change that cannot be used.
    """
    for name, value in changes.items():
        if name not in KINDS:
            raise SettingsError(f"There is no setting called {name!r}.")
        if not fits(value, KINDS[name]):
            raise SettingsError(f"The setting {name!r} takes {describe(KINDS[name])}, not {_described(value)}.")
    changed = frozenset(name for name, value in changes.items() if getattr(settings, name) != value)
    for name in changed:
        setattr(settings, name, changes[name])
    return changed


def _described(value: object) -> str:
    if isinstance(value, list) and value and all(type(item) is type(value[0]) for item in value):
        return f"a list of {type(value[0]).__name__}"
    return type(value).__name__


def save_settings(path: Path, settings: Settings) -> None:
    """Write the UI preferences atomically (owner-only), so a crash never leaves half a file.

    Private fields are left out. Private values an older Reflect wrote here are kept as they
    are until the database has taken them in (``adopt_legacy``), so nothing is lost before then.
    """
    values = {name: to_json(name, value) for name, value in asdict(settings).items() if name not in PRIVATE_FIELDS}
    values.update(legacy_private_values(path))
    write_atomically(path, json.dumps(values, indent=2).encode("utf-8"))


def legacy_private_values(path: Path) -> dict[str, object]:
    """Private values still in settings.json (written by Reflect before they moved into the database)."""
    try:
        raw = json.loads(read_text(path))
    except ValueError:  # UnreadableFile included: missing, not a regular file, too large
        return {}
    return {name: raw[name] for name in PRIVATE_FIELDS if isinstance(raw, dict) and name in raw}
