"""Start Reflect at login, without administrator rights, on each desktop system (Qt-free).

One module per system says how: ``linux`` (an XDG autostart entry), ``windows`` (the
current user's Run key) and ``macos`` (a LaunchAgent). The functions here pick the module
for ``sys.platform``; ``home`` is the folder the entry goes under (the XDG config folder on
Linux, the home folder on macOS; unused on Windows), so tests can point it elsewhere.
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

from reflect.autostart.linux import FILE_NAME, autostart_dir, desktop_entry

__all__ = [
    "FILE_NAME", "autostart_dir", "desktop_entry", "disable", "enable", "is_enabled", "launch_command",
    "supported", "system", "unsupported_note",
]

GUI_EXECUTABLE = "reflectw"  # the windowed executable of the Windows and macOS bundles (reflect.spec)


def system(platform: str | None = None) -> ModuleType | None:
    """The module that knows this system's login items, or None."""
    platform = platform or sys.platform
    if platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        from reflect.autostart import linux
        return linux
    if platform == "win32":
        from reflect.autostart import windows
        return windows
    if platform == "darwin":
        from reflect.autostart import macos
        return macos
    return None


def supported(platform: str | None = None) -> bool:
    return system(platform) is not None


def unsupported_note() -> str:
    return "Reflect cannot set up starting at login on this system; add Reflect to your login items."


def _system(platform: str | None) -> ModuleType:
    found = system(platform)
    if found is None:
        raise RuntimeError(unsupported_note())
    return found


def is_enabled(home: Path | None = None, platform: str | None = None) -> bool:
    return bool(_system(platform).is_enabled(home))


def enable(command: list[str], home: Path | None = None, platform: str | None = None) -> object:
    """Start ``command`` at login; returns where that was recorded (a path or a registry value)."""
    return _system(platform).enable(command, home)


def disable(home: Path | None = None, platform: str | None = None) -> None:
    _system(platform).disable(home)


def launch_command(data_dir: Path | None = None, platform: str | None = None) -> list[str]:
    """How to start this Reflect at login, from a bundle, a checkout or an installed environment.

    A bundle starts its windowed executable when there is one (no console window at login);
    on Windows a virtual environment's ``pythonw.exe`` does the same for ``python -m reflect``.
    """
    platform = platform or sys.platform
    executable = Path(sys.executable)
    suffix = ".exe" if platform == "win32" else ""
    if getattr(sys, "frozen", False):
        windowed = executable.with_name(GUI_EXECUTABLE + suffix)
        command = [str(windowed if windowed.is_file() else executable)]
    else:
        windowless = executable.with_name("pythonw.exe")
        python = windowless if platform == "win32" and windowless.is_file() else executable
        command = [str(python), "-m", "reflect"]
    if data_dir is not None:
        command += ["--data-dir", str(data_dir)]
    return command
