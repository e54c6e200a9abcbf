"""Shared fixtures: every test gets its own data folder; Qt runs offscreen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reflect.data.db import Database, open_database
from reflect.frameworks import FrameworkCatalog, load_catalog
from reflect.paths import ENV_HOME, DataPaths
from reflect.reflections import ReflectionStore
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow
from tests.helpers import demo_context, open_window, shown_trends, tomorrow_calendar

# the window with an import held open (``backup``, ``window``, ``importing``), shared by the tests of
# what the window does while an import writes; a test module's own fixture of the same name wins
pytest_plugins = ("tests.held_import",)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point REFLECT_HOME at a fresh folder so no test touches real user data."""
    home = tmp_path / "reflect-home"
    monkeypatch.setenv(ENV_HOME, str(home))
    return home


@pytest.fixture
def host(qtbot: QtBot) -> Iterator[QWidget]:
    """A parent widget for the operations and dialogs a test starts, deleted by Qt when the test is done.

    qtbot holds the widgets it is given only weakly, so a test's own parent widget could be collected
    by Python's cycle collector in the middle of Qt deleting one of its children (an operation's
    ``deleteLater``), and the test process crashed (about one run in ten of tests/test_exchange_ui.py).
    """
    widget = QWidget()
    qtbot.addWidget(widget)
    yield widget
    widget.close()
    widget.deleteLater()  # with its children, inside Qt, at the next turn of the event loop
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def paths(isolated_home: Path) -> DataPaths:
    return DataPaths(isolated_home)


@pytest.fixture
def catalog() -> FrameworkCatalog:
    return load_catalog()


@pytest.fixture
def database(paths: DataPaths) -> Iterator[Database]:
    db = open_database(paths)
    yield db
    db.close()


@pytest.fixture
def store(database: Database, catalog: FrameworkCatalog) -> ReflectionStore:
    return ReflectionStore(database, catalog)


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    """The UI's doorway to a fresh data folder, its database open."""
    ctx = AppContext.open(paths)
    yield ctx
    ctx.close()


@pytest.fixture
def main_window(qtbot: QtBot, paths: DataPaths) -> Iterator[MainWindow]:
    """The main window on a fresh data folder, shown and active, a checklist tip focused."""
    window = open_window(qtbot, paths)
    yield window
    window.close()
    window.context.close()


@pytest.fixture
def ics_file(tmp_path: Path) -> tuple[date, Path]:
    """Tomorrow's calendar (two clinical events, one not) saved as an .ics file, and its day."""
    day, text = tomorrow_calendar()
    path = tmp_path / "clinic.ics"
    path.write_text(text, encoding="utf-8")
    return day, path


@pytest.fixture
def trends_on_demo_data(paths: DataPaths, qtbot: QtBot) -> Iterator[object]:
    """The Trends page on 300 demo reflections, shown at 1024 × 640 (it loads in the runner first)."""
    context = demo_context(paths, 300)
    yield shown_trends(qtbot, context, 1024, 640)
    context.close()
