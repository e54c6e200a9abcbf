"""Names to watch for that last only the day they were entered, when the user asks for it.

The identifier scanner can look for names the user lists in Settings. Some people list
the names they expect to hear that day; "clear at the end of each day" forgets such a list
once the day is over, so no list of names outlives the day it was needed (Qt-free).
"""

from __future__ import annotations

from datetime import date

from reflect.errors import UserError
from reflect.privacy import PatternError, ScannerConfig, build_scanner
from reflect.settings import Settings


def stamp_names(settings: Settings, names: list[str], today: date) -> None:
    """Record the names the user entered, and the day, when they changed (the day they expire from)."""
    if names != settings.identifier_names or not settings.names_entered_on:
        settings.names_entered_on = today if names else None
    settings.identifier_names = names


def _expired(settings: Settings, today: date) -> bool:
    if not (settings.clear_names_daily and settings.identifier_names):
        return False
    return settings.names_entered_on is None or settings.names_entered_on < today


def names_in_force(settings: Settings, today: date) -> list[str]:
    """The names to watch for today, without changing the settings (for commands that only read)."""
    return [] if _expired(settings, today) else settings.identifier_names


def clear_expired_names(settings: Settings, today: date) -> bool:
    """Forget names entered before `today` when daily clearing is on; True when something was cleared."""
    if not _expired(settings, today):
        return False
    settings.identifier_names = []
    settings.names_entered_on = None
    return True


def scanner_config(settings: Settings, today: date | None = None, error: type[UserError] = PatternError) -> ScannerConfig:
    """The identifier scanner of commands and reports: the names in force today and the record patterns.

    The one place that knows what goes into it. A saved pattern that cannot be used raises
    `error` (PatternError unless the caller names its own), naming the pattern: it is never left
    out silently.
    """
    try:
        return build_scanner(names_in_force(settings, today or date.today()), settings.record_patterns)
    except PatternError as exc:
        if error is PatternError:
            raise
        raise error(str(exc)) from None
