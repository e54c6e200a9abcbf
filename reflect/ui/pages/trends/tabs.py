"""The Trends page's tabs: one class each, behind a small draw/describe protocol.

Each tab owns its widgets and knows how to ``draw`` itself from the ``Dashboard`` the page
computed, and how to ``describe`` a point for hover text. The page (``view.py``) owns the
controls, the data and the selection list, and loops over ``TABS``: adding a chart to the
page is one class here and one entry in ``TABS``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from reflect.analytics import Dashboard
from reflect.figures import GROUP_COLUMNS, group_table_rows
from reflect.glossary import meaning
from reflect.grammar import plural
from reflect.ui.widgets.chart_table import ChartPanel
from reflect.ui.widgets.heatmap import KEY, Heatmap
from reflect.ui.widgets.small_multiples import Panel, SmallMultiples
from reflect.ui.widgets.trend_chart import TrendChart
from reflect.wording import (
    GROUP_METHOD,
)
from reflect.wording import percent as _percent

if TYPE_CHECKING:
    from reflect.ui.pages.trends.view import TrendsView

from reflect.ui.pages.trends.comparison import CompareTab, FocusTab
from reflect.ui.pages.trends.tab_base import DrawnBoard, TrendTab, describe_tip, fill, set_headings, table_defaults
from reflect.wording import moment_text


def chart_page(*widgets: QWidget) -> QWidget:
    """A tab's page: its widgets stacked, the chart panel taking the spare height."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget, 1 if isinstance(widget, ChartPanel) else 0)
    return page


class ScoreTab(DrawnBoard):
    title = "S&core"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.chart = TrendChart("Reflection score: each session (dots) and the average per period (line)",
                                self.describe, self.column_label)
        self.chart.pointsClicked.connect(self._clicked)
        self.panel = ChartPanel(self.chart, self.chart.table)
        self.page: QWidget = chart_page(self.panel)

    def draw(self, board: Dashboard) -> None:
        self.drawn = board
        self.chart.clear_series()
        self.chart.add_dots("score-dots", board.table.times, board.scores)
        line = board.score_line
        self.chart.add_line("score", "Average", line.x, 100 * line.mean, 0, counts=line.n)
        self.chart.fit(*self.host.edges())
        self.panel.refresh()

    def describe(self, key: str, column: int) -> str:
        board = self.board()
        if key == "score-dots":
            return f"{moment_text(board.table.moments[column].item())}: score {board.scores[column]:.0f} %"
        line = board.score_line
        return (f"{self.column_label(column)}: average score {100 * line.mean[column]:.0f} % "
                f"over {plural(int(line.n[column]), 'reflection')}")

    def _clicked(self, key: str, indexes: list[int]) -> None:
        board = self.board()
        if key == "score-dots":  # every session under the mouse: dots on the same pixel are drawn as one
            self.host.list_reflections([str(board.table.ids[i]) for i in indexes],
                                       "This session" if len(indexes) == 1 else "These sessions", None)
        else:
            self.host.show_reflections(indexes[0])


class TipsTab(DrawnBoard):
    title = "T&ips"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.multiples = SmallMultiples("Rating per tip", self.describe, self.column_label)
        self.multiples.pointClicked.connect(lambda key, column: host.show_reflections(column, key))
        heading = QLabel("Rating per tip: Yes counts 100 %, Partly 50 %, No 0 %. Each small chart has the "
                         "same dates and scale.")
        heading.setWordWrap(True)
        heading.setToolTip(meaning("rating"))
        self.point_label = QLabel("Tab to a small chart and use the arrow keys to read its points; "
                                  "Enter lists their reflections.")
        self.point_label.setWordWrap(True)
        self.point_label.setAccessibleName("Point")
        self.multiples.pointFocused.connect(self.point_label.setText)
        self.panel = ChartPanel(self.multiples, self.multiples.table)
        self.multiples.built.connect(self.panel.refresh)  # the table, if shown, once every small chart is there
        self.page: QWidget = chart_page(heading, self.panel, self.point_label)

    @property
    def drawing(self) -> bool:
        return self.multiples.building

    def draw(self, board: Dashboard) -> None:
        self.drawn = board
        panels = [Panel(tip.id, tip.label, board.tips[tip.id].x, 100 * board.tips[tip.id].mean, board.tips[tip.id].n)
                  for tip in board.table.tips]
        self.multiples.show_panels(panels, *self.host.edges())

    def describe(self, key: str, column: int) -> str:
        return describe_tip(self, key, column)


class HeatmapTab(DrawnBoard):
    title = "H&eatmap"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.heatmap = Heatmap(self._describe_cell)
        self.heatmap.cellClicked.connect(self._clicked)
        self.hover_label = QLabel(f"{KEY} Point at a cell, or move to it with the arrow keys, to see its rating; "
                                  "click it or press Enter to list its reflections.")
        self.hover_label.setWordWrap(True)
        self.hover_label.setAccessibleName("Heatmap cell")
        self.hover_label.setToolTip(meaning("thin"))
        self.heatmap.scene().sigMouseMoved.connect(lambda _pos: self._show(self.heatmap.hover_text))
        self.panel = ChartPanel(self.heatmap, self.heatmap.table)
        self.page: QWidget = chart_page(self.panel, self.hover_label)

    def _show(self, text: str) -> None:
        if text:
            self.hover_label.setText(text)

    def draw(self, board: Dashboard) -> None:
        self.drawn = board
        tips = board.table.tips
        values = np.column_stack([board.tips[t.id].mean for t in tips]) if board.columns else np.zeros((0, 0))
        counts = np.column_stack([board.tips[t.id].n for t in tips]) if board.columns else np.zeros((0, 0))
        self.heatmap.set_data(values, [t.label for t in tips],
                              [self.column_label(c, short=True) for c in range(board.columns)], counts)
        self.panel.refresh()

    def describe(self, key: str, column: int) -> str:
        return describe_tip(self, key, column)

    def _describe_cell(self, column: int, row: int) -> str:
        text = self.describe(self.board().table.tips[row].id, column)
        self._show(text)
        return text

    def _clicked(self, column: int, row: int) -> None:
        self.host.show_reflections(column, self.board().table.tips[row].id)


