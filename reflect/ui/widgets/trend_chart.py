"""One reusable time chart for the Trends page: dates along x, 0–100 % up y.

The page pushes series in (lines with optional interval bands, or dots); the chart
knows nothing about reflections. Each line is named at its end rather than in a legend
over the data, and carries its own marker and dash besides its colour. Points can be
hovered and clicked, or reached from the keyboard (arrows move a focus ring, Enter acts
like a click, the point's words become the chart's accessible description), and the
chart can give its figures as a table. Imported lazily with the Trends page because
pyqtgraph is slow to import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QFontMetricsF, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QWidget

from reflect.grammar import plural
from reflect.ui.widgets.chart_export import export
from reflect.ui.widgets.chart_keys import PointCursor
from reflect.ui.widgets.chart_style import (
    DateAxis,
    colours,
    percent_axis,
    percent_grid,
    series_colour,
    series_pen,
    series_symbol,
    style_plot,
)
from reflect.ui.widgets.date_ticks import day_of
from reflect.ui.widgets.point_layer import PointLayer
from reflect.wording import day_text

MAX_SYMBOLS = 240  # above this many points per line, draw the line only (hover still works on the line)
LABEL_GAP = 6  # px between a line's last point and its name
EDGE = 0.03  # share of the span left empty before the first and after the last point…
EDGE_PX = 10  # …and at least this many pixels, so the first and last markers are whole
# A thick antialiased line drawn as one outline takes Qt time growing far faster than its vertices: a
# monthly line over 16 years (190 vertices) took 15 ms a chart, the Tips tab's ten 0.2 s of the GUI thread.
# Drawn as separate segments it takes 0.4 ms. Each segment restarts the dash pattern: still seen on segments
# longer than a dash, so only a line of more vertices than this is drawn so, and one too dense for markers
# (MAX_SYMBOLS) is drawn solid.
SEGMENTS_FROM = 50
# A shaded range is one polygon, which Qt fills in time growing far faster than its vertices (830 weekly
# periods: 85 ms a band); past this many points, neighbours are merged, each keeping the lowest low and the
# highest high, so nothing of the range is hidden.
BAND_POINTS = 200

Describe = Callable[[str, int], str]
PeriodLabel = Callable[[int], str]


@dataclass
class Points:
    """One series as drawn: what the keyboard walks and the table lists."""

    label: str
    x: np.ndarray
    y: np.ndarray  # 0–100
    indexes: np.ndarray  # the caller's index of each point (a period, or a reflection)
    counts: np.ndarray | None  # sessions behind each point, when known
    line: bool  # a line (in the table) or loose dots (not)


def envelope(x: np.ndarray, low: np.ndarray, high: np.ndarray,
             most: int = BAND_POINTS) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """At most about `most` points: runs of neighbours merged, at their mean x, with their lowest low and
    highest high."""
    size = -(-len(x) // most)
    if size <= 1:
        return x, low, high
    starts = np.arange(0, len(x), size)
    counts = np.diff(np.append(starts, len(x)))
    return (np.add.reduceat(x, starts) / counts, np.minimum.reduceat(low, starts),
            np.maximum.reduceat(high, starts))


class TrendChart(pg.PlotWidget):
    """Rates (0–100 %) over time, each line named at its end."""

    pointClicked = Signal(str, int)  # series key, point index (the mouse, or Enter on a focused point)
    pointsClicked = Signal(str, list)  # the same, with every point under the mouse (overlapping dots), nearest first
    pointFocused = Signal(str)  # the words of the point the keyboard moved to

    def __init__(self, title: str, describe: Describe, period_label: PeriodLabel | None = None,
                 parent: QWidget | None = None, labels: bool = True) -> None:
        super().__init__(parent=parent, axisItems={"bottom": DateAxis()})
        self._describe = describe
        self._period_label = period_label
        self.title = title
        # a big chart names its lines at their ends and draws a focused point's words beside it; a small
        # multiple is named by its title, and its owner shows the words (``pointFocused``)
        self.roomy = labels
        self.series: dict[str, Points] = {}
        self.lines: dict[str, pg.PlotDataItem] = {}
        self.dots: dict[str, PointLayer] = {}
        self.end_labels: dict[str, pg.TextItem] = {}
        self._span: tuple[float, float] | None = None
        self._leader: TrendChart | None = None  # a chart whose dates this one shares
        self.setAccessibleName(title)
        self.viewport().setAccessibleName(self.accessibleName())  # the drawing surface inside the chart
        self.setMinimumHeight(120)
        item = self.getPlotItem()
        item.setTitle(title)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.getViewBox().setMouseEnabled(x=False, y=False)
        percent_axis(self)
        percent_grid(self)
        self._title_step = 1.0 if labels else -1.0
        style_plot(self, self._title_step)
        self.cursor = PointCursor(self)
        self._summarise()

    # ------------------------------------------------------------------ series

    def clear_series(self) -> None:
        self.getPlotItem().clear()
        style_plot(self, self._title_step)  # the scheme may have changed since the last drawing
        self._fit_title()
        percent_grid(self)
        self.series.clear()
        self.lines.clear()
        self.dots.clear()
        self.end_labels.clear()
        self.cursor.reset()
        self._summarise()

    def add_line(self, key: str, label: str, x: np.ndarray, percent: np.ndarray, index: int,
                 band: tuple[np.ndarray, np.ndarray] | None = None, counts: np.ndarray | None = None) -> None:
        """A line that breaks at empty periods (NaN), with points to hover, click and reach by keyboard."""
        pen = series_pen(index)
        finite = np.isfinite(percent)
        if band is not None and finite.any():
            band_x, band_low, band_high = envelope(x[finite], band[0][finite], band[1][finite])
            low = pg.PlotCurveItem(band_x, band_low, pen=pg.mkPen(None))
            high = pg.PlotCurveItem(band_x, band_high, pen=pg.mkPen(None))
            fill = QColor(series_colour(index))
            fill.setAlpha(40)
            self.addItem(pg.FillBetweenItem(low, high, brush=fill))
        # a rolling line has a point per session: 100,000 vertices drawn antialiased took 0.2 s of the GUI
        # thread; drawn at most a few per pixel (the highest and lowest kept), it looks the same
        points = int(finite.sum())
        dense = points > MAX_SYMBOLS  # a pixel or two a segment: no dash could show, nor any smoothing of its edges
        if dense:  # solid, and not antialiased: ten lines of 800 weeks took 0.1 s to repaint at 1920 px, now half
            pen.setStyle(Qt.PenStyle.SolidLine)
        line = pg.PlotDataItem(x, percent, pen=pen, connect="finite", name=label, antialias=not dense)
        if points > SEGMENTS_FROM:
            line.curve.setSegmentedLineMode("on")
        self.addItem(line)
        line.setDownsampling(auto=True, method="peak")  # once in its view: it reads the view's size
        line.setClipToView(True)
        self.lines[key] = line
        shown = int(finite.sum()) <= MAX_SYMBOLS
        self._add_points(key, Points(label, x[finite], percent[finite], np.flatnonzero(finite),
                                     None if counts is None else counts[finite], line=True),
                         QColor(series_colour(index)), series_symbol(index), shown)
        if self.roomy and finite.any():
            text = pg.TextItem(label, color=colours().text, anchor=(0, 0.5))
            self.addItem(text)
            self.end_labels[key] = text
        self._summarise()

    def add_dots(self, key: str, x: np.ndarray, percent: np.ndarray, colour: str | None = None) -> None:
        """One dot per value (e.g. each reflection's score), in the muted colour unless told.

        The dots are one ``PointLayer``: arrays drawn in one call, each pixel once, so years of
        reflections draw in a few milliseconds; the mouse and the keyboard still reach every one.
        """
        finite = np.isfinite(percent)
        points = Points("", x[finite], percent[finite], np.flatnonzero(finite), None, line=False)
        self._add_points(key, points, QColor(colour or colours().muted), "o", True, size=5)
        self._summarise()

    def _add_points(self, key: str, points: Points, colour: QColor, symbol: str, visible: bool,
                    size: int = 8) -> None:
        dots = PointLayer(points.x, points.y, points.indexes, symbol=symbol, size=size,
                          colour=colour if visible else None, tip=partial(self._describe, key))
        dots.clicked.connect(lambda indexes, key=key: self.activate(key, [int(i) for i in indexes]))
        self.addItem(dots)
        self.dots[key] = dots
        self.series[key] = points

    def activate(self, key: str, indexes: list[int]) -> None:
        """Points chosen (clicked, or Enter on the focused one), the one meant first."""
        if indexes:
            self.pointClicked.emit(key, indexes[0])
            self.pointsClicked.emit(key, indexes)

    def describe(self, key: str, index: int) -> str:
        return self._describe(key, index)

    def mark(self, x: float, label: str) -> None:
        """A vertical line at a date, e.g. when a focus started."""
        text = colours().text
        line = pg.InfiniteLine(pos=x, angle=90, pen=pg.mkPen(text, style=Qt.PenStyle.DotLine),
                               label=label, labelOpts={"position": 0.9, "color": text, "anchors": [(0, 0), (0, 0)]})
        self.addItem(line)

    def point_count(self, key: str) -> int:
        """How many values the series shows (what a user sees as points)."""
        return len(self.series[key].x) if key in self.series else 0

    # ------------------------------------------------------------------ range and labels

    def fit(self, start: float, end: float) -> None:
        """Show ``start``…``end`` and every point, the last one inside the frame with room for its name."""
        xs = [p.x for p in self.series.values() if len(p.x)]
        if xs:
            every = np.concatenate(xs)
            start, end = min(start, float(every.min())), max(end, float(every.max()))
        self._span = (start, end)
        self._place()

    def _place(self) -> None:
        span: tuple[float, float] | None = getattr(self, "_span", None)  # resizes come before __init__ ends
        if span is None:
            return
        start, end = span
        width = self.getPlotItem().getViewBox().width()
        margin = (end - start) * max(EDGE, EDGE_PX / width if width > 0 else 0.0)
        left, right = start - margin, end + margin
        room = max((self._text_width(t.textItem.toPlainText()) for t in self.end_labels.values()), default=0.0)
        if room and width > 2 * room:
            right += (right - left) * (room + LABEL_GAP) / (width - room - LABEL_GAP)
        if self._leader is None:
            self.getPlotItem().setXRange(left, right, padding=0)
        self._place_labels(right - left, width)

    def share_axes(self, leader: TrendChart) -> None:
        """Show exactly the dates and percentages ``leader`` shows (small multiples)."""
        self._leader = leader
        self.setXLink(leader)
        self.setYLink(leader)

    def _text_width(self, text: str) -> float:
        return QFontMetricsF(self.font()).horizontalAdvance(text) + 8

    def _place_labels(self, span: float, width: float) -> None:
        """Each name at its line's last height, right of all the data, nudged apart so none overlap."""
        last = max((float(p.x.max()) for p in self.series.values() if len(p.x)), default=0.0)
        ends = []
        for key, text in self.end_labels.items():
            points = self.series[key]
            if len(points.x):
                ends.append([float(points.y[-1]), last, text])
        height = self.getPlotItem().getViewBox().height()
        low, high = self.getPlotItem().getViewBox().viewRange()[1]
        tallest = max((end[2].boundingRect().height() for end in ends), default=0.0)
        step = tallest * (high - low) / height if height > 0 else 0.0
        ends.sort(key=lambda end: end[0])
        for lower, upper in zip(ends, ends[1:], strict=False):
            upper[0] = max(upper[0], lower[0] + step)
        top = min(100.0, high - step / 2)  # a name is centred on its height: half of it must fit below the top
        shift = max(0.0, ends[-1][0] - top) if ends else 0.0  # pushed past the top: move the stack down
        for y, x, text in ends:
            gap = span * LABEL_GAP / width if width > 0 else 0.0
            text.setPos(x + gap, y - shift)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if getattr(self, "plotItem", None) is None:  # resizes come before __init__ ends, and after close()
            return
        self._place()
        if hasattr(self, "title"):
            self._fit_title()

    def _fit_title(self) -> None:
        """The title on one line, shortened with "…" when the chart is narrow (the full one stays its name)."""
        item = self.getPlotItem()
        font = self.font()
        font.setPointSizeF(float(item.titleLabel.opts.get("size", "9pt").removesuffix("pt")))
        room = self.width() - item.getAxis("left").width() - 12.0  # the title sits over the plot, not the axis
        text = QFontMetricsF(font).elidedText(self.title, Qt.TextElideMode.ElideRight, max(40.0, room))
        if text != item.titleLabel.text:
            item.setTitle(text, **{k: item.titleLabel.opts[k] for k in ("color", "size")})

    # ------------------------------------------------------------------ keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if not self.cursor.key_pressed(event):
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self.cursor.enter()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.cursor.leave()

    # ------------------------------------------------------------------ words

    def period_text(self, index: int, x: float) -> str:
        if self._period_label is not None:
            return self._period_label(index)
        day = day_of(x)
        return day_text(day)

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The lines' figures: one row per period, one column per line (the chart's text alternative)."""
        return lines_table([self])

    def _summarise(self) -> None:
        """The chart in one sentence for screen readers, until a point is focused."""
        lines = [p for p in self.series.values() if p.line and len(p.x)]
        if not lines:
            text = f"{self.title}: nothing to show in this range."
        else:
            latest = "; ".join(f"{p.label} {p.y[-1]:.0f} %" for p in lines[:3])
            periods = int(np.unique(np.concatenate([p.indexes for p in lines])).size)
            text = (f"{self.title}: {plural(len(lines), 'line')} over {plural(periods, 'period')}. "
                    f"Latest: {latest}{'…' if len(lines) > 3 else ''}. "
                    "Arrow keys move between points, Enter lists their reflections.")
        self.summary = text
        if not self.cursor.active():
            self.setAccessibleDescription(text)

    def save(self, path: Path) -> Path:
        return export(self, path)


def percent_text(value: float, count: int | None) -> str:
    """A rate as the table shows it: "72 % (24 sessions)"."""
    text = f"{value:.0f} %"
    return text if count is None else f"{text} ({plural(count, 'session')})"


def lines_table(charts: list[TrendChart]) -> tuple[list[str], list[list[str]]]:
    """Every line of these charts as one table: a row per period, a column per line, as drawn."""
    lines = [(chart, p) for chart in charts for p in chart.series.values() if p.line]
    rows: dict[int, tuple[TrendChart, float, list[str]]] = {}
    for column, (chart, points) in enumerate(lines):
        for i, (x, y, index) in enumerate(zip(points.x, points.y, points.indexes, strict=True)):
            _chart, _x, cells = rows.setdefault(int(index), (chart, float(x), [""] * len(lines)))
            count = None if points.counts is None else int(points.counts[i])
            cells[column] = percent_text(float(y), count)
    headers = ["Period", *(points.label for _chart, points in lines)]
    return headers, [[chart.period_text(index, x), *cells] for index, (chart, x, cells) in sorted(rows.items())]
