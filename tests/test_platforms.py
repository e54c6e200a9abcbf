"""Windows and macOS code paths with the platform mocked (these machines run Linux only).

Start at login, data folders, single instance and the tray / menu-bar icon.

Windows: the current user's Run key through a stand-in ``winreg`` that knows only the
hives it is given, the data folder from platformdirs' Windows rules. macOS: the
LaunchAgent property list and the data folder from platformdirs' macOS rules. Both: the
command that starts a bundle or an environment without a console window.
"""

from __future__ import annotations

import ctypes
import plistlib
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import platformdirs.macos
import platformdirs.windows
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QSystemTrayIcon, QWidget
from pytestqt.qtbot import QtBot

from reflect import autostart, paths
from reflect.autostart import macos, windows
from reflect.paths import DataPaths, resolve_data_dir
from reflect.ui.context import AppContext
from reflect.ui.pages.settings import SettingsView
from reflect.ui.prompts.tray import ReflectTray, tray_icon
from reflect.ui.single_instance import allow_foreground, server_name

HKCU, HKLM = "HKEY_CURRENT_USER", "HKEY_LOCAL_MACHINE"


class _Key:
    def __init__(self, values: dict[str, tuple[str, int]]) -> None:
        self.values = values

    def __enter__(self) -> _Key:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def fake_winreg() -> Any:
    """A registry where only HKEY_CURRENT_USER may be written (as for a user without admin rights)."""
    hives: dict[tuple[str, str], dict[str, tuple[str, int]]] = {}

    def open_key(root: str, path: str, _reserved: int = 0, _access: int = 1) -> _Key:
        if (root, path) not in hives:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return _Key(hives[(root, path)])

    def create_key(root: str, path: str, _reserved: int = 0, _access: int = 1) -> _Key:
        if root != HKCU:
            raise PermissionError(5, "Access is denied")
        return _Key(hives.setdefault((root, path), {}))

    def query(key: _Key, name: str) -> tuple[str, int]:
        if name not in key.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return key.values[name]

    def set_value(key: _Key, name: str, _reserved: int, kind: int, value: str) -> None:
        key.values[name] = (value, kind)

    def delete(key: _Key, name: str) -> None:
        query(key, name)
        del key.values[name]

    return SimpleNamespace(
        HKEY_CURRENT_USER=HKCU, HKEY_LOCAL_MACHINE=HKLM, KEY_READ=1, KEY_SET_VALUE=2, REG_SZ=1,
        OpenKey=open_key, CreateKeyEx=create_key, QueryValueEx=query, SetValueEx=set_value, DeleteValue=delete,
        hives=hives,
    )


@pytest.fixture
def registry(monkeypatch: pytest.MonkeyPatch) -> Any:
    fake = fake_winreg()
    monkeypatch.setitem(sys.modules, "winreg", fake)
    return fake


def test_windows_start_at_login_is_a_run_value_of_the_current_user(registry: Any, tmp_path: Path) -> None:
    command = [r"C:\Users\sam\Apps\Reflect\reflectw.exe", "--data-dir", r"C:\Users\sam\My Reflect"]
    assert autostart.supported("win32") and not autostart.is_enabled(platform="win32")
    where = autostart.enable(command, platform="win32")
    assert where == r"HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run\Reflect"
    [(hive, key)] = registry.hives
    assert (hive, key) == (HKCU, windows.RUN_KEY)
    value, kind = registry.hives[(hive, key)]["Reflect"]
    assert kind == registry.REG_SZ
    assert value == r'C:\Users\sam\Apps\Reflect\reflectw.exe --data-dir "C:\Users\sam\My Reflect"'
    assert autostart.is_enabled(platform="win32")
    autostart.disable(platform="win32")
    assert not autostart.is_enabled(platform="win32")
    autostart.disable(platform="win32")  # already off: nothing to do, no error


def test_windows_start_at_login_switched_off_in_task_manager_reads_as_off_until_turned_on_again(
    registry: Any,
) -> None:
    autostart.enable(["reflectw.exe"], platform="win32")
    approved = registry.CreateKeyEx(HKCU, windows.APPROVED_KEY)
    registry.SetValueEx(approved, "Reflect", 0, 3, b"\x03\x00\x00\x00" + bytes(8))  # what Task Manager writes
    assert not autostart.is_enabled(platform="win32")
    autostart.enable(["reflectw.exe"], platform="win32")
    assert autostart.is_enabled(platform="win32") and "Reflect" not in registry.hives[(HKCU, windows.APPROVED_KEY)]
    registry.SetValueEx(approved, "Reflect", 0, 3, b"\x02\x00\x00\x00" + bytes(8))  # switched on there
    assert autostart.is_enabled(platform="win32")


def test_windows_command_line_round_trips_through_windows_quoting() -> None:
    command = [r"C:\Program Files\Python\pythonw.exe", "-m", "reflect", "--data-dir", r'D:\odd "name"\data']
    line = windows.command_line(command)
    assert line == subprocess.list2cmdline(command) and r'"D:\odd \"name\"\data"' in line


