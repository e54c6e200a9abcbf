"""Vector charts for the PDFs (reportlab.graphics): the score chart and the tips × period heatmap.

They draw the same ``Dashboard`` series the Trends page draws, so paper and screen agree.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect, String, UserNode
from reportlab.graphics.widgets.markers import Marker, makeMarker
from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth

from reflect import analytics
from reflect.analytics import Bin, Dashboard
from reflect.contrast import label_ink
from reflect.figures import tip_name
from reflect.reports.pdf import ACCENT, BORDER, INK, MUTED, RULE, WIDTH, check_build
from reflect.wording import MIN_CELL_N, shown

# cividis (Nuñez, Anderton & Renslow 2018, CC0) at 17 evenly spaced points, as on the Trends heatmap:
# readable with every common colour-vision deficiency and in greyscale
CIVIDIS = (
    "#00204d", "#002c69", "#06366e", "#2d426c", "#414d6b", "#52596c", "#61646f", "#6f7073", "#7d7c78",
    "#8b8779", "#9b9477", "#aca174", "#bcaf6f", "#cebc68", "#e0cb5e", "#f2da50", "#ffea46",
)


def cividis(value: float) -> colors.Color:
    """The cividis colour for a rate 0–1, interpolated between the 17 anchors."""
    position = min(max(value, 0.0), 1.0) * (len(CIVIDIS) - 1)
    index = min(int(position), len(CIVIDIS) - 2)
    low, high = colors.HexColor(CIVIDIS[index]), colors.HexColor(CIVIDIS[index + 1])
    share = position - index
    return colors.Color(*(a + (b - a) * share for a, b in ((low.red, high.red), (low.green, high.green),
                                                           (low.blue, high.blue))))


def cell_ink(fill: colors.Color) -> colors.Color:
    """The label colour (black or white) with the higher WCAG contrast on a cell's fill."""
    return colors.Color(*label_ink((fill.red, fill.green, fill.blue)))


def _tick_labels(board: Dashboard, room: int) -> dict[float, str]:
    """Day offset from the period's start → label, for at most `room` period starts inside the period."""
    inside = [p for p in board.periods if p.start >= board.start]
    step = max(1, math.ceil(len(inside) / room))
    return {float((p.start - board.start).days): p.short_label for p in inside[::step]}


DOT_CELL = 0.25  # points (1/288 inch): dots closer than this print as one


def _printed_dots(
    days: np.ndarray, scores: np.ndarray, x_range: tuple[float, float], size: tuple[float, float]
) -> list[tuple[float, float]]:
    """Each reflection's (day, score) as a dot, one per DOT_CELL square of the plot.

    Dots in the same square print as the same ink, and reportlab draws each in Python (about
    0.1 ms a dot: 11 of the 15 s an all-time report took at 100,000 reflections), so only the
    first of each square is kept.
    """
    keep = ~np.isnan(scores)
    x, y = days[keep], scores[keep]
    (low, high), (width, height) = x_range, size
    columns = np.floor((x - low) * (width / max(high - low, 1e-9) / DOT_CELL))
    rows = np.floor(y * (height / 100 / DOT_CELL))
    _cells, first = np.unique(np.stack([columns, rows], axis=1), axis=0, return_index=True)
    first.sort()
    return [(float(a), float(b)) for a, b in zip(x[first], y[first], strict=True)]


DOTS_PER_CHECK = 500  # about 50 ms of drawing between two looks at whether the build is to stop


class _Checkpoint(UserNode):
    """A dot that, as it is drawn, first lets the build report where it is and stop if told to."""

    def __init__(self, dot: Marker) -> None:
        self._dot = dot

    def provideNode(self) -> Any:  # noqa: N802 (reportlab API)
        check_build()
        return self._dot.provideNode()


class _Dots:
    """The score chart's dots, made as the chart is drawn (a LinePlot symbol may be a callable), every
    ``DOTS_PER_CHECK``-th one a checkpoint as it is made and as it is drawn: an all-time chart at 100,000
    reflections has about 20,000 dots, 3 s, and a Cancel must not wait for all of them."""

    def __init__(self) -> None:
        self._dot = makeMarker("Circle", size=1.8, fillColor=BORDER, strokeColor=None)
        self._made = 0

    @property
    def fillColor(self) -> colors.Color:  # noqa: N802 (a Marker's name: the dots' colour, read as a marker's)
        return self._dot.fillColor

    def __call__(self, x: float, y: float, _size: float, _colour: object) -> Marker | _Checkpoint:
        dot = self._dot.clone()
        dot.x, dot.y = x, y
        self._made += 1
        if self._made % DOTS_PER_CHECK:
            return dot
        check_build()  # the plot makes all its dots (about 1 s) before any is drawn
        return _Checkpoint(dot)


