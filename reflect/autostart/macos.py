"""Start at login on macOS: a LaunchAgent in ``~/Library/LaunchAgents`` (Qt-free).

launchd loads every property list in the user's LaunchAgents folder at login; the file is
the user's own, so no administrator rights are needed. ``RunAtLoad`` starts Reflect once
per login and, without ``KeepAlive``, quitting it is respected until the next login.
"""

from __future__ import annotations

import plistlib
from pathlib import Path

from reflect.files import write_atomically

LABEL = "org.reflect.Reflect"
FILE_NAME = f"{LABEL}.plist"


def agents_dir(home: Path | None = None) -> Path:
    return (home or Path.home()) / "Library" / "LaunchAgents"


def agent(command: list[str]) -> bytes:
    """The LaunchAgent property list that runs ``command`` at login in the user's graphical session."""
    return plistlib.dumps({
        "Label": LABEL,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "ProcessType": "Interactive",
        "LimitLoadToSessionType": "Aqua",
    })


def is_enabled(home: Path | None = None) -> bool:
    return (agents_dir(home) / FILE_NAME).is_file()


def enable(command: list[str], home: Path | None = None) -> Path:
    """Write the agent atomically; returns its path."""
    folder = agents_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FILE_NAME
    write_atomically(target, agent(command))
    return target


def disable(home: Path | None = None) -> None:
    (agents_dir(home) / FILE_NAME).unlink(missing_ok=True)
