"""The PDFs use the window's palette (reflect/design.py LIGHT): one product on screen and on paper."""

from __future__ import annotations

from datetime import date, timedelta

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.lib import colors

from reflect import analytics
from reflect.analytics import Bin, RatingTable
from reflect.demo import generate
from reflect.design import GRAPHIC_CONTRAST, LIGHT, contrast
from reflect.frameworks import FrameworkCatalog
from reflect.reports.charts import score_chart
from reflect.reports.pdf import styles

TODAY = date(2026, 11, 30)


def _hex(colour: object) -> str:
    assert isinstance(colour, colors.Color)
    return "#" + colour.hexval()[2:].lower()


def test_report_text_uses_the_design_palette() -> None:
    s = styles()
    assert _hex(s["body"].textColor) == LIGHT.text
    assert _hex(s["title"].textColor) == _hex(s["h1"].textColor) == LIGHT.accent  # the one accent
    assert _hex(s["small"].textColor) == LIGHT.muted


def test_score_chart_lines_and_dots_are_visible_on_paper(catalog: FrameworkCatalog) -> None:
    records = generate(catalog.default(), 200, TODAY, seed=3)
    board = analytics.dashboard(RatingTable.build(records, catalog, catalog.default()),
                                TODAY - timedelta(days=180), TODAY, Bin.MONTH)
    plot = next(item for item in score_chart(board).contents if isinstance(item, LinePlot))
    dots = plot.lines[0].symbol.fillColor
    line = plot.lines[1].strokeColor
    assert _hex(line) == LIGHT.accent
    for graphic in (dots, line, plot.xValueAxis.strokeColor):
        assert contrast(_hex(graphic), "#ffffff") >= GRAPHIC_CONTRAST, _hex(graphic)
