"""Start at login on Windows: a value under the current user's Run key (Qt-free).

``HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\Run`` belongs to the
user, so writing it needs no administrator rights, and trust-managed machines that block
installers still honour it. Task Manager's "Startup apps" switch does not remove the value
but marks it off under ``Explorer\\StartupApproved\\Run`` (an odd first byte); Reflect reads
that mark, and clears it when the user turns starting at login back on in Reflect.
``winreg`` exists only on Windows, so it is imported when used (tests put a stand-in in
``sys.modules``).
"""

from __future__ import annotations

import importlib
import subprocess
from pathlib import Path
from typing import Any

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
VALUE_NAME = "Reflect"


def _winreg() -> Any:
    return importlib.import_module("winreg")


def command_line(command: list[str]) -> str:
    """The command quoted the way Windows programs parse their arguments."""
    return subprocess.list2cmdline(command)


def _value(key_path: str) -> object | None:
    winreg = _winreg()
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key_path, 0, winreg.KEY_READ) as key:
            return winreg.QueryValueEx(key, VALUE_NAME)[0]
    except FileNotFoundError:
        return None


def _delete(key_path: str) -> None:
    winreg = _winreg()
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key_path, 0, winreg.KEY_SET_VALUE) as key:
            winreg.DeleteValue(key, VALUE_NAME)
    except FileNotFoundError:
        pass


def switched_off_in_task_manager() -> bool:
    mark = _value(APPROVED_KEY)
    return isinstance(mark, bytes) and len(mark) > 0 and mark[0] % 2 == 1


def is_enabled(home: Path | None = None) -> bool:
    return _value(RUN_KEY) is not None and not switched_off_in_task_manager()


def enable(command: list[str], home: Path | None = None) -> str:
    """Set the Run value (replacing an older one); returns where it was written."""
    winreg = _winreg()
    with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        winreg.SetValueEx(key, VALUE_NAME, 0, winreg.REG_SZ, command_line(command))
    _delete(APPROVED_KEY)  # an "off" left by Task Manager would otherwise keep it from running
    return rf"HKEY_CURRENT_USER\{RUN_KEY}\{VALUE_NAME}"


def disable(home: Path | None = None) -> None:
    _delete(RUN_KEY)
    _delete(APPROVED_KEY)
