"""Trends opens without building everything at once: tabs come one per turn of the event loop.

(A chart with more dots than pixels is tested in ``test_chart_dots.py``.)"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from reflect.cli_commands import run_demo
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.pages.trends import TrendsView
from reflect.ui.widgets.heatmap import Heatmap

HEATMAP = 2  # the Heatmap tab's place


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    run_demo(paths, 120, seed=5, today=date.today(), now=datetime.combine(date.today(), time.max))
    ctx = AppContext.open(paths)
    yield ctx
    ctx.close()


def test_the_visible_tab_is_built_first_and_the_others_soon_after(context: AppContext, qtbot: QtBot) -> None:
    view = TrendsView(context)
    qtbot.addWidget(view)
    assert view.tabs.tabText(HEATMAP) == "H&eatmap"  # every tab is there to choose at once…
    assert not view.tabs.widget(HEATMAP).findChildren(Heatmap)  # …but its charts are not made yet
    view.show()
    qtbot.waitUntil(lambda: not view.loading)
    assert view.tabs.widget(HEATMAP).findChildren(Heatmap)
    for index in range(view.tabs.count()):
        assert view.tabs.widget(index).layout().count() == 1, view.tabs.tabText(index)


def test_a_tab_chosen_before_it_is_built_shows_its_chart_and_follows_show_as_table(
        context: AppContext, qtbot: QtBot) -> None:
    view = TrendsView(context)
    qtbot.addWidget(view)
    view.show()
    qtbot.mouseClick(view.table_button, Qt.MouseButton.LeftButton)  # before the other tabs exist
    view.tabs.setCurrentIndex(HEATMAP)
    heatmaps = view.tabs.currentWidget().findChildren(Heatmap)
    assert heatmaps  # built the moment it was chosen
    qtbot.waitUntil(lambda: not view.loading)
    assert not heatmaps[0].isVisible()
    tables = [t for t in view.tabs.currentWidget().findChildren(QTableView) if t.isVisible()]
    assert tables and tables[0].model().rowCount() > 0

