"""Trends opens without building everything at once: tabs come one per turn of the event loop,
and a chart with more dots than pixels draws each pixel once while keeping every reflection."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView
from pytestqt.qtbot import QtBot

from reflect.cli import run_demo
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.pages.trends import TrendsView
from reflect.ui.widgets.heatmap import Heatmap
from reflect.ui.widgets.trend_chart import TrendChart

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


def test_dots_sharing_a_pixel_are_drawn_once_but_every_one_can_be_reached(qtbot: QtBot) -> None:
    chart = TrendChart("Scores", lambda _key, index: f"reflection {index}")
    qtbot.addWidget(chart)
    x = np.repeat(np.arange(50, dtype=float) * 86_400, 400)  # 400 reflections a day, all scoring 80 %
    chart.add_dots("dots", x, np.full(len(x), 80.0))
    assert chart.point_count("dots") == 20_000  # the keyboard walks, and the table counts, every one
    drawn = chart.dots["dots"].data
    assert len(drawn) == 50  # one dot per day: the others would be painted over it
    assert sorted({int(x[int(spot["data"])] // 86_400) for spot in drawn}) == list(range(50))
