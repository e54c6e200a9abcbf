"""Start Reflect at login (Qt-free).

Linux desktops read XDG autostart entries from ``~/.config/autostart``
(``$XDG_CONFIG_HOME/autostart``). Other platforms are not supported yet, and
``supported()`` says so, so the settings page can explain rather than fail.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from reflect.files import write_atomically

FILE_NAME = "reflect.desktop"


def supported(platform: str = sys.platform) -> bool:
    return platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))


def unsupported_note() -> str:
    return "Starting at login is set up automatically on Linux only; on this system add Reflect to your login items."


def autostart_dir(config_home: Path | None = None) -> Path:
    """The autostart folder under ``config_home`` (default: $XDG_CONFIG_HOME or ~/.config)."""
    if config_home is None:
        config_home = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return config_home / "autostart"


def launch_command(data_dir: Path | None = None) -> list[str]:
    """How to start this Reflect, from a checkout or an installed environment alike."""
    command = [sys.executable, "-m", "reflect"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command


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
