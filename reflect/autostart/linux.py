"""Start at login on Linux: an XDG autostart desktop entry (Qt-free).

Linux desktops read XDG autostart entries from ``~/.config/autostart``
(``$XDG_CONFIG_HOME/autostart``); the entry is the user's own file, no rights needed.
"""

from __future__ import annotations

import os
from pathlib import Path

from reflect.files import write_atomically

FILE_NAME = "reflect.desktop"


def autostart_dir(config_home: Path | None = None) -> Path:
    """The autostart folder under ``config_home`` (default: $XDG_CONFIG_HOME or ~/.config)."""
    if config_home is None:
        config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config_home / "autostart"


_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def _exec_argument(argument: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec asks: double quotes, with
    ", `, $ and \\ escaped by a backslash; % doubled; then backslashes escaped again
    because Exec is itself a string value."""
    if argument and not _RESERVED & set(argument):
        quoted = argument
    else:
        escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
        quoted = f'"{escaped}"'
    return quoted.replace("%", "%%").replace("\\", "\\\\")


def desktop_entry(command: list[str]) -> str:
    """The text of an autostart desktop entry that runs ``command``."""
    exec_line = " ".join(_exec_argument(part) for part in command)
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Name=Reflect",
            "Comment=Prompts you to reflect after each clinical session",
            f"Exec={exec_line}",
            "Terminal=false",
            "X-GNOME-Autostart-enabled=true",
            "",
        ]
    )


def is_enabled(config_home: Path | None = None) -> bool:
    return (autostart_dir(config_home) / FILE_NAME).is_file()


def enable(command: list[str], config_home: Path | None = None) -> Path:
    """Write the entry atomically; returns its path."""
    folder = autostart_dir(config_home)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / FILE_NAME
    write_atomically(target, desktop_entry(command).encode("utf-8"))
    return target


def disable(config_home: Path | None = None) -> None:
    (autostart_dir(config_home) / FILE_NAME).unlink(missing_ok=True)
