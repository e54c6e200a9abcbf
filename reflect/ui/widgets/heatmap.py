"""The Trends heatmap: tips × periods in cividis, with n in each cell and thin cells hatched.

Cells backed by fewer than ``reflect.wording.MIN_CELL_N`` applicable answers are hatched
(the same rule as the PDF heatmap), and each cell is labelled with its n while the grid is
small enough to read, so a week of two sessions does not look as firm as a week of twenty.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Signal
from PySide6.QtWidgets import QWidget

from reflect.contrast import label_ink
from reflect.ui.widgets.trend_chart import export, style_plot
from reflect.wording import MIN_CELL_N

MAX_LABELLED_CELLS = 240  # beyond this the labels overlap; the hover text still gives n
HATCH = 12  # pixels per cell side in the hatching image


def hatch_pattern(thin: np.ndarray) -> np.ndarray:
    """RGBA image (columns·HATCH, rows·HATCH, 4): grey diagonal stripes over the thin cells."""
    columns, rows = thin.shape
    x, y = np.meshgrid(np.arange(columns * HATCH), np.arange(rows * HATCH), indexing="ij")
    stripe = ((x + y) % 6) < 2
    cover = np.repeat(np.repeat(thin, HATCH, axis=0), HATCH, axis=1) & stripe
    image = np.zeros((columns * HATCH, rows * HATCH, 4), dtype=np.uint8)
    image[cover] = (255, 255, 255, 200)
    return image


class Heatmap(pg.PlotWidget):
    """Tips (rows) × periods (columns), cividis colours; hover shows value and n, click selects."""

    cellClicked = Signal(int, int)  # column, row

    def __init__(self, describe: Callable[[int, int], str], parent: QWidget | None = None) -> None:
        super().__init__(parent=parent)
        self._describe = describe
        self.values = np.zeros((0, 0))
        self.hover_text = ""
        self.setAccessibleName("Heatmap of tips by period")
        self.setMinimumHeight(260)
        item = self.getPlotItem()
        item.setMenuEnabled(False)
        item.setTitle(f"Rating per tip and period (darker = lower; blank = no applicable rating; "
                      f"hatched = fewer than {MIN_CELL_N} answers)")
        item.getViewBox().invertY(True)
        item.getViewBox().setMouseEnabled(x=False, y=False)
        self.image = pg.ImageItem(axisOrder="col-major")
        self.addItem(self.image)
        self.hatching = pg.ImageItem(axisOrder="col-major")  # cells with fewer than MIN_CELL_N answers
        self.addItem(self.hatching)
        self.counts = np.zeros((0, 0), dtype=np.int64)
        self.labels: list[pg.TextItem] = []
        # cividis: readable with every common colour-vision deficiency, and in greyscale
        self.colour_bar = pg.ColorBarItem(values=(0, 100), colorMap=pg.colormap.get("cividis"),
                                          interactive=False, label="%")
        self.colour_bar.setImageItem(self.image, insert_in=self.getPlotItem())
        style_plot(self)
        self.scene().sigMouseMoved.connect(self._hovered)
        self.scene().sigMouseClicked.connect(self._clicked)

    def set_data(self, values: np.ndarray, rows: list[str], columns: list[str], counts: np.ndarray | None = None) -> None:
        """values: (columns, rows) rates 0–1, NaN where a cell has no applicable rating; counts: n per cell."""
        self.values = values
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
            self.hatching.setImage(hatch_pattern(thin), autoLevels=False)
            self.hatching.setRect(0, 0, values.shape[0], values.shape[1])
            if values.size <= MAX_LABELLED_CELLS:
                self._label_cells(values)
        item.getAxis("left").setTicks([[(i + 0.5, text) for i, text in enumerate(rows)]])
        step = max(1, math.ceil(len(columns) / 12))
        item.getAxis("bottom").setTicks([[(i + 0.5, columns[i]) for i in range(0, len(columns), step)]])
        item.getViewBox().setRange(xRange=(0, max(1, values.shape[0])), yRange=(0, max(1, len(rows))), padding=0)

    def _label_cells(self, values: np.ndarray) -> None:
        """n in every rated cell, so a thin week does not look as firm as a full one."""
        for column in range(values.shape[0]):
            for row in range(values.shape[1]):
                if math.isnan(values[column, row]):
                    continue
                fill = self.colour_bar.colorMap().map(float(values[column, row]), mode="float")
                ink = tuple(round(255 * c) for c in label_ink(fill))
                label = pg.TextItem(f"n={int(self.counts[column, row])}", color=ink, anchor=(0.5, 0.5))
                label.setPos(column + 0.5, row + 0.5)
                self.addItem(label)
                self.labels.append(label)

    def cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        point = self.getPlotItem().getViewBox().mapSceneToView(scene_pos)
        column, row = math.floor(point.x()), math.floor(point.y())
        if 0 <= column < self.values.shape[0] and 0 <= row < self.values.shape[1]:
            return column, row
        return None

    def _hovered(self, scene_pos: QPointF) -> None:
        cell = self.cell_at(scene_pos)
        self.hover_text = self._describe(*cell) if cell else ""
        self.setToolTip(self.hover_text)

    def _clicked(self, event: object) -> None:
        cell = self.cell_at(event.scenePos())  # type: ignore[attr-defined]
        if cell is not None:
            self.cellClicked.emit(*cell)

    def save(self, path: Path) -> Path:
        return export(self, path)
