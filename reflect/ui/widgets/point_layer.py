"""Many points as one chart item: arrays in, one ``drawPixmapFragments`` call out.

pyqtgraph's ScatterPlotItem looks up every point's style in Python when it is given points,
which at 20,000 reflections held the GUI thread for about 100 ms each time Trends drew its
score dots. Here the points stay numpy arrays. Painting maps them to pixels and stamps one
pre-drawn marker per *device pixel* (points landing on the same pixel would be painted over
each other; which of them is drawn does not matter, they share one marker); hover and click
find *every* point under the cursor with one vectorised test, so a dot hiding others still
lists them all. Nothing here knows about reflections: a point carries the caller's index.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import Symbols, renderSymbol
from pyqtgraph.Qt.internals import PrimitiveArray  # numpy-backed fragments, as ScatterPlotItem paints them
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPaintEngine, QPainter, QPainterPath, QPixmap, QTransform
from PySide6.QtWidgets import QStyleOptionGraphicsItem, QWidget

from reflect.grammar import plural

PEN_WIDTH = 1.5  # px: a marker's outline, in its own colour
VECTOR_MARKERS = 1000  # markers per SVG path: Qt's own reader truncated one path of 13,000 circles
TIP_POINTS = 3  # a tooltip names this many of the points under the cursor, then counts the rest

Tip = Callable[[int], str]


class PointLayer(pg.GraphicsObject):
    """Points of one series at data (x, y), each standing for ``indexes[i]``, drawn as one marker shape.

    ``colour`` None keeps the points findable (hover, click, keyboard) without drawing them, e.g. on a
    line too dense for markers.
    """

    clicked = Signal(object)  # the indexes (numpy array) of every point under the click, nearest first

    def __init__(self, x: np.ndarray, y: np.ndarray, indexes: np.ndarray, *, symbol: str, size: float,
                 colour: QColor | None, tip: Tip) -> None:
        super().__init__()
        self.x = np.asarray(x, dtype=float)
        self.y = np.asarray(y, dtype=float)
        self.indexes = np.asarray(indexes)
        self.symbol = symbol
        self.size = size
        self.marked = colour is not None
        self.pen = pg.mkPen(colour, width=PEN_WIDTH) if colour is not None else pg.mkPen(None)
        self.brush = pg.mkBrush(colour) if colour is not None else pg.mkBrush(None)
        self._tip = tip
        self._extent = (size + max(np.ceil(PEN_WIDTH), 1.0)) / 2  # px from a point's centre to its marker's edge
        finite = np.isfinite(self.x) & np.isfinite(self.y)
        self._bounds = ((float(self.x[finite].min()), float(self.x[finite].max())),
                        (float(self.y[finite].min()), float(self.y[finite].max()))) if finite.any() else None
        self._stamps: dict[float, QPixmap] = {}  # the marker, drawn once per pixel ratio
        self._fragments = PrimitiveArray(QPainter.PixmapFragment, 10)
        self._placed: tuple[tuple[float, ...], np.ndarray] | None = None  # last transform and its pixels
        self._painted: tuple[tuple[float, ...], np.ndarray] | None = None  # …and area, and the points drawn there
        self._tooltip_set = False

    # ------------------------------------------------------------------ where the points are

    def pixels(self, transform: QTransform) -> np.ndarray:
        """Every point's centre in the pixels ``transform`` maps to (N × 2), remembered for the last transform."""
        key = _numbers(transform)
        if self._placed is None or self._placed[0] != key:
            m11, m12, m21, m22, dx, dy = key
            self._placed = key, np.column_stack((m11 * self.x + m21 * self.y + dx, m12 * self.x + m22 * self.y + dy))
        return self._placed[1]

    def drawn(self, transform: QTransform, area: QRectF) -> np.ndarray:
        """The positions (into the arrays) of the points painted through ``transform`` inside ``area``: one per
        pixel, the first point to land on it. Remembered: a focus ring moving repaints with the same transform."""
        key = (*_numbers(transform), area.left(), area.top(), area.width(), area.height())
        if self._painted is not None and self._painted[0] == key:
            return self._painted[1]
        centres = self.pixels(transform)
        pad = self._extent
        inside = ((centres[:, 0] >= area.left() - pad) & (centres[:, 0] <= area.right() + pad)
                  & (centres[:, 1] >= area.top() - pad) & (centres[:, 1] <= area.bottom() + pad))
        shown = np.flatnonzero(inside)
        cells = np.rint(centres[shown] - (area.left() - pad - 1, area.top() - pad - 1)).astype(np.int64)
        rows = int(area.height() + 2 * pad + 3)
        _cells, first = np.unique(cells[:, 0] * rows + cells[:, 1], return_index=True)
        self._painted = key, shown[np.sort(first)]
        return self._painted[1]

    def under(self, pos: QPointF) -> np.ndarray:
        """Positions of the points whose marker covers ``pos`` (item coordinates), nearest first."""
        view = self.deviceTransform_()  # pyqtgraph's: item to the chart's pixels, None before it is shown
        if view is None or not len(self.x):
            return np.zeros(0, dtype=np.int64)
        cursor = view.map(pos)
        offset = np.abs(self.pixels(view) - (cursor.x(), cursor.y()))
        hit = np.flatnonzero((offset <= self._extent).all(axis=1))
        distance = np.hypot(offset[hit, 0], offset[hit, 1])
        return hit[np.argsort(distance, kind="stable")]

    # ------------------------------------------------------------------ painting

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self.marked or self._bounds is None:
            return
        export: Any = self._exportOpts
        scale = float(export.get("resolutionScale", 1.0)) if export else 1.0  # an image export may be larger
        transform = painter.transform()
        painter.resetTransform()
        drawn = self.drawn(transform, QRectF(painter.viewport()))
        if not len(drawn):
            return
        if painter.paintEngine().type() == QPaintEngine.Type.SVG:
            self._paint_vector(painter, self.pixels(transform)[drawn])
            return
        ratio = (widget.devicePixelRatioF() if widget is not None else painter.device().devicePixelRatioF()) * scale
        stamp = self._stamp(ratio)
        side = stamp.width()
        self._fragments.resize(len(drawn))
        fragments = self._fragments.ndarray()
        fragments[:, 0:2] = self.pixels(transform)[drawn]  # the centre of each marker
        fragments[:, 2:6] = (0, 0, side, side)  # the whole stamp
        fragments[:, 6:10] = (scale / ratio, scale / ratio, 0.0, 1.0)  # scale x, y, rotation, opacity
        pointer, count = self._fragments.drawargs()
        painter.drawPixmapFragments(pointer, count, stamp)

    def _paint_vector(self, painter: QPainter, centres: np.ndarray) -> None:
        """An SVG file gets vector markers, not an embedded image per point: with thousands of points the
        stamps made Save chart… hold the window for a third of a second, and the file large. Circles (the
        score's dots, most of the points) are written as SVG circles: a third of the time and size of paths."""
        painter.setPen(self.pen)
        painter.setBrush(self.brush)
        if self.symbol == "o":
            radius = self.size / 2
            for x, y in centres.tolist():
                painter.drawEllipse(QPointF(x, y), radius, radius)
            return
        marker = QTransform.fromScale(self.size, self.size).map(Symbols[self.symbol])
        for first in range(0, len(centres), VECTOR_MARKERS):  # paths of a size every SVG reader takes whole
            path = QPainterPath()
            path.setFillRule(Qt.FillRule.WindingFill)  # overlapping markers stay filled, not hollowed out
            for x, y in centres[first:first + VECTOR_MARKERS].tolist():
                path.addPath(marker.translated(x, y))
            painter.drawPath(path)

    def _stamp(self, ratio: float) -> QPixmap:
        if ratio not in self._stamps:
            image = renderSymbol(self.symbol, self.size, self.pen, self.brush, dpr=ratio)
            assert isinstance(image, QImage)
            self._stamps[ratio] = QPixmap.fromImage(image)
        return self._stamps[ratio]

    # ------------------------------------------------------------------ extent (for pyqtgraph's view box)

    def dataBounds(self, ax: int, frac: float = 1.0,  # noqa: N802 (pyqtgraph's names)
                   orthoRange: Any = None) -> tuple[float, float] | tuple[None, None]:  # noqa: N803
        return self._bounds[ax] if self._bounds is not None else (None, None)

    def pixelPadding(self) -> float:  # noqa: N802 (pyqtgraph's name)
        return self._extent

    def boundingRect(self) -> QRectF:  # noqa: N802 (Qt override)
        if self._bounds is None:
            return QRectF()
        (left, right), (bottom, top) = self._bounds
        across, up = self.pixelVectors()  # one pixel, in data units (None before the item is in a view)
        px = self._extent * (across.length() if across is not None else 0.0)
        py = self._extent * (up.length() if up is not None else 0.0)
        return QRectF(left - px, bottom - py, right - left + 2 * px, top - bottom + 2 * py)

    def viewTransformChanged(self) -> None:  # noqa: N802 (pyqtgraph's hook)
        self.prepareGeometryChange()  # the markers' padding, in data units, changed with the zoom
        super().viewTransformChanged()

    # ------------------------------------------------------------------ mouse

    def tip_text(self, hits: np.ndarray) -> str:
        """The words for the points under the cursor: the first few in full, then how many more."""
        words = [self._tip(int(self.indexes[i])) for i in hits[:TIP_POINTS]]
        if len(hits) > TIP_POINTS:
            words.append(f"…and {plural(len(hits) - TIP_POINTS, 'other')}.")
        return "\n\n".join(words)

    def hoverEvent(self, event: Any) -> None:  # noqa: N802 (pyqtgraph's hook)
        view = self.getViewBox()
        if view is None:
            return
        hits = np.zeros(0, dtype=np.int64) if event.exit else self.under(event.pos())
        if len(hits):
            view.setToolTip(self.tip_text(hits))
            self._tooltip_set = True
        elif self._tooltip_set:
            view.setToolTip("")
            self._tooltip_set = False

    def mouseClickEvent(self, event: Any) -> None:  # noqa: N802 (pyqtgraph's hook)
        hits = self.under(event.pos()) if event.button() == Qt.MouseButton.LeftButton else np.zeros(0)
        if len(hits):
            event.accept()
            self.clicked.emit(self.indexes[hits])
        else:
            event.ignore()


def _numbers(transform: QTransform) -> tuple[float, ...]:
    """An affine transform as the six numbers that say it (to tell whether it changed)."""
    return transform.m11(), transform.m12(), transform.m21(), transform.m22(), transform.dx(), transform.dy()
