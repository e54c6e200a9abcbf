"""One reusable time chart for the Trends page: dates along x, 0–100 % up y.

The page pushes series in (lines with optional interval bands, or dots); the chart
knows nothing about reflections. Points are hoverable (tool tip from the page's
``describe`` callback) and clickable (``pointClicked``). Imported lazily with the
Trends page because pyqtgraph is slow to import.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyqtgraph as pg
import pyqtgraph.exporters
from PySide6.QtCore import QBuffer, QIODevice, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from reflect.files import write_atomically

# Okabe & Ito (2008) colour-blind-safe palette; tips beyond eight repeat it dashed
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
MAX_SYMBOLS = 240  # above this many points per line, draw the line only (hover still works on the line)

Describe = Callable[[str, int], str]


def series_pen(index: int, width: float = 2.0) -> pg.QtGui.QPen:
    """Pen for the index-th series: colour from the palette, dashed after the first eight."""
    pen = pg.mkPen(PALETTE[index % len(PALETTE)], width=width)
    if index >= len(PALETTE):
        pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def style_plot(widget: pg.PlotWidget) -> None:
    """Follow the system palette (light or dark) instead of pyqtgraph's black default."""
    palette = widget.palette()
    widget.setBackground(palette.color(QPalette.ColorRole.Base))
    text = palette.color(QPalette.ColorRole.Text)
    for name in ("left", "bottom"):
        axis = widget.getPlotItem().getAxis(name)
        axis.setPen(pg.mkPen(text))
        axis.setTextPen(pg.mkPen(text))
    widget.getPlotItem().titleLabel.setAttr("color", text.name())


def export(widget: pg.PlotWidget, path: Path) -> Path:
    """Save the chart as PNG or SVG, chosen by the file's suffix (owner-only and whole, like every export)."""
    suffix = path.suffix.lower()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if suffix == ".svg":
        # Qt's own SVG generator: pyqtgraph's SVGExporter cannot parse the path data Qt 6.12 writes
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(widget.size())
        generator.setViewBox(widget.rect())
        generator.setTitle(widget.accessibleName())
        painter = QPainter(generator)
        try:
            widget.render(painter)
        finally:
            painter.end()
    elif suffix == ".png":
        exporter = pyqtgraph.exporters.ImageExporter(widget.getPlotItem())
        exporter.parameters()["width"] = max(800, int(widget.width() * 2))
        exporter.export(toBytes=True).save(buffer, "PNG")
    else:
        raise ValueError(f"Charts are saved as .png or .svg, not {suffix or 'a file without a suffix'}")
    buffer.close()
    write_atomically(path, bytes(buffer.data().data()))
    return path


class TrendChart(pg.PlotWidget):
    """Rates (0–100 %) over time, with a legend of short labels."""

    pointClicked = Signal(str, int)  # series key, point index

    def __init__(
        self, title: str, describe: Describe, show_legend: bool = True, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent=parent, axisItems={"bottom": pg.DateAxisItem(orientation="bottom", utcOffset=0)})
        self._describe = describe
        self.lines: dict[str, pg.PlotCurveItem] = {}
        self.dots: dict[str, pg.ScatterPlotItem] = {}
        self.setAccessibleName(title)
        self.setMinimumHeight(220)
        item = self.getPlotItem()
        item.setTitle(title)
        item.setMenuEnabled(False)
        item.showGrid(x=False, y=True, alpha=0.25)
        item.setLabel("left", "%")
        item.setYRange(0, 100, padding=0.02)
        item.getViewBox().setMouseEnabled(x=True, y=False)
        item.getViewBox().setLimits(yMin=-5, yMax=105)
        self.legend = item.addLegend(offset=(-10, 10), labelTextColor=self.palette().color(QPalette.ColorRole.Text))
        self.legend.setBrush(pg.mkBrush(self.palette().color(QPalette.ColorRole.Base)))
        self._show_legend = show_legend  # off when the page shows its own legend beside the chart
        self.legend.setVisible(show_legend)
        style_plot(self)

    def clear_series(self) -> None:
        self.getPlotItem().clear()
        self.legend.clear()
        self.lines.clear()
        self.dots.clear()

    def add_line(
        self,
        key: str,
        label: str,
        x: np.ndarray,
        percent: np.ndarray,
        index: int,
        band: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> None:
        """A line that breaks at empty periods (NaN), with points to hover and click."""
        pen = series_pen(index)
        finite = np.isfinite(percent)
        if band is not None and finite.any():
            low = pg.PlotCurveItem(x[finite], band[0][finite], pen=pg.mkPen(None))
            high = pg.PlotCurveItem(x[finite], band[1][finite], pen=pg.mkPen(None))
            fill = QColor(PALETTE[index % len(PALETTE)])
            fill.setAlpha(45)
            self.addItem(pg.FillBetweenItem(low, high, brush=fill))
        line = pg.PlotCurveItem(x, percent, pen=pen, connect="finite", name=label)
        self.addItem(line)
        self.lines[key] = line
        self._add_points(key, x[finite], percent[finite], np.flatnonzero(finite), pen.color(),
                         visible=int(finite.sum()) <= MAX_SYMBOLS)

    def add_dots(self, key: str, x: np.ndarray, percent: np.ndarray, colour: str = "#999999") -> None:
        """One dot per value (e.g. each reflection's score)."""
        finite = np.isfinite(percent)
        self._add_points(key, x[finite], percent[finite], np.flatnonzero(finite), QColor(colour), visible=True, size=5)

    def _add_points(self, key: str, x: np.ndarray, y: np.ndarray, indexes: np.ndarray, colour: QColor,
                    visible: bool, size: int = 7) -> None:
        dots = pg.ScatterPlotItem(
            x, y, data=indexes, size=size, pen=pg.mkPen(None) if not visible else pg.mkPen(colour),
            brush=pg.mkBrush(colour) if visible else pg.mkBrush(None), hoverable=True,
            tip=lambda x, y, data, key=key: self._describe(key, int(data)),
        )
        dots.sigClicked.connect(lambda _item, points, _event, key=key: self._clicked(key, points))
        self.addItem(dots)
        self.dots[key] = dots

    def _clicked(self, key: str, points: list[pg.SpotItem]) -> None:
        if len(points):
            self.pointClicked.emit(key, int(points[0].data()))

    def mark(self, x: float, label: str) -> None:
        """A vertical line at a date, e.g. when a focus started."""
        line = pg.InfiniteLine(
            pos=x, angle=90, pen=pg.mkPen(self.palette().color(QPalette.ColorRole.Text), style=Qt.PenStyle.DotLine),
            label=label, labelOpts={"position": 0.95, "color": self.palette().color(QPalette.ColorRole.Text)},
        )
        self.addItem(line)

    def set_line_visible(self, key: str, visible: bool) -> None:
        if key in self.lines:
            self.lines[key].setVisible(visible)
            self.dots[key].setVisible(visible)
            self.legend.removeItem(self.lines[key])
            if visible:
                self.legend.addItem(self.lines[key], self.lines[key].name())

    def point_count(self, key: str) -> int:
        """How many values the series shows (what a user sees as points)."""
        return len(self.dots[key].data) if key in self.dots else 0

    def fit(self, start: float, end: float) -> None:
        self.getPlotItem().setXRange(start, end, padding=0.02)

    def save(self, path: Path) -> Path:
        """Export with the legend drawn in, since a saved chart has no list beside it."""
        self.legend.setVisible(True)
        try:
            return export(self, path)
        finally:
            self.legend.setVisible(self._show_legend)
