"""Heatmap labels (PDF and Trends page) contrast at least 4.5:1 with their cell, whatever its value."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from pytestqt.qtbot import QtBot
from reportlab.graphics.shapes import Rect, String

from reflect import analytics
from reflect.analytics import Bin, RatingTable
from reflect.contrast import contrast_ratio
from reflect.demo import generate
from reflect.frameworks import FrameworkCatalog
from reflect.reports.charts import cell_ink, cividis, heatmap
from reflect.ui.widgets.heatmap import Heatmap

AA = 4.5
TODAY = date(2026, 11, 30)


def _rgb(color: object) -> tuple[float, float, float]:
    return (color.red, color.green, color.blue)  # type: ignore[attr-defined]


def test_every_pdf_cell_label_reads_at_aa_contrast(catalog: FrameworkCatalog) -> None:
    records = generate(catalog.default(), 400, TODAY, seed=11)
    board = analytics.dashboard(RatingTable.build(records, catalog, catalog.default()),
                                TODAY - timedelta(days=365), TODAY, Bin.MONTH)
    drawing = heatmap(board)
    cells = [s for s in drawing.contents if isinstance(s, Rect) and s.strokeWidth == 0.3 and s.fillColor is not None
             and _rgb(s.fillColor) != (1.0, 1.0, 1.0)]
    checked = 0
    for text in (s for s in drawing.contents if isinstance(s, String)):
        cell = next((c for c in cells if c.x <= text.x <= c.x + c.width and c.y <= text.y <= c.y + c.height), None)
        if cell is not None:
            assert contrast_ratio(_rgb(text.fillColor), _rgb(cell.fillColor)) >= AA, (text.text, cell.fillColor)
            checked += 1
    assert cells and checked == 2 * len(cells)  # each rated cell's rating and n were looked at


def test_the_label_colour_suits_every_cividis_colour() -> None:
    for value in np.linspace(0.0, 1.0, 401):
        fill = cividis(float(value))
        assert contrast_ratio(_rgb(cell_ink(fill)), _rgb(fill)) >= AA, value


def test_every_trends_heatmap_label_reads_at_aa_contrast(qtbot: QtBot) -> None:
    widget = Heatmap(lambda column, row: "")
    qtbot.addWidget(widget)
    values = np.linspace(0.0, 1.0, 101).reshape(101, 1)
    widget.set_data(values, ["Hope"], [str(i) for i in range(101)], np.full((101, 1), 8))
    colour_map = widget.colour_bar.colorMap()
    assert len(widget.labels) == 101
    for label, value in zip(widget.labels, values[:, 0], strict=True):
        ink = label.color
        fill = colour_map.map(float(value), mode="float")
        assert contrast_ratio((ink.redF(), ink.greenF(), ink.blueF()), fill) >= AA, value
