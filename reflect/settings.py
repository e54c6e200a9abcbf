"""User preferences: one `Settings` in memory, persisted in two places.

UI preferences (window, last session details, prompt times…) are JSON in the data folder,
readable before the database is open so the checklist paints at once. Settings that can
hold names or other user text (`PRIVATE_FIELDS`) are kept in the database instead
(``reflect.data.private_data``), so a passphrase covers them; settings.json never gets them.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

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
    # after-session prompts (reflect/prompts.py reads these at every check)
    prompts_enabled: bool = True
    reminder_times: list[str] = field(default_factory=list)  # "HH:MM", for people without a calendar
    reminder_weekdays: list[int] = field(default_factory=lambda: [0, 1, 2, 3, 4])  # Monday is 0
    summary_time: str = "17:30"  # end-of-day summary; "" turns it off
    quiet_start: str = ""  # "HH:MM"; quiet hours may run past midnight
    quiet_end: str = ""
    leave_days: list[str] = field(default_factory=list)  # ISO dates without prompts
    prompts_paused_on: str = ""  # ISO date of "Pause prompts for today"
    queue_expiry_days: int = 7
    tray_notice_shown: bool = False
    # who the reports are for (as the user typed it)
    practitioner_name: str = ""
    practitioner_role: str = ""
    # identifier scanner: names of people on today's list, and record-number patterns
    identifier_names: list[str] = field(default_factory=list)
    record_patterns: list[dict[str, str]] = field(default_factory=list)  # {"label": ..., "pattern": ...}
    clear_names_daily: bool = False  # forget identifier_names at the end of the day they were entered
    names_entered_on: str = ""  # ISO date the names were last changed (reflect/day_names.py)
    # privacy: lock after this many idle minutes (0 = never), when a passphrase is set
    auto_lock_minutes: int = 10
    # the tip the user is working on, and since when (ISO date), for before/after views
    focus_tip: str = ""
    focus_start: str = ""
    # CPD: the revalidation / appraisal scheme (resources/schemes) and the ISO date its current cycle began
    revalidation_scheme: str = ""
    cycle_start: str = ""
    reflection_cpd_minutes: int = 5  # minutes counted per reflection when reflections are counted as CPD


# settings that can hold names or free text: stored in the database, never in settings.json
PRIVATE_FIELDS = ("practitioner_name", "practitioner_role", "identifier_names", "record_patterns")


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
        value = raw.get(f.name, getattr(defaults, f.name))
        values[f.name] = value if isinstance(value, type(getattr(defaults, f.name))) else getattr(defaults, f.name)
    return Settings(**values)


class SettingsError(ValueError):
    """A change names no setting, or gives it a value of the wrong kind."""


def update_settings(settings: Settings, **changes: object) -> frozenset[str]:
    """Apply changes after checking every one (nothing changes if one is wrong); returns the names changed.

    The one way settings change: values are checked against the kind of each setting here, in the core,
    not only by the page that edits them. SettingsError names the first change that cannot be used.
    """
    kinds = {f.name: type(getattr(Settings(), f.name)) for f in fields(Settings)}
    for name, value in changes.items():
        if name not in kinds:
            raise SettingsError(f"There is no setting called {name!r}.")
        kind = kinds[name]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise SettingsError(f"The setting {name!r} takes a {kind.__name__}, not {type(value).__name__}.")
    changed = frozenset(name for name, value in changes.items() if getattr(settings, name) != value)
    for name in changed:
        setattr(settings, name, changes[name])
    return changed


def save_settings(path: Path, settings: Settings) -> None:
    """Write the UI preferences atomically (owner-only), so a crash never leaves half a file.

    Private fields are left out. Private values an older Reflect wrote here are kept as they
    are until the database has taken them in (``adopt_legacy``), so nothing is lost before then.
    """
    values = {name: value for name, value in asdict(settings).items() if name not in PRIVATE_FIELDS}
    values.update(legacy_private_values(path))
    write_atomically(path, json.dumps(values, indent=2).encode("utf-8"))


def legacy_private_values(path: Path) -> dict[str, object]:
    """Private values still in settings.json (written by Reflect before they moved into the database)."""
    try:
        raw = json.loads(read_text(path))
    except ValueError:  # UnreadableFile included: missing, not a regular file, too large
        return {}
    return {name: raw[name] for name in PRIVATE_FIELDS if isinstance(raw, dict) and name in raw}
