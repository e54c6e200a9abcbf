"""The Trends heatmap: tips × periods on a colour-blind-safe scale, sessions in each cell, thin cells hatched.

Cells backed by fewer than ``reflect.wording.MIN_CELL_N`` applicable answers are hatched
(the same rule as the PDF heatmap), and each cell shows how many sessions it rests on
while the grid is small enough to read, so a week of two sessions does not look as firm
as a week of twenty. The colours are cividis, which reads the same in greyscale and for
common colour-vision differences; the page calls it simply the colour scale. Cells can be
reached from the keyboard: arrows move a focus frame, Enter lists the cell's reflections.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent, QFocusEvent, QFontMetricsF, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QGraphicsRectItem, QWidget

from reflect.contrast import label_ink
from reflect.glossary import meaning
from reflect.grammar import plural
from reflect.ui.widgets.chart_export import export
from reflect.ui.widgets.chart_style import colours, focus_pen, style_plot
from reflect.ui.widgets.date_ticks import GAP
from reflect.wording import MIN_CELL_N

MAX_LABELLED_CELLS = 240  # beyond this the labels overlap; the hover text still gives the count
HATCH = 12  # pixels per cell side in the hatching image (a multiple of STRIPE_PERIOD)
STEPS = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
TITLE = "Rating per tip and period (darker is lower)"
KEY = (f"The number in a cell is its sessions; hatched cells have fewer than {MIN_CELL_N}, "
       "blank ones no applicable rating.")


STRIPE = (255, 255, 255, 200)  # light, mostly opaque
STRIPE_PERIOD = 6  # pixels from one stripe to the next; a cell side is a multiple of it
MANY_COLUMNS = 100  # past this many periods a cell is a few pixels wide: its hatching is drawn at half size


def hatch_pattern(thin: np.ndarray, side: int = HATCH) -> np.ndarray:
    """RGBA image (columns·side, rows·side, 4): light diagonal stripes over the thin cells.

    Every cell's stripes are alike, so the image is one cell's pattern laid over the thin cells
    (coordinate grids for every pixel took up to 0.18 s for a weekly heatmap over 16 years)."""
    columns, rows = thin.shape
    cell = np.add.outer(np.arange(side), np.arange(side)) % STRIPE_PERIOD < 2
    cover = (thin[:, None, :, None] & cell[None, :, None, :]).reshape(columns * side, rows * side)
    return cover[..., None] * np.array(STRIPE, dtype=np.uint8)


class Heatmap(pg.PlotWidget):
    """Tips (rows) × periods (columns); hover shows value and sessions, click or Enter lists reflections."""

    cellClicked = Signal(int, int)  # column, row

    def __init__(self, describe: Callable[[int, int], str], parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self._describe = describe
        self.values = np.zeros((0, 0))
        self.counts = np.zeros((0, 0), dtype=np.int64)
        self.rows: list[str] = []
        self.columns: list[str] = []
        self.hover_text = ""
        self.focused: tuple[int, int] | None = None
        self.setAccessibleName("Heatmap of tips by period")
        self.viewport().setAccessibleName(self.accessibleName())  # the drawing surface inside the chart
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMinimumHeight(200)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setTitle(TITLE)
        item.getViewBox().invertY(True)
        item.getViewBox().setMouseEnabled(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.addItem(self.image)
        self.hatching = pg.ImageItem(axisOrder="col-major")  # cells with fewer than MIN_CELL_N answers
        self.addItem(self.hatching)
        self.frame = QGraphicsRectItem()  # the keyboard's cell
        self.frame.setPen(focus_pen())
        self.frame.setZValue(10)
        self.frame.setVisible(False)
        self.addItem(self.frame)
        self.labels: list[pg.TextItem] = []
        self.colour_bar = pg.ColorBarItem(values=(0, 100), colorMap=pg.colormap.get("cividis"),
                                          interactive=False, label="%")
        self.colour_bar.setImageItem(self.image, insert_in=self.getPlotItem())
        self.colour_bar.setToolTip(meaning("colour_scale"))
        self.setToolTip(meaning("colour_scale"))
        self._restyle()
        self.scene().sigMouseMoved.connect(self._hovered)
        self.scene().sigMouseClicked.connect(self._clicked)
        self._summarise()

    def _restyle(self) -> None:
        style_plot(self)
        self.colour_bar.axis.setTextPen(pg.mkPen(colours().text))
        self.frame.setPen(focus_pen())

    def set_data(self, values: np.ndarray, rows: list[str], columns: list[str], counts: np.ndarray | None = None) -> None:
        """values: (columns, rows) rates 0–1, NaN where a cell has no applicable rating; counts: sessions per cell."""
        self._restyle()  # the scheme may have changed since the last drawing
        self.values = values
        self.rows, self.columns = rows, columns
        self.counts = np.zeros(values.shape, dtype=np.int64) if counts is None else counts
        item = self.getPlotItem()
        for label in self.labels:
            self.removeItem(label)
        self.labels = []
        if values.size == 0:
            self.image.clear()
            self.hatching.clear()
        else:
            self.image.setImage(100 * values, levels=(0.0, 100.0), autoLevels=False)
            self.image.setRect(0, 0, values.shape[0], values.shape[1])
            thin = (self.counts < MIN_CELL_N) & ~np.isnan(values)
            side = HATCH if values.shape[0] <= MANY_COLUMNS else HATCH // 2
            self.hatching.setImage(hatch_pattern(thin, side), autoLevels=False)
            self.hatching.setRect(0, 0, values.shape[0], values.shape[1])
            if values.size <= MAX_LABELLED_CELLS:
                self._label_cells(values)
        item.getAxis("left").setTicks([[(i + 0.5, text) for i, text in enumerate(rows)]])
        self._column_ticks()
        item.getViewBox().setRange(xRange=(0, max(1, values.shape[0])), yRange=(0, max(1, len(rows))), padding=0)
        if self.focused is not None and not self._inside(*self.focused):
            self.focused = None
        self._show_focus()
        self._summarise()

    def _column_ticks(self) -> None:
        """Every n-th period named, n chosen so the names keep apart at the width the grid has now."""
        if not self.columns:
            self.getPlotItem().getAxis("bottom").setTicks([[]])
            return
        metrics = QFontMetricsF(self.font())
        widest = max(metrics.horizontalAdvance(text) for text in self.columns) + GAP
        cell = max(1.0, self.getPlotItem().getViewBox().width() / len(self.columns))
        step = max(1, math.ceil(widest / cell))
        ticks = [(i + 0.5, self.columns[i]) for i in range(0, len(self.columns), step)]
        self.getPlotItem().getAxis("bottom").setTicks([ticks])

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        if hasattr(self, "columns"):  # resizes come before __init__ ends
            self._column_ticks()

    def _label_cells(self, values: np.ndarray) -> None:
        """Sessions in every rated cell, so a thin week does not look as firm as a full one."""
        for column in range(values.shape[0]):
            for row in range(values.shape[1]):
                if math.isnan(values[column, row]):
                    continue
                fill = self.colour_bar.colorMap().map(float(values[column, row]), mode="float")
                ink = tuple(round(255 * c) for c in label_ink(fill))
                label = pg.TextItem(str(int(self.counts[column, row])), color=ink, anchor=(0.5, 0.5))
                label.setPos(column + 0.5, row + 0.5)
                self.addItem(label)
                self.labels.append(label)

    def _inside(self, column: int, row: int) -> bool:
        return 0 <= column < self.values.shape[0] and 0 <= row < self.values.shape[1]

    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        point = self.getPlotItem().getViewBox().mapSceneToView(scene_pos)
        column, row = math.floor(point.x()), math.floor(point.y())
        return (column, row) if self._inside(column, row) else None

    def _hovered(self, scene_pos: QPointF) -> None:
        cell = self.cell_at(scene_pos)
        self.hover_text = self._describe(*cell) if cell else ""
        self.setToolTip(self.hover_text or meaning("colour_scale"))

    def _clicked(self, event: object) -> None:
        cell = self.cell_at(event.scenePos())  # type: ignore[attr-defined]
        if cell is not None:
            self.focused = cell
            self.cellClicked.emit(*cell)

    # ------------------------------------------------------------------ keyboard

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        if self.values.size == 0 or not (key in STEPS or key in (Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                                                   Qt.Key.Key_Space, Qt.Key.Key_Home, Qt.Key.Key_End)):
            super().keyPressEvent(event)
            return
        column, row = self.focused or self._start()
        if key in STEPS:
            step = STEPS[Qt.Key(key)]
            column = min(max(column + step[0], 0), self.values.shape[0] - 1)
            row = min(max(row + step[1], 0), self.values.shape[1] - 1)
        elif key == Qt.Key.Key_Home:
            column = 0
        elif key == Qt.Key.Key_End:
            column = self.values.shape[0] - 1
        else:
            self.cellClicked.emit(column, row)
        self.focused = (column, row)
        self._show_focus()

    def _start(self) -> tuple[int, int]:
        """Where the keyboard starts: the latest period, first tip."""
        return max(0, self.values.shape[0] - 1), 0

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        if self.values.size and self.focused is None:
            self.focused = self._start()
        self._show_focus()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self._show_focus()

    def _show_focus(self) -> None:
        """Frame the keyboard's cell and make its words the accessible description."""
        shown = self.focused is not None and self.hasFocus()
        self.frame.setVisible(shown)
        if not shown or self.focused is None:
            self.setAccessibleDescription(self.summary)
            return
        column, row = self.focused
        self.frame.setRect(QRectF(column + 0.06, row + 0.08, 0.88, 0.84))
        self.hover_text = self._describe(column, row)
        self.setAccessibleDescription(self.hover_text)
        QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))

    # ------------------------------------------------------------------ words

    def table(self) -> tuple[list[str], list[list[str]]]:
        """The cells as a table: a row per tip, a column per period, "72 % (24 sessions)" or blank."""
        rows = []
        for row, tip in enumerate(self.rows):
            cells = [tip]
            for column in range(self.values.shape[0]):
                value = self.values[column, row]
                cells.append("" if math.isnan(value) else
                             f"{100 * value:.0f} % ({plural(int(self.counts[column, row]), 'session')})")
            rows.append(cells)
        return ["Tip", *self.columns], rows

    def _summarise(self) -> None:
        if self.values.size == 0:
            self.summary = "Heatmap of tips by period: nothing to show in this range."
        else:
            self.summary = (f"Heatmap: {plural(len(self.rows), 'tip')} down, {plural(len(self.columns), 'period')} "
                            "across, each cell the rating and its sessions. Arrow keys move between cells, "
                            "Enter lists their reflections.")
        if not (self.focused is not None and self.hasFocus()):
            self.setAccessibleDescription(self.summary)

    def save(self, path: Path) -> Path:
        return export(self, path)
