"""History, CPD, Supervisees and Team load through the operation runner: on a worker, with a quiet busy note, newest request wins."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from reflect.cpd import CpdStore, Goal
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.pages import history as history_module
from reflect.ui.pages.cpd import goals as goals_module
from reflect.ui.pages.cpd.view import CpdView
from reflect.ui.pages.history import HistoryView
from reflect.ui.pages.supervisees import SuperviseesView
from reflect.ui.pages.team import TeamPage
from tests.helpers import filled, settle, settle_all

GUI = threading.main_thread().name


def _held(real: Callable[..., Any], release: threading.Event, threads: list[str]) -> Callable[..., Any]:
    """The real loading function, made to wait until the test lets it finish; notes the thread it ran on."""
    def held(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        assert release.wait(20), "the test never let the load finish"
        return real(*args)

    return held


def _shown(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)


@pytest.fixture
def filled_context(paths: DataPaths) -> Iterator[AppContext]:
    filled(paths, 300)
    context = AppContext.open(paths)
    yield context
    context.close()


def test_history_opens_on_a_worker_showing_loading_then_its_rows(
    qtbot: QtBot, filled_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    release, threads = threading.Event(), []
    monkeypatch.setattr(history_module, "first_page", _held(history_module.first_page, release, threads))
    view = HistoryView(filled_context)
    _shown(qtbot, view)
    qtbot.waitUntil(view.loader.note.isVisible)
    assert view.model.rowCount() == 0 and view.count_label.text() == "Loading…"
    qtbot.keyClicks(view.search_edit, "x")  # the window answers while the query runs
    assert view.search_edit.text() == "x"
    release.set()
    settle(qtbot, view)
    assert threads and GUI not in threads and view.loader.thread_name not in ("", GUI)
    assert not view.loader.note.isVisible()
    assert view.model.rowCount() > 0 and view.count_label.text().endswith("reflections")


def test_an_older_filter_result_arriving_late_is_dropped(
    qtbot: QtBot, filled_context: AppContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    real = history_module.first_page

    def slow_for_outpatient(database: Any, catalog: Any, flt: Any, *rest: Any) -> Any:
        if flt.setting == "outpatient":
            assert release.wait(20)
        return real(database, catalog, flt, *rest)

    monkeypatch.setattr(history_module, "first_page", slow_for_outpatient)
    view = HistoryView(filled_context)
    _shown(qtbot, view)
    settle(qtbot, view)
    everything = view.model.total()
    view.setting_combo.setCurrentIndex(view.setting_combo.findData("outpatient"))  # held on its worker
    view.setting_combo.setCurrentIndex(0)  # "All settings": asked later, answered first
    settle(qtbot, view)
    assert view.model.total() == everything
    release.set()  # the outpatient answer now arrives: too late to be shown
    qtbot.wait(300)
    assert view.model.total() == everything and view.setting_combo.currentIndex() == 0


def test_cpd_tabs_load_on_a_worker(qtbot: QtBot, context: AppContext, monkeypatch: pytest.MonkeyPatch) -> None:
    CpdStore(context.database).save_goal(Goal("Share hope in every review"))
    release, threads = threading.Event(), []

    class HeldStore(CpdStore):
        def goals(self) -> list[Goal]:
            return _held(super().goals, release, threads)()  # type: ignore[no-any-return]

    monkeypatch.setattr(goals_module, "CpdStore", HeldStore)
    view = CpdView(context)
    _shown(qtbot, view)
    qtbot.waitUntil(view.goals.loader.note.isVisible)
    assert view.goals.list.count() == 0
    release.set()
    settle_all(qtbot, view)
    assert threads and GUI not in threads
    assert [view.goals.list.item(row).text() for row in range(view.goals.list.count())] == [
        "Share hope in every review (Not started)"]


def test_supervisees_and_team_load_on_a_worker(qtbot: QtBot, context: AppContext, tmp_path: Path) -> None:
    supervisees = SuperviseesView(context)
    _shown(qtbot, supervisees)
    settle(qtbot, supervisees)
    assert supervisees.loader.thread_name not in ("", GUI) and supervisees.empty.isVisible()
    team = TeamPage(context)
    _shown(qtbot, team)
    bad = tmp_path / "not-a-summary.json"
    bad.write_text("{}", encoding="utf-8")
    team.open_files([bad])
    assert team.loader.busy  # read on a worker: the answer comes later
    settle(qtbot, team)
    assert team.error.text() == "not-a-summary.json is not a Reflect team summary."


def test_history_loads_later_pages_on_a_worker_as_the_view_scrolls(qtbot: QtBot, filled_context: AppContext) -> None:
    view = HistoryView(filled_context)
    _shown(qtbot, view)
    settle(qtbot, view)
    assert view.model.rowCount() == 200 and view.model.total() == 300
    view.table.scrollToBottom()  # the view asks the model for more
    qtbot.waitUntil(lambda: view.model.rowCount() == 300, timeout=20_000)
    assert view.model.loader is not None and view.model.loader.thread_name not in ("", GUI)
