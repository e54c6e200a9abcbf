"""A tab drawn for an older dashboard never describes its points with a newer one.

The other tabs are drawn only when shown. Choosing one moves the keyboard to its first chart before it
is redrawn; the chart described its old point with the new dashboard's periods, an IndexError raised in
Qt's focus handler, and PySide crashed reporting it (found by the second freeze census: Tips drawn at
weekly periods, the keyboard on the Focus tab, monthly periods chosen, then the Tips tab).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from reflect.ui.pages.trends import TrendsView
from reflect.ui.pages.trends.comparison import FocusTab
from reflect.ui.pages.trends.tabs import TipsTab
from reflect.ui.widgets.trend_chart import TrendChart


def _show(view: TrendsView, qtbot: QtBot, kind: type) -> None:
    view.tabs.setCurrentIndex(next(i for i, tab in enumerate(view.charts) if isinstance(tab, kind)))
    qtbot.waitUntil(lambda: not view.loading)


def _choose(view: TrendsView, qtbot: QtBot, period: str) -> None:
    view.bin_combo.setCurrentIndex(view.bin_combo.findData(period))
    qtbot.waitUntil(lambda: not view.loading)


def test_the_keyboard_arriving_on_a_tab_drawn_for_other_periods_reads_the_new_ones(
        trends_on_demo_data: TrendsView, qtbot: QtBot) -> None:
    view = trends_on_demo_data
    view.period.range_combo.setCurrentIndex(view.period.range_combo.findText("All"))
    _choose(view, qtbot, "week")
    _show(view, qtbot, TipsTab)  # the small charts drawn with a point per week
    _show(view, qtbot, FocusTab)
    view.tab(FocusTab).focus_start.setFocus()
    qtbot.waitUntil(lambda: view.tab(FocusTab).focus_start.hasFocus())
    _choose(view, qtbot, "month")  # the Tips tab is not redrawn while out of sight
    months = {view.column_label(column) for column in range(view.board.columns)}  # type: ignore[union-attr]
    _show(view, qtbot, TipsTab)
    focused = QApplication.focusWidget()
    assert isinstance(focused, TrendChart)  # the keyboard followed to the first small chart, now monthly
    qtbot.keyClick(focused, Qt.Key.Key_Left)
    assert any(month in focused.accessibleDescription() for month in months), focused.accessibleDescription()
