"""Small multiples: one small time chart per series, all on the same axes.

Ten tips as ten lines in one chart, told apart by a legend, were a tangle; ten small
charts with the same dates and the same 0–100 % scale can be compared at a glance, each
named by its title. Each small chart is a ``TrendChart``, so the keyboard, hover, click
and table behave as on every other chart.

The charts are made and drawn one per turn of the event loop (``building`` meanwhile, ``built`` once
all are drawn), each in a cell kept for it: ten pyqtgraph plots made and laid out at once froze Trends
for a quarter of a second when the Tips tab was first shown, and drawing ten at once for a tenth.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QSizePolicy, QWidget

from reflect.grammar import plural
from reflect.ui.widgets.trend_chart import Describe, PeriodLabel, TrendChart, lines_table

COLUMNS = 5  # ten tips: two rows of five


@dataclass(frozen=True)
class Panel:
    """One small chart's series."""

    key: str
    label: str
    x: np.ndarray
    percent: np.ndarray  # 0–100, NaN where there is no rate
    counts: np.ndarray | None = None


class SmallMultiples(QWidget):
    """A grid of small charts sharing their x and y axes: the same size, the same dates, the same 0–100 %."""

    pointClicked = Signal(str, int)  # series key, point index
    pointFocused = Signal(str)  # the words of the point the keyboard moved to, in any small chart
    built = Signal()  # every panel has its chart, drawn

    def __init__(self, title: str, describe: Describe, period_label: PeriodLabel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._describe = describe
        self._period_label = period_label
        self.charts: dict[str, TrendChart] = {}
        self._panels: list[Panel] = []
        self._span = (0.0, 0.0)
        self._cells: dict[int, QWidget] = {}  # the places kept for charts not made yet, by index
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        self._next = QTimer(self)
        self._next.setSingleShot(True)
        self._next.setInterval(0)
        self._next.timeout.connect(self._draw_next)
        self._fresh = 0  # how many charts, in order, show the current panels
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{title}: nothing to show in this range.")

    @property
    def building(self) -> bool:
        """Whether some panels still wait for their chart to be made or drawn (in later turns of the event loop)."""
        return self._fresh < len(self._panels)

    def show_panels(self, panels: list[Panel], start: float, end: float) -> None:
        """One chart per panel, in order, each fitted to the same dates: the first now, the others one per turn
        of the event loop."""
        if [p.key for p in panels] != [p.key for p in self._panels]:
            self._clear(len(panels))
        every = [p.x[np.isfinite(p.percent)] for p in panels]
        shown = np.concatenate(every) if every else np.zeros(0)
        if len(shown):  # one span for all, so the dates line up from chart to chart
            start, end = min(start, float(shown.min())), max(end, float(shown.max()))
        self._panels, self._span, self._fresh = panels, (start, end), 0
        named = [p.label for p in panels if np.isfinite(p.percent).any()]
        self.setAccessibleDescription(
            f"{self.title}: {plural(len(panels), 'small chart')} with the same dates and the same 0 to 100 % "
            f"scale, one per tip ({', '.join(named)}). Tab moves from chart to chart; arrow keys read the points."
        )
        self._next.stop()
        self._draw_next()  # the first now, so the tab never shows empty

    def _draw_next(self) -> None:
        index = self._fresh
        if index < len(self._panels):
            panel = self._panels[index]
            if panel.key not in self.charts:
                self._make(index, panel)
            chart = self.charts[panel.key]
            chart.clear_series()
            chart.add_line(panel.key, panel.label, panel.x, panel.percent, index, counts=panel.counts)
            chart.fit(*self._span)
            self._fresh += 1
        if self.building:
            self._next.start()
        else:
            self.built.emit()

    def _clear(self, count: int) -> None:
        """Remove the charts, and keep a cell for each of ``count`` new ones."""
        self._next.stop()
        widgets: list[QWidget] = [*self.charts.values(), *self._cells.values()]
        for widget in widgets:
            self.grid.removeWidget(widget)
            widget.deleteLater()
        self.charts = {}
        self._cells = {}
        for column in range(COLUMNS):
            self.grid.setColumnStretch(column, 1)  # equal columns whatever each cell holds meanwhile
        for row in range((count + COLUMNS - 1) // COLUMNS):
            self.grid.setRowStretch(row, 1)
        for index in range(count):
            cell = QWidget()
            cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            self.grid.addWidget(cell, index // COLUMNS, index % COLUMNS)
            self._cells[index] = cell

    def _make(self, index: int, panel: Panel) -> None:
        chart = TrendChart(panel.label, self._describe, self._period_label, labels=False)
        if self.charts:
            chart.share_axes(next(iter(self.charts.values())))
        chart.setAccessibleName(f"{self.title}: {panel.label}")
        chart.viewport().setAccessibleName(chart.accessibleName())
        chart.pointClicked.connect(self.pointClicked)
        chart.pointFocused.connect(self.pointFocused)
        cell = self._cells.pop(index)
        self.grid.replaceWidget(cell, chart)
        cell.deleteLater()
        self.grid.activate()  # its size now: linked axes line up by the pixel, so the fit needs it
        self.charts[panel.key] = chart

    def table(self) -> tuple[list[str], list[list[str]]]:
        """A row per period, a column per tip: the numbers the small charts draw."""
        return lines_table(list(self.charts.values()))