class GroupsTab(DrawnBoard):
    title = "Gro&ups"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.grouping_combo = QComboBox()
        self.grouping_combo.setAccessibleName("Grouping")
        self.grouping_combo.currentIndexChanged.connect(self.redraw)
        self._rows: tuple[Dashboard, dict[str, list[list[str]]]] | None = None  # every grouping's table rows
        self.chart = TrendChart("Rating per group, averaged over sessions (shaded: 95 % range)", self.describe,
                                self.column_label)
        self.chart.setToolTip(f"95 % range: {meaning('range')}")
        self.chart.pointClicked.connect(lambda _key, column: host.show_reflections(column))
        self.group_source = QLabel()
        self.group_source.setWordWrap(True)
        self.group_source.setAccessibleName("Source of the grouping")
        self.group_table = QTableWidget(0, len(GROUP_COLUMNS))
        self.group_table.setAccessibleName("Group figures compared with the previous range")
        set_headings(self.group_table, GROUP_COLUMNS)
        table_defaults(self.group_table)
        self.panel = ChartPanel(self.chart, self.chart.table)
        choice = QHBoxLayout()
        caption = QLabel("Grouping")
        caption.setBuddy(self.grouping_combo)
        choice.addWidget(caption)
        choice.addWidget(self.grouping_combo)
        choice.addStretch(1)
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        layout.addLayout(choice)
        layout.addWidget(self.group_source)
        layout.addWidget(self.panel, 2)
        layout.addWidget(self.group_table, 1)

    def redraw(self) -> None:
        if self.host.board is not None:
            self.draw(self.host.board)

    def draw(self, board: Dashboard) -> None:
        self.drawn = board
        self.chart.clear_series()
        grouping_id = self.grouping_combo.currentData() or ""
        grouping = next((g for g in board.table.groupings if g.id == grouping_id), None)
        self.group_source.setText(
            (f"Source: {grouping.source} " if grouping and grouping.source else "")
            + "The groupings are Reflect’s own, not part of the published checklist. " + GROUP_METHOD
        )
        filtered = self.host.filtered
        if self._rows is not None and self._rows[0] is board:  # another grouping of the same dashboard
            fill(self.group_table, self._rows[1].get(grouping_id, []))
        else:
            def rows() -> dict[str, list[list[str]]]:
                previous = filtered.between(*board.previous) if filtered is not None else board.table.take(
                    np.zeros(len(board.table), dtype=bool))
                return group_table_rows(board.table, previous)

            def show(rows: dict[str, list[list[str]]]) -> None:
                self._rows = (board, rows)
                fill(self.group_table, rows.get(self.grouping_combo.currentData() or "", []))

            self.figures("groups", rows, show)
        for index, series in enumerate(board.groups.get(grouping_id, {}).values()):
            self.chart.add_line(series.key, series.label, series.x, 100 * series.mean, index,
                                (100 * series.low, 100 * series.high), counts=series.n)
        self.chart.fit(*self.host.edges())
        self.panel.refresh()

    def describe(self, key: str, column: int) -> str:
        series = self.board().groups[self.grouping_combo.currentData()][key]
        return f"{series.label}, {self.column_label(column)}: {series.rate(column).describe()}"


class NotApplicableTab(DrawnBoard):
    title = "&Not applicable"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.chart = TrendChart("Share of tips rated Not applicable (possible missed opportunities; "
                                "shaded: 95 % range)", self.describe, self.column_label)
        self.chart.setToolTip(f"95 % range: {meaning('range')}")
        self.chart.pointClicked.connect(lambda _key, column: host.show_reflections(column))
        self.panel = ChartPanel(self.chart, self.chart.table)
        self.page: QWidget = chart_page(self.panel)

    def draw(self, board: Dashboard) -> None:
        self.drawn = board
        self.chart.clear_series()
        na = board.not_applicable
        self.chart.add_line("na", "Not applicable", na.x, 100 * na.mean, 0, (100 * na.low, 100 * na.high))
        self.chart.fit(*self.host.edges())
        self.panel.refresh()

    def describe(self, key: str, column: int) -> str:
        series = self.board().not_applicable
        return (f"{self.column_label(column)}: {_percent(series.mean[column])} of "
                f"{plural(int(series.n[column]), 'answer')} were not applicable")


# The tabs in the order shown. A new chart: a class with title, page, draw and describe, listed here.
TABS: tuple[Callable[[TrendsView], TrendTab], ...] = (
    ScoreTab, TipsTab, HeatmapTab, GroupsTab, NotApplicableTab, CompareTab, FocusTab,
)
