"""Reopening on the last page used never freezes on its imports: they load on a worker first.

Where the work runs is checked, never how long it takes (measured with the heartbeat method: reopening
on Supervisees froze the window 0.17 s on reportlab's import, on Team 0.16 s, on History 0.14 s).
"""

from __future__ import annotations

import sys
import threading

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.settings import load_settings, save_settings
from reflect.ui import qt_classes
from reflect.ui.context import AppContext
from reflect.ui.pages import PAGES
from reflect.ui.widgets.lazy_page import LazyPage
from tests.helpers import filled, show_window

REOPENED = [spec.key for spec in PAGES if spec.needs_database and spec.key != "awaiting"]  # see the first test


def test_every_page_that_reads_the_database_names_its_modules() -> None:
    """Awaiting is the prompts' list, built when the database opens; every other such page is imported."""
    assert {spec.key for spec in PAGES if spec.needs_database and not spec.imports} == {"awaiting"}
    for spec in PAGES:
        for name in spec.imports:
            __import__(name)  # a misspelt module would only be found at a user's start-up


@pytest.mark.parametrize("key", REOPENED)
def test_reopening_on_a_page_waits_for_its_modules_on_a_worker(qtbot: QtBot, paths: DataPaths, key: str) -> None:
    filled(paths, 30)
    settings = load_settings(paths.settings)
    settings.window_page = key
    save_settings(paths.settings, settings)
    context = AppContext.load(paths)  # as at start-up: the window paints before the database opens
    window = show_window(qtbot, context)
    try:
        context.open_database()
        assert window.current_key() == "reflect"  # not yet: its modules load on a worker first
        qtbot.waitUntil(lambda: window.current_key() == key, timeout=30_000)
        gui = threading.current_thread().name
        assert window.restoring is not None and window.restoring.thread_name not in ("", gui)
    finally:
        window.close()
        context.close()


def test_a_page_opened_before_its_modules_load_sets_qt_up_here_before_importing_on_a_worker(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Qt's classes set up by an import on a worker, while the GUI thread used others, crashed Reflect."""
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)
    order: list[str] = []
    set_up_then = qt_classes.set_up_then

    def recorded(parent: QWidget, then: object) -> None:
        def after() -> None:
            order.append(f"set up on {threading.current_thread().name}")
            then()  # type: ignore[operator]

        set_up_then(parent, after)

    monkeypatch.setattr(qt_classes, "set_up_then", recorded)
    page = LazyPage(lambda: QLabel("The page"), imports=("colorsys",))
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.view is not None)
    gui = threading.current_thread().name
    assert order == [f"set up on {gui}"]
    assert page.importing is not None and page.importing.thread_name not in ("", gui)
