"""Keyboard reading of a time chart: arrows move a focus ring from point to point.

Left/Right (Home/End) walk the points of one line, Up/Down change line, Enter or Space
acts as a click on the point. The focused point's words are drawn beside it and become
the chart's accessible description, announced to screen readers as they change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleEvent, QKeyEvent

from reflect.ui.widgets.chart_style import colours, focus_pen

if TYPE_CHECKING:
    from reflect.ui.widgets.trend_chart import TrendChart

CALLOUT_WIDTH = 260  # px: the focused point's words wrap at this width

MOVES = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}
LINES = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}
ACTIVATE = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)


class PointCursor:
    """The keyboard's place on a chart: a series key and a position in its points."""

    def __init__(self, chart: TrendChart) -> None:
        self.chart = chart
        self.key: str | None = None
        self.position = 0
        self.ring: pg.ScatterPlotItem | None = None
        self.callout: pg.TextItem | None = None
        chart.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def reset(self) -> None:
        """After the chart was cleared: its items are gone, the place is forgotten."""
        self.key, self.position, self.ring, self.callout = None, 0, None, None

    def active(self) -> bool:
        return self.key is not None and self.chart.hasFocus()

    def walkable(self) -> list[str]:
        """Series the keyboard can visit: lines first, then loose dots; hidden or empty ones skipped."""
        series = self.chart.series
        keys = [k for k, p in series.items() if p.line] + [k for k, p in series.items() if not p.line]
        return [k for k in keys if len(series[k].x) and self.chart.dots[k].isVisible()]

    def current(self) -> tuple[str, int] | None:
        """The focused series and the caller's index of the focused point."""
        if self.key is None or self.key not in self.chart.series:
            return None
        return self.key, int(self.chart.series[self.key].indexes[self.position])

    def enter(self) -> None:
        keys = self.walkable()
        if self.key not in keys and keys:
            self.key, self.position = keys[0], len(self.chart.series[keys[0]].x) - 1  # the latest point
        self.show()

    def leave(self) -> None:
        for item in (self.ring, self.callout):
            if item is not None:
                item.setVisible(False)
        self.chart.setAccessibleDescription(self.chart.summary)

    def key_pressed(self, event: QKeyEvent) -> bool:
        """Handle a navigation key; False lets the chart treat any other key as usual."""
        keys = self.walkable()
        if not keys:
            return False
        if self.key not in keys:
            self.enter()
        key = event.key()
        assert self.key is not None
        count = len(self.chart.series[self.key].x)
        if key in MOVES:
            self.position = min(max(self.position + MOVES[Qt.Key(key)], 0), count - 1)
        elif key == Qt.Key.Key_Home:
            self.position = 0
        elif key == Qt.Key.Key_End:
            self.position = count - 1
        elif key in LINES:
            self._change_line(keys, LINES[Qt.Key(key)])
        elif key in ACTIVATE:
            place = self.current()
            if place is not None:
                self.chart.activate(place[0], [place[1]])
            return True
        else:
            return False
        self.show()
        return True

    def _change_line(self, keys: list[str], step: int) -> None:
        """To the next line, at its point nearest in time to the one left."""
        assert self.key is not None
        x = self.chart.series[self.key].x[self.position]
        self.key = keys[(keys.index(self.key) + step) % len(keys)]
        self.position = int(np.argmin(np.abs(self.chart.series[self.key].x - x)))

    def show(self) -> None:
        place = self.current()
        if place is None:
            return
        points = self.chart.series[place[0]]
        x, y = float(points.x[self.position]), float(points.y[self.position])
        text = self.chart.describe(*place)
        roles = colours()
        if self.ring is None:
            self.ring = pg.ScatterPlotItem(size=20, pen=focus_pen(), brush=pg.mkBrush(None))
            self.ring.setZValue(100)
            self.chart.addItem(self.ring)
            if self.chart.roomy:
                self.callout = pg.TextItem(color=roles.text, fill=pg.mkBrush(roles.surface), border=focus_pen())
                self.callout.setZValue(101)
                self.callout.textItem.setTextWidth(CALLOUT_WIDTH)
                self.chart.addItem(self.callout)
        self.ring.setData([x], [y])
        self.ring.setVisible(True)
        if self.callout is not None:
            (left, right), _ = self.chart.getPlotItem().getViewBox().viewRange()
            self.callout.setText(text)
            self.callout.setAnchor((1.0 if x > (left + right) / 2 else 0.0, 1.2 if y < 50 else -0.2))
            self.callout.setPos(x, y)
            self.callout.setVisible(True)
        self.chart.setAccessibleDescription(text)
        self.chart.pointFocused.emit(text)
        QAccessible.updateAccessibility(QAccessibleEvent(self.chart, QAccessible.Event.DescriptionChanged))
