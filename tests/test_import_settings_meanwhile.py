"""A backup imported into an empty folder brings its settings, but not over one changed meanwhile.

The import runs on a worker for seconds; a name typed in Settings while it ran was overwritten
by the backup's when the import ended (the worker changed the window's own settings, from
another thread). Now the worker fills its own copy, and the window takes from it only the
settings nobody changed while it ran.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from reflect.cli import main
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow
from tests.held_import import end_import, hold_import
from tests.helpers import open_window


@pytest.fixture
def backup(tmp_path: Path) -> Path:
    """40 reflections from another computer, whose owner had set a name and a role."""
    other = DataPaths(tmp_path / "other")
    assert main(["demo", "--sessions", "40", "--data-dir", str(other.root)]) == 0
    context = AppContext.open(other)
    context.update_settings(practitioner_name="Name from the backup", practitioner_role="Nurse")
    context.close()
    path = tmp_path / "career.json"
    assert main(["export", "--format", "json", "--out", str(path), "--data-dir", str(other.root)]) == 0
    return path


@pytest.fixture
def window(qtbot: QtBot, paths: DataPaths) -> Iterator[MainWindow]:
    window = open_window(qtbot, paths)  # an empty folder: the backup's settings are taken
    context = window.context
    yield window
    window.close()
    context.close()


def test_a_name_typed_during_the_import_stays_and_the_backups_other_settings_come(
    qtbot: QtBot, window: MainWindow, backup: Path, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    importing = hold_import(qtbot, window, backup, monkeypatch)
    window.context.update_settings(practitioner_name="Typed meanwhile")
    end_import(qtbot, importing)
    settings = window.context.settings
    assert settings.practitioner_name == "Typed meanwhile"
    assert settings.practitioner_role == "Nurse"
    window.context.close()
    stored = AppContext.open(paths)  # and so they are stored
    try:
        assert (stored.settings.practitioner_name, stored.settings.practitioner_role) == ("Typed meanwhile", "Nurse")
    finally:
        stored.close()
