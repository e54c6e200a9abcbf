"""The score chart's dots: every reflection is shown where its score is, without drawing the same spot twice.

reportlab draws each dot in Python, so an all-time report at 100,000 reflections spent most of
its time on dots printed on top of each other.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
from reportlab.graphics.charts.lineplots import LinePlot

from reflect import analytics
from reflect.analytics import Bin, RatingTable
from reflect.demo import generate
from reflect.frameworks import FrameworkCatalog
from reflect.reports.charts import DOT_CELL, score_chart

TODAY = date(2026, 11, 30)


def test_every_reflection_is_under_a_dot_and_no_spot_is_drawn_twice(catalog: FrameworkCatalog) -> None:
    records = generate(catalog.default(), 3000, TODAY, seed=5)  # years of data: many share a day and a score
    board = analytics.dashboard(RatingTable.build(records, catalog, catalog.default()),
                                TODAY - timedelta(days=3650), TODAY, Bin.QUARTER)
    plot = next(item for item in score_chart(board).contents if isinstance(item, LinePlot))
    drawn = np.array(plot.data[0])
    low, high = plot.xValueAxis.valueMin, plot.xValueAxis.valueMax
    to_points = np.array([plot.width / (high - low), plot.height / 100])  # data units → points on paper

    origin = analytics.day_seconds(board.start)
    shown = [(float(x), float(y)) for x, y in zip((board.table.times - origin) / 86400.0, board.scores, strict=True)
             if not math.isnan(y)]
    assert len(shown) > 2000
    assert len(drawn) < len(shown)  # reflections on the same spot share one dot
    for x, y in shown:  # each reflection's own spot is printed, within a quarter of a point
        nearest = np.min(np.hypot(*((drawn - (x, y)) * to_points).T))
        assert nearest <= DOT_CELL * math.sqrt(2)
    spots = {(math.floor((x - low) * to_points[0] / DOT_CELL), math.floor(y * to_points[1] / DOT_CELL)) for x, y in drawn}
    assert len(spots) == len(drawn)  # and none twice
