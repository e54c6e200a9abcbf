"""Start at login on Windows: a value under the current user's Run key (Qt-free).

``HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` belongs to the
user, so writing it needs no administrator rights, and trust-managed machines that block
installers still honour it. ``winreg`` exists only on Windows, so it is imported when
used (tests put a stand-in in ``sys.modules``).
"""

from __future__ import annotations

import importlib
import subprocess
from pathlib import Path
from typing import Any

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
VALUE_NAME = "Reflect"


def _winreg() -> Any:
    return importlib.import_module("winreg")


def command_line(command: list[str]) -> str:
    """The command quoted the way Windows programs parse their arguments."""
    return subprocess.list2cmdline(command)


def is_enabled(home: Path | None = None) -> bool:
    winreg = _winreg()
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_READ) as key:
            winreg.QueryValueEx(key, VALUE_NAME)
    except FileNotFoundError:
        return False
    return True


def enable(command: list[str], home: Path | None = None) -> str:
    """Set the Run value (replacing an older one); returns where it was written."""
    winreg = _winreg()
    with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        winreg.SetValueEx(key, VALUE_NAME, 0, winreg.REG_SZ, command_line(command))
    return rf"HKEY_CURRENT_USER\{RUN_KEY}\{VALUE_NAME}"


def disable(home: Path | None = None) -> None:
    winreg = _winreg()
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
            winreg.DeleteValue(key, VALUE_NAME)
    except FileNotFoundError:
        pass