def score_chart(board: Dashboard, width: float = WIDTH, height: float = 220) -> Drawing:
    """The average score per period as a line over each reflection's score as grey dots."""
    drawing = Drawing(width, height)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 34, 22, width - 44, height - 40
    origin = analytics.day_seconds(board.start)
    line = board.score_line
    x = (line.x - origin) / 86400.0
    segments: list[list[tuple[float, float]]] = [[]]
    for index in range(len(x)):
        if line.n[index] > 0:
            segments[-1].append((float(x[index]), float(100 * line.mean[index])))
        elif segments[-1]:
            segments.append([])
    span = float((board.end - board.start).days + 1)
    drawn = [point[0] for segment in segments for point in segment]  # period middles may fall just outside the dates
    x_range = (min([0.0, *drawn]), max([span, *drawn]))
    dots = _printed_dots((board.table.times - origin) / 86400.0, board.scores, x_range, (plot.width, plot.height))
    data = [dots or [(0.0, 0.0)]] + [s for s in segments if s]
    plot.data = data
    plot.lines[0].strokeColor = None
    plot.lines[0].symbol = _Dots() if dots else None
    for index in range(1, len(data)):
        plot.lines[index].strokeColor = ACCENT
        plot.lines[index].strokeWidth = 1.8
        plot.lines[index].symbol = makeMarker("Circle", size=4, fillColor=ACCENT, strokeColor=colors.white,
                                              strokeWidth=0.5)
    ticks = _tick_labels(board, max(2, int(plot.width // 48)))
    axis = plot.xValueAxis
    axis.valueMin, axis.valueMax = x_range
    axis.valueSteps = sorted(ticks) or [0.0]
    axis.labelTextFormat = lambda value: ticks.get(float(value), "")
    axis.labels.fontName, axis.labels.fontSize, axis.labels.fillColor = "Helvetica", 7, MUTED
    axis.strokeColor = BORDER
    yaxis = plot.yValueAxis
    yaxis.valueMin, yaxis.valueMax, yaxis.valueStep = 0, 100, 25
    yaxis.labelTextFormat = "%d %%"
    yaxis.labels.fontName, yaxis.labels.fontSize, yaxis.labels.fillColor = "Helvetica", 7, MUTED
    yaxis.strokeColor = BORDER
    yaxis.visibleGrid = True
    yaxis.gridStrokeColor = RULE
    yaxis.gridStrokeWidth = 0.4
    drawing.add(plot)
    unit = {Bin.WEEK: "week", Bin.MONTH: "month", Bin.QUARTER: "quarter"}.get(board.size, "period")
    legend_y = height - 9
    drawing.add(Line(plot.x, legend_y + 3, plot.x + 16, legend_y + 3, strokeColor=ACCENT, strokeWidth=1.8))
    drawing.add(String(plot.x + 20, legend_y, f"average reflection score per {unit}", fontName="Helvetica",
                       fontSize=7.5, fillColor=INK))
    drawing.add(Rect(plot.x + 170, legend_y + 1.5, 3, 3, fillColor=BORDER, strokeColor=None))
    drawing.add(String(plot.x + 177, legend_y, "one reflection", fontName="Helvetica", fontSize=7.5, fillColor=INK))
    return drawing


def heatmap(board: Dashboard, width: float = WIDTH) -> Drawing:
    """Tips (rows) × periods (columns) in cividis, each cell with its rating and n; thin cells hatched.

    A cell backed by fewer than ``MIN_CELL_N`` applicable answers is hatched, so a week of
    two sessions does not look as firm as a week of twenty.
    """
    tips = board.table.tips
    columns = board.columns
    label_width, cell_height, axis_height, legend_height = 118.0, 18.0, 16.0, 34.0
    cell_width = (width - label_width) / max(1, columns)
    grid_height = cell_height * len(tips)
    height = legend_height + grid_height + axis_height
    drawing = Drawing(width, height)
    top = height - legend_height
    values = np.column_stack([board.tips[t.id].mean for t in tips]) if columns else np.zeros((0, len(tips)))
    counts = np.column_stack([board.tips[t.id].n for t in tips]) if columns else np.zeros((0, len(tips)))
    show_numbers = cell_width >= 13
    for row, tip in enumerate(tips):
        y = top - (row + 1) * cell_height
        drawing.add(String(label_width - 6, y + 6, tip_name(tip)[:30], fontName="Helvetica", fontSize=7.5,
                           fillColor=INK, textAnchor="end"))
        for column in range(columns):
            x = label_width + column * cell_width
            value, n = float(values[column, row]), int(counts[column, row])
            if math.isnan(value):
                drawing.add(Rect(x, y, cell_width, cell_height, fillColor=colors.white, strokeColor=RULE,
                                 strokeWidth=0.3))
                continue
            fill = cividis(value)
            drawing.add(Rect(x, y, cell_width, cell_height, fillColor=fill, strokeColor=colors.white,
                             strokeWidth=0.3))
            ink = cell_ink(fill)
            if n < MIN_CELL_N:
                _hatch(drawing, x, y, cell_width, cell_height, ink)
            if show_numbers:
                size = 6.5 if cell_width < 20 else 7
                drawing.add(String(x + cell_width / 2, y + 9, f"{shown(value)}", fontName="Helvetica-Bold",
                                   fontSize=size, fillColor=ink, textAnchor="middle"))
                drawing.add(String(x + cell_width / 2, y + 2.5, f"{n}", fontName="Helvetica", fontSize=5.5,
                                   fillColor=ink, textAnchor="middle"))
    step = max(1, math.ceil(columns * 36 / max(1.0, width - label_width)))
    for column in range(0, columns, step):
        drawing.add(String(label_width + (column + 0.5) * cell_width, top - grid_height - 10,
                           board.periods[column].short_label, fontName="Helvetica", fontSize=6.5, fillColor=MUTED,
                           textAnchor="middle"))
    _heat_legend(drawing, label_width, height - 12)
    return drawing


def _hatch(drawing: Drawing, x: float, y: float, width: float, height: float, ink: colors.Color) -> None:
    """Diagonal lines across a cell, clipped to it by hand (reportlab shapes have no clipping)."""
    step = 4.0
    offset = -height
    while offset < width:
        x0, y0 = x + max(offset, 0.0), y + max(-offset, 0.0)
        x1 = x + min(offset + height, width)
        y1 = y0 + (x1 - x0)
        drawing.add(Line(x0, y0, x1, y1, strokeColor=ink, strokeWidth=0.35, strokeOpacity=0.55))
        offset += step


# what a heatmap cell's two numbers are (the top one large, the count of sessions small beneath)
CELL_KEY = "in each cell: rating (Partly = ½) in %, sessions below"


def _heat_legend(drawing: Drawing, x: float, y: float) -> None:
    """The colour scale, the empty and hatched cells, and what a cell's two numbers are, laid out left to
    right and wrapped onto a second line before the drawing's right edge (the page margin)."""
    steps, bar = 50, 120.0
    for index in range(steps):
        drawing.add(Rect(x + index * bar / steps, y, bar / steps + 0.2, 7, fillColor=cividis(index / (steps - 1)),
                         strokeColor=None))
    for share, text in ((0.0, "0 %"), (0.5, "50 %"), (1.0, "100 %")):
        drawing.add(String(x + share * bar, y - 8, text, fontName="Helvetica", fontSize=6.5, fillColor=MUTED,
                           textAnchor="middle"))
    right, start = drawing.width, x + bar + 22  # clear of the "100 %" under the bar's end
    at = start
    for text, swatch in (("no applicable rating", "empty"), (f"fewer than {MIN_CELL_N} sessions", "hatched"),
                         (CELL_KEY, "")):
        room = (13 if swatch else 0) + stringWidth(text, "Helvetica", 6.5)
        if at + room > right:
            at, y = start, y - 10
        if swatch == "empty":
            drawing.add(Rect(at, y, 10, 7, fillColor=colors.white, strokeColor=RULE, strokeWidth=0.5))
        elif swatch == "hatched":
            drawing.add(Rect(at, y, 10, 7, fillColor=cividis(0.5), strokeColor=None))
            _hatch(drawing, at, y, 10, 7, colors.white)
        drawing.add(String(at + room - stringWidth(text, "Helvetica", 6.5), y + 1, text, fontName="Helvetica",
                           fontSize=6.5, fillColor=MUTED))
        at += room + 12
