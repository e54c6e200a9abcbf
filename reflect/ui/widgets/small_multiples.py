"""Small multiples: one small time chart per series, all on the same axes.

Ten tips as ten lines in one chart, told apart by a legend, were a tangle; ten small
charts with the same dates and the same 0–100 % scale can be compared at a glance, each
named by its title. Each small chart is a ``TrendChart``, so the keyboard, hover, click
and table behave as on every other chart.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGridLayout, QWidget

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

    def __init__(self, title: str, describe: Describe, period_label: PeriodLabel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self._describe = describe
        self._period_label = period_label
        self.charts: dict[str, TrendChart] = {}
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(4)
        self.setAccessibleName(title)
        self.setAccessibleDescription(f"{title}: nothing to show in this range.")

    def show_panels(self, panels: list[Panel], start: float, end: float) -> None:
        """One chart per panel, in order, each fitted to the same dates."""
        if [p.key for p in panels] != list(self.charts):
            self._rebuild(panels)
        every = [p.x[np.isfinite(p.percent)] for p in panels]
        shown = np.concatenate(every) if every else np.zeros(0)
        if len(shown):  # one span for all, so the dates line up from chart to chart
            start, end = min(start, float(shown.min())), max(end, float(shown.max()))
        for index, panel in enumerate(panels):
            chart = self.charts[panel.key]
            chart.clear_series()
            chart.add_line(panel.key, panel.label, panel.x, panel.percent, index, counts=panel.counts)
            chart.fit(start, end)
        named = [p.label for p in panels if np.isfinite(p.percent).any()]
        self.setAccessibleDescription(
            f"{self.title}: {plural(len(panels), 'small chart')} with the same dates and the same 0 to 100 % "
            f"scale, one per tip ({', '.join(named)}). Tab moves from chart to chart; arrow keys read the points."
        )

    def _rebuild(self, panels: list[Panel]) -> None:
        for chart in self.charts.values():
            self.grid.removeWidget(chart)
            chart.deleteLater()
        self.charts = {}
        first: TrendChart | None = None
        for index, panel in enumerate(panels):
            chart = TrendChart(panel.label, self._describe, self._period_label, labels=False)
            if first is None:
                first = chart
            else:
                chart.share_axes(first)
            chart.setAccessibleName(f"{self.title}: {panel.label}")
            chart.viewport().setAccessibleName(chart.accessibleName())
            chart.pointClicked.connect(self.pointClicked)
            chart.pointFocused.connect(self.pointFocused)
            self.grid.addWidget(chart, index // COLUMNS, index % COLUMNS)
            self.charts[panel.key] = chart

    def table(self) -> tuple[list[str], list[list[str]]]:
        """A row per period, a column per tip: the numbers the small charts draw."""
        return lines_table(list(self.charts.values()))
