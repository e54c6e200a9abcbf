"""The charts' columns are read in the runner soon after start-up and kept fresh, so opening
Trends only draws, and a reflection saved while Trends is hidden is in its charts when opened."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.settings import load_settings, save_settings
from reflect.ui import trends_cache
from reflect.ui.main_window import MainWindow
from reflect.ui.pages import page_index
from reflect.ui.pages.trends import TrendsView
from reflect.ui.trends_cache import ColumnsCache
from tests.helpers import filled, open_window

SESSIONS = 40


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The thread of every read of the columns."""
    threads: list[str] = []
    original = trends_cache.load_columns

    def recorded(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread().name)
        return original(*args, **kwargs)

    monkeypatch.setattr(trends_cache, "load_columns", recorded)
    return threads


def started(qtbot: QtBot, paths: DataPaths) -> MainWindow:
    filled(paths, SESSIONS)
    settings = load_settings(paths.settings)
    settings.prompts_enabled = False
    save_settings(paths.settings, settings)
    return open_window(qtbot, paths)


def open_trends(qtbot: QtBot, window: MainWindow) -> TrendsView:
    """Click Trends in the navigation list, as a person would, and wait until its charts are drawn."""
    nav = window.nav
    centre = nav.visualItemRect(nav.item(page_index("trends"))).center()
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: isinstance(window.view("trends"), TrendsView), timeout=30_000)
    view = window.view("trends")
    assert isinstance(view, TrendsView)
    qtbot.waitUntil(lambda: not view.loading and view.filtered is not None, timeout=30_000)
    return view


def until(condition: Callable[[], bool], qtbot: QtBot) -> None:
    qtbot.waitUntil(condition, timeout=30_000)


def test_trends_opened_after_start_up_draws_from_columns_read_in_the_background(
        qtbot: QtBot, paths: DataPaths, reads: list[str]) -> None:
    window = started(qtbot, paths)
    try:
        cache = ColumnsCache.of(window.context)
        until(lambda: cache.columns is not None, qtbot)  # read with Trends never opened
        assert reads and threading.current_thread().name not in reads
        view = open_trends(qtbot, window)
        assert len(reads) == 1  # opening it read nothing more: it only drew
        assert view.filtered is not None and len(view.filtered) == SESSIONS
    finally:
        window.close()
        window.context.close()


def test_a_reflection_saved_while_trends_is_hidden_is_in_its_charts_when_opened(
        qtbot: QtBot, paths: DataPaths, reads: list[str]) -> None:
    window = started(qtbot, paths)
    try:
        context = window.context
        cache = ColumnsCache.of(context)
        until(lambda: cache.columns is not None, qtbot)
        template = context.reflections.records()[-1]
        context.complete(replace(template, id=None, occurred_at=datetime(2026, 3, 2, 7, 0)))
        until(lambda: cache.columns is not None and len(cache.columns) == SESSIONS + 1, qtbot)
        # patched in, in the runner, not read whole again (tests/test_trends_after_save.py)
        assert len(reads) == 1 and cache.operation is not None
        assert cache.operation.thread_name not in ("", threading.current_thread().name)
        view = open_trends(qtbot, window)
        assert view.filtered is not None and len(view.filtered) == SESSIONS + 1
        assert len(reads) == 1
    finally:
        window.close()
        window.context.close()
