"""Chart colours, pens, markers and axes, all from ``reflect.design`` and the current scheme.

One place turns the design system into pyqtgraph pens: the n-th series gets the n-th
colour, marker and dash, so lines can be told apart without colour; the scheme (light or
dark) is read from the application's window colour, so a chart follows the rest of the app.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QPen
from PySide6.QtWidgets import QApplication

from reflect.design import DASHES, MARKERS, Palette, Scheme, palette
from reflect.ui.widgets.date_ticks import date_ticks

PERCENT_TICKS = [(0.0, "0 %"), (50.0, "50 %"), (100.0, "100 %")]
Y_MARGIN = 8.0  # % above 100 and below 0, so points on the edge are whole and 0/100 keep their labels


def scheme() -> Scheme:
    """Light or dark, as the application is drawn now."""
    app = QApplication.instance()
    window = app.palette().window().color() if isinstance(app, QApplication) else None
    return "dark" if window is not None and window.lightness() < 128 else "light"


def colours() -> Palette:
    return palette(scheme())


def series_colour(index: int) -> str:
    series = colours().series
    return series[index % len(series)]


def series_symbol(index: int) -> str:
    return MARKERS[index % len(MARKERS)]


def series_pen(index: int, width: float = 2.0) -> QPen:
    """The index-th series' pen: its colour and its dash (solid for the first)."""
    pen = pg.mkPen(series_colour(index), width=width)
    dash = DASHES[index % len(DASHES)]
    if dash:
        pen.setDashPattern([max(1.0, part / width) for part in dash])  # Qt counts dashes in pen widths
    return pen


def style_plot(widget: pg.PlotWidget, title_step: float = 1.0) -> None:
    """Surface background, text-coloured axes and title (``title_step`` pt above the body text), faint grid."""
    roles = colours()
    widget.setBackground(roles.surface)
    item = widget.getPlotItem()
    for name in ("left", "bottom"):
        axis = item.getAxis(name)
        axis.setPen(pg.mkPen(roles.border))
        axis.setTextPen(pg.mkPen(roles.text))
    size = max(widget.font().pointSizeF(), 8.0) + title_step
    item.setTitle(item.titleLabel.text, color=roles.text, size=f"{size:g}pt")


def percent_axis(widget: pg.PlotWidget) -> None:
    """0 %, 50 % and 100 % always labelled, whatever the chart's height."""
    item = widget.getPlotItem()
    axis = item.getAxis("left")
    axis.setTicks([PERCENT_TICKS])
    # labels may overhang the plot's edge (0 and 100 % then show even on a short chart); an axis grid
    # would clip them to the plot, so the grid is drawn as lines instead (``percent_grid``)
    axis.setStyle(hideOverlappingLabels=False, textFillLimits=[(0, 1.0)])
    item.setYRange(-Y_MARGIN, 100 + Y_MARGIN, padding=0)
    item.getViewBox().setLimits(yMin=-Y_MARGIN, yMax=100 + Y_MARGIN)


def percent_grid(widget: pg.PlotWidget) -> None:
    """Faint lines at 0, 50 and 100 %, behind the data (again after every ``clear``)."""
    for value, _text in PERCENT_TICKS:
        line = pg.InfiniteLine(pos=value, angle=0, pen=pg.mkPen(colours().grid, width=1), movable=False)
        line.setZValue(-10)
        widget.addItem(line, ignoreBounds=True)


class DateAxis(pg.AxisItem):
    """A time axis whose labels are spaced by the width they need (see ``date_ticks``)."""

    def __init__(self) -> None:
        super().__init__(orientation="bottom")
        self._labels: dict[float, str] = {}
        self._widths: dict[tuple[str, str], float] = {}  # (font, text) → px: the same few labels are measured often

    def ticks(self) -> list[tuple[float, str]]:
        """The labels drawn now: (x, text), left to right."""
        start, end = self.range
        return date_ticks(start, end, self.geometry().width(), self._measure)

    def _measure(self, text: str) -> float:
        font = self.style.get("tickFont") or self.font()
        key = (font.key(), text)
        width = self._widths.get(key)
        if width is None:
            width = self._widths[key] = QFontMetricsF(font).horizontalAdvance(text)
        return width

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[tuple[float, list[float]]]:  # noqa: N802,N803
        ticks = date_ticks(minVal, maxVal, size, self._measure)
        self._labels = {value: text for value, text in ticks}
        return [(1.0, [value for value, _text in ticks])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [self._labels.get(value, "") for value in values]


def focus_pen() -> QPen:
    pen = pg.mkPen(colours().focus, width=3)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    return pen