def test_settings_page_sets_start_at_login_on_windows(
    qtbot: QtBot, registry: Any, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(autostart, "system", lambda platform=None: windows)
    context = AppContext.open(paths)
    try:
        page = SettingsView(context)
        qtbot.addWidget(page)
        page.resize(900, 700)
        page.show()
        qtbot.waitExposed(page)
        assert page.prompts.autostart_box.isEnabled() and not page.prompts.autostart_box.isChecked()
        page.scroll_area.ensureWidgetVisible(page.prompts.autostart_box)
        qtbot.mouseClick(page.prompts.autostart_box, Qt.MouseButton.LeftButton, pos=QPoint(8, page.prompts.autostart_box.height() // 2))
        assert page.prompts.autostart_box.isChecked() and page.save()
        value, _kind = registry.hives[(HKCU, windows.RUN_KEY)]["Reflect"]
        assert value == windows.command_line(autostart.launch_command(paths.root))
    finally:
        context.close()


def test_macos_start_at_login_is_a_launch_agent(tmp_path: Path) -> None:
    command = ["/Applications/Reflect.app/Contents/MacOS/reflectw", "--data-dir", "/Users/sam/My Reflect"]
    path = autostart.enable(command, tmp_path, platform="darwin")
    assert path == tmp_path / "Library" / "LaunchAgents" / "org.reflect.Reflect.plist"
    agent = plistlib.loads(Path(str(path)).read_bytes())
    assert agent["Label"] == "org.reflect.Reflect" and agent["ProgramArguments"] == command
    assert agent["RunAtLoad"] is True and "KeepAlive" not in agent  # quitting is respected until next login
    assert autostart.is_enabled(tmp_path, platform="darwin")
    autostart.disable(tmp_path, platform="darwin")
    assert not autostart.is_enabled(tmp_path, platform="darwin") and not list(macos.agents_dir(tmp_path).iterdir())


def test_a_bundle_starts_its_windowed_executable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bundle = tmp_path / "Reflect"
    bundle.mkdir()
    (bundle / "reflect.exe").write_bytes(b"")
    (bundle / "reflectw.exe").write_bytes(b"")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle / "reflect.exe"))
    assert autostart.launch_command(tmp_path / "data", platform="win32") == [
        str(bundle / "reflectw.exe"), "--data-dir", str(tmp_path / "data")
    ]
    (bundle / "reflectw.exe").unlink()  # an older bundle without it still starts
    assert autostart.launch_command(platform="win32") == [str(bundle / "reflect.exe")]


def test_an_environment_on_windows_starts_pythonw(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "python.exe").write_bytes(b"")
    (tmp_path / "pythonw.exe").write_bytes(b"")
    monkeypatch.delattr(sys, "frozen", raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "python.exe"))
    assert autostart.launch_command(platform="win32") == [str(tmp_path / "pythonw.exe"), "-m", "reflect"]
    assert autostart.launch_command(platform="darwin") == [str(tmp_path / "python.exe"), "-m", "reflect"]


def test_data_and_log_folders_follow_windows_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """%LOCALAPPDATA%\\Reflect (not roaming, no company folder), logs inside it."""
    monkeypatch.delenv("REFLECT_HOME")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    monkeypatch.setenv("APPDATA", str(tmp_path / "AppData" / "Roaming"))
    monkeypatch.setattr(platformdirs.windows, "get_win_folder", platformdirs.windows.get_win_folder_from_env_vars)
    monkeypatch.setattr(paths, "user_data_dir", lambda *a, **k: platformdirs.windows.Windows(*a, **k).user_data_dir)
    found = resolve_data_dir()
    assert found.root == (tmp_path / "AppData" / "Local" / "Reflect").resolve()
    assert found.logs == found.root / "logs" and found.database.parent == found.root


def test_data_and_log_folders_follow_macos_rules(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REFLECT_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(paths, "user_data_dir", lambda *a, **k: platformdirs.macos.MacOS(*a, **k).user_data_dir)
    found = resolve_data_dir()
    assert found.root == (tmp_path / "Library" / "Application Support" / "Reflect").resolve()
    assert found.logs == found.root / "logs"


def test_one_instance_per_folder_whatever_its_case_on_windows_and_macos() -> None:
    upper, lower = DataPaths(Path("/Users/Sam/Reflect")), DataPaths(Path("/users/sam/reflect"))
    assert server_name(upper, "win32") == server_name(lower, "win32")
    assert server_name(upper, "darwin") == server_name(lower, "darwin")
    assert server_name(upper, "linux") != server_name(lower, "linux")


def test_a_second_launch_on_windows_lets_the_first_come_forward(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    user32 = SimpleNamespace(AllowSetForegroundWindow=calls.append)
    monkeypatch.setattr(ctypes, "windll", SimpleNamespace(user32=user32), raising=False)
    allow_foreground("linux")
    assert calls == []
    allow_foreground("win32")
    assert calls == [-1]  # ASFW_ANY


def test_the_macos_menu_bar_icon_is_a_template_and_a_click_shows_the_menu(qtbot: QtBot) -> None:
    template, colour = tray_icon("darwin"), tray_icon("win32")
    assert template.isMask() and not colour.isMask()
    image = template.pixmap(44, 44).toImage()
    assert image.pixelColor(15, 13).alpha() == 0  # an outline: the disc's middle stays clear for the tint
    assert image.pixelColor(22, 4).alpha() > 0

    opened: list[str] = []
    for platform in ("darwin", "win32"):
        tray = ReflectTray(platform=platform)
        tray.openRequested.connect(lambda platform=platform: opened.append(platform))
        tray._activated(QSystemTrayIcon.ActivationReason.Trigger)  # what the system sends on a click
        tray._activated(QSystemTrayIcon.ActivationReason.DoubleClick)
    assert opened == ["darwin", "win32", "win32"]


def test_clicking_reflect_in_the_macos_dock_brings_a_hidden_window_back(qtbot: QtBot, qapp: QApplication, host: QWidget) -> None:
    owner = host
    opened: list[str] = []
    for platform in ("darwin", "linux"):
        tray = ReflectTray(owner, platform=platform)
        tray.openRequested.connect(lambda platform=platform: opened.append(platform))
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)  # every window hidden (to the tray)
    assert opened == ["darwin"]
    owner.show()
    qtbot.waitExposed(owner)
    qapp.applicationStateChanged.emit(Qt.ApplicationState.ApplicationActive)  # a window showing: nothing to do
    assert opened == ["darwin"]
