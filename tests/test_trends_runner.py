"""Trends never works over all reflections on the GUI thread, and reopening on it never costs the user a key.

Where the work runs is checked, never how long it takes (that is measured in benchmarks/).
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from reflect import analytics
from reflect.paths import DataPaths
from reflect.reflections import ReflectionStore
from reflect.settings import load_settings, save_settings
from reflect.ui import trends_cache
from reflect.ui.context import AppContext
from reflect.ui.pages.trends import TrendsView, comparison, tabs
from reflect.ui.pages.trends.loading import INLINE_ROWS
from reflect.ui.widgets.lazy_page import LazyPage
from tests.helpers import filled, focused, listed_now, press, show_window

SESSIONS = INLINE_ROWS + 500  # enough that a range change is sent to the runner too


def _recording(calls: list[str], function: Callable[..., Any]) -> Callable[..., Any]:
    def recorded(*args: Any, **kwargs: Any) -> Any:
        calls.append(threading.current_thread().name)
        return function(*args, **kwargs)

    return recorded


def test_the_trends_load_and_a_range_change_run_in_the_runner(
    qtbot: QtBot, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(paths, SESSIONS)
    loads: list[str] = []
    boards: list[str] = []
    monkeypatch.setattr(trends_cache, "load_columns", _recording(loads, trends_cache.load_columns))
    monkeypatch.setattr(analytics, "dashboard", _recording(boards, analytics.dashboard))
    gui = threading.current_thread().name
    context = AppContext.open(paths)
    try:
        view = TrendsView(context)
        qtbot.addWidget(view)
        view.show()
        assert view.loading and view.busy_label.isVisible()  # a quiet "Loading…" while the runner works
        qtbot.waitUntil(lambda: not view.loading and view.board is not None, timeout=30_000)
        assert not view.busy_label.isVisible()
        assert f"{SESSIONS:,}" not in view.summary_label.text()  # the default range is the last quarter

        view.period.range_combo.setCurrentIndex(3)  # All
        assert view.loading
        qtbot.waitUntil(lambda: not view.loading, timeout=30_000)
        assert view.summary_label.text().startswith(f"{SESSIONS:,} reflections from")

        assert len(loads) == 1 and len(boards) >= 2
        assert gui not in loads + boards, (loads, boards)
    finally:
        context.close()


def test_the_groups_compare_and_focus_figures_and_a_clicked_list_are_worked_out_in_the_runner(
    qtbot: QtBot, paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    filled(paths, SESSIONS)
    calls: dict[str, list[str]] = {"groups": [], "highlights": [], "focus": [], "listed": []}
    monkeypatch.setattr(tabs, "group_table_rows", _recording(calls["groups"], tabs.group_table_rows))
    monkeypatch.setattr(comparison, "tip_rows", _recording(calls["highlights"], comparison.tip_rows))
    monkeypatch.setattr(analytics, "focus", _recording(calls["focus"], analytics.focus))
    monkeypatch.setattr(ReflectionStore, "records_with_ids", _recording(calls["listed"], ReflectionStore.records_with_ids))
    context = AppContext.open(paths)
    try:
        view = TrendsView(context)
        qtbot.addWidget(view)
        view.show()
        qtbot.waitUntil(lambda: not view.loading and view.board is not None, timeout=30_000)
        view.period.range_combo.setCurrentIndex(3)  # All: every reflection
        qtbot.waitUntil(lambda: not view.loading, timeout=30_000)
        for kind in (tabs.GroupsTab, comparison.CompareTab, comparison.FocusTab):
            view.tabs.setCurrentIndex(next(i for i, tab in enumerate(view.charts) if isinstance(tab, kind)))
            qtbot.waitUntil(lambda: not view.loading, timeout=30_000)
        assert view.tab(tabs.GroupsTab).group_table.rowCount() > 0
        assert "Highest ratings" in view.tab(comparison.CompareTab).highlights_label.text()
        focus = view.tab(comparison.FocusTab)
        assert focus.focus_label.text().startswith(f"{focus.focus_combo.currentText()} before ")
        view.show_reflections(0)
        assert listed_now(qtbot, view)
        gui = threading.current_thread().name
        assert all(calls.values()) and not any(gui in threads for threads in calls.values()), calls
    finally:
        context.close()


def _last_page_trends(paths: DataPaths) -> None:
    filled(paths, 300)
    settings = load_settings(paths.settings)
    settings.window_page = "trends"
    save_settings(paths.settings, settings)


def test_reopening_on_trends_loads_it_off_the_gui_thread(qtbot: QtBot, paths: DataPaths) -> None:
    _last_page_trends(paths)
    context = AppContext.load(paths)  # as at start-up: the window paints before the database opens
    window = show_window(qtbot, context)
    try:
        context.open_database()
        assert window.current_key() == "reflect"  # not yet: Trends' imports load on a worker first
        qtbot.waitUntil(lambda: window.current_key() == "trends", timeout=30_000)
        view = window.view("trends")
        assert isinstance(view, TrendsView)
        qtbot.waitUntil(lambda: not view.loading and view.board is not None, timeout=30_000)
        gui = threading.current_thread().name
        assert window.restoring is not None and window.restoring.thread_name not in ("", gui)
        assert view.operation is not None and view.operation.thread_name not in ("", gui)
        assert view.filtered is not None and len(view.filtered) == 300  # every reflection, ready for any range
    finally:
        window.close()
        context.close()


def test_keys_typed_on_the_form_at_start_up_keep_it_on_screen_instead_of_the_last_page(
    qtbot: QtBot, paths: DataPaths
) -> None:
    _last_page_trends(paths)
    context = AppContext.load(paths)
    window = show_window(qtbot, context)
    try:
        for key in "YPN":  # typed after the first paint, before the database has opened
            press(qtbot, key)
        context.open_database()
        qtbot.waitUntil(lambda: window.restoring is not None and window.restoring.outcome is not None,
                        timeout=30_000)
        qtbot.wait(50)
        assert window.current_key() == "reflect"
        press(qtbot, "X")  # and the next key still lands on the form
        assert focused() is window.form.rows[4]
        answers = [row.choice() for row in window.form.rows[:4]]
        assert [a.key if a else None for a in answers] == ["yes", "partly", "no", "na"]
        press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    finally:
        window.close()
        context.close()


def test_a_page_with_slow_imports_says_loading_and_imports_them_on_a_worker(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(sys.modules, "colorsys", raising=False)  # as pyqtgraph is before Trends is first opened
    built: list[str] = []

    def build() -> QWidget:
        built.append(threading.current_thread().name)
        return QLabel("The page")

    page = LazyPage(build, imports=("colorsys",))
    qtbot.addWidget(page)
    page.show()
    assert page.view is None and page.placeholder is not None and page.placeholder.text() == "Loading…"
    qtbot.waitUntil(lambda: page.view is not None)
    assert "colorsys" in sys.modules and page.placeholder.isHidden()
    gui = threading.current_thread().name
    assert page.importing is not None and page.importing.thread_name not in ("", gui)
    assert built == [gui]  # widgets are built on the GUI thread, once
