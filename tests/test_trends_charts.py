"""Trends charts people can read: small multiples, direct labels, calm date axes, keyboard focus, tables."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPainter, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QTableView, QWidget
from pytestqt.qtbot import QtBot

from reflect.design import DARK, DASHES, LIGHT, MARKERS
from reflect.glossary import meaning
from reflect.ui.pages.trends import TrendsView
from reflect.ui.pages.trends.tabs import CompareTab, GroupsTab, HeatmapTab, ScoreTab, TipsTab
from reflect.ui.widgets.heatmap import Heatmap
from reflect.ui.widgets.trend_chart import BAND_POINTS, TrendChart, envelope
from tests.helpers import listed_now


@pytest.fixture
def view(trends_on_demo_data: TrendsView) -> TrendsView:
    return trends_on_demo_data


def show_tab(view: TrendsView, qtbot: QtBot, kind: type) -> None:
    """Click a tab, and wait until it is drawn (the Tips tab makes its small charts one per turn)."""
    view.tabs.setCurrentIndex(next(i for i, tab in enumerate(view.charts) if isinstance(tab, kind)))
    qtbot.waitUntil(lambda: not view.loading)
    qtbot.wait(20)


def drawn_labels(chart: TrendChart, side: str) -> list[tuple[QRectF, str]]:
    """The tick labels an axis draws now, with their rectangles (what a person sees)."""
    axis = chart.getPlotItem().getAxis(side)
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    assert specs is not None
    return [(rect, text) for rect, _flags, text in specs[2]]


def test_per_tip_rates_are_ten_small_charts_on_shared_axes(view: TrendsView, qtbot: QtBot) -> None:
    show_tab(view, qtbot, TipsTab)
    board = view.board
    assert board is not None
    charts = view.tab(TipsTab).multiples.charts
    assert list(charts) == [tip.id for tip in board.table.tips] and len(charts) == 10
    ranges = {tuple(map(tuple, chart.getPlotItem().getViewBox().viewRange())) for chart in charts.values()}
    assert len(ranges) == 1  # the same dates and the same 0–100 % in every small chart
    widths = [chart.width() for chart in charts.values()]
    heights = [chart.height() for chart in charts.values()]
    assert max(widths) - min(widths) <= 2 and max(heights) - min(heights) <= 2  # a grid of equals
    for tip in board.table.tips:
        chart = charts[tip.id]
        assert chart.accessibleName().endswith(tip.label)
        assert list(chart.series) == [tip.id]  # one line each, no legend to decode
        assert chart.getPlotItem().legend is None
        assert chart.accessibleDescription()


def test_0_and_100_are_labelled_and_last_points_sit_inside_at_1024(view: TrendsView, qtbot: QtBot) -> None:
    show_tab(view, qtbot, TipsTab)
    for chart in view.tab(TipsTab).multiples.charts.values():
        # once the chart's layout has settled (a moment after it is first shown)
        qtbot.waitUntil(lambda chart=chart: {"0 %", "100 %"} <= {text for _r, text in drawn_labels(chart, "left")})
        box = chart.getPlotItem().getViewBox()
        points = chart.series[next(iter(chart.series))]
        for x, y in ((points.x[0], points.y[0]), (points.x[-1], points.y[-1])):
            where = box.mapViewToScene(QPointF(float(x), float(y)))
            frame = box.sceneBoundingRect()
            assert frame.left() + 4 <= where.x() <= frame.right() - 4  # the whole marker shows
            assert frame.top() + 3 <= where.y() <= frame.bottom() - 3


@pytest.mark.parametrize(("preset", "width"), [(0, 1024), (1, 1024), (3, 1024), (1, 1920)])
def test_date_labels_never_touch_or_run_together(view: TrendsView, qtbot: QtBot, preset: int, width: int) -> None:
    view.resize(width, 640)
    view.period.range_combo.setCurrentIndex(preset)
    show_tab(view, qtbot, ScoreTab)
    for chart in (view.tab(ScoreTab).chart, next(iter(view.tab(TipsTab).multiples.charts.values()))):
        labels = drawn_labels(chart, "bottom")
        assert labels, preset
        axis = chart.getPlotItem().getAxis("bottom")
        font = QFontMetricsF(axis.style.get("tickFont") or axis.font())
        spans = []
        for rect, text in labels:
            assert re.fullmatch(r"(\d{1,2} )?[A-Z][a-z]{2}( \d{4})?|\d{4}", text), text  # "3 Nov", never "Nov03"
            middle = rect.center().x()
            spans.append((middle - font.horizontalAdvance(text) / 2, middle + font.horizontalAdvance(text) / 2))
        spans.sort()
        for (_left, end), (start, _right) in zip(spans, spans[1:], strict=False):
            assert start - end >= 8, labels


def test_lines_are_named_at_their_end_with_design_colours_markers_and_dashes(view: TrendsView, qtbot: QtBot) -> None:
    show_tab(view, qtbot, GroupsTab)
    chart = view.tab(GroupsTab).chart
    assert chart.getPlotItem().legend is None
    assert len(chart.lines) >= 3
    tops = []
    for index, (key, line) in enumerate(chart.lines.items()):
        pen = line.opts["pen"]
        assert pen.color().name().lower() == LIGHT.series[index].lower()
        assert bool(DASHES[index]) == (pen.style() == Qt.PenStyle.CustomDashLine)
        assert chart.dots[key].symbol == MARKERS[index]
        label = chart.end_labels[key]
        assert label.textItem.toPlainText() == chart.series[key].label
        assert label.pos().x() > chart.series[key].x[-1]  # beside the last point, not over the data
        rect = label.mapRectToScene(label.boundingRect())
        assert chart.getPlotItem().getViewBox().sceneBoundingRect().contains(rect)
        tops.append((rect.top(), rect.bottom()))
    tops.sort()
    for (_top, bottom), (top, _bottom) in zip(tops, tops[1:], strict=False):
        assert top >= bottom - 1  # the names never sit on each other
    score = view.tab(ScoreTab).chart
    assert score.dots["score-dots"].brush.color().name() == LIGHT.muted  # 7:1, not #999999


def test_arrow_keys_walk_the_points_and_enter_lists_their_reflections(view: TrendsView, qtbot: QtBot) -> None:
    view.period.range_combo.setCurrentIndex(0)
    show_tab(view, qtbot, TipsTab)
    board = view.board
    assert board is not None
    chart = view.tab(TipsTab).multiples.charts["hope"]
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    points = chart.series["hope"]
    latest = int(points.indexes[-1])
    assert chart.accessibleDescription() == chart.describe("hope", latest)
    qtbot.keyClick(chart, Qt.Key.Key_Left)
    column = int(points.indexes[-2])
    assert chart.accessibleDescription().startswith(f"Maintaining hope, {view.column_label(column)}: ")
    assert chart.cursor.ring is not None and chart.cursor.ring.isVisible()
    assert chart.cursor.ring.data["x"][0] == points.x[-2]
    qtbot.keyClick(chart, Qt.Key.Key_Return)
    expected = set(board.ids_in(column, "hope"))
    assert expected and {r.id for r in listed_now(qtbot, view)} == expected
    assert view.selection.selection_label.text().startswith(f"Maintaining hope, {view.column_label(column)}: ")


def test_heatmap_cells_are_reached_by_keyboard(view: TrendsView, qtbot: QtBot) -> None:
    view.period.range_combo.setCurrentIndex(0)
    show_tab(view, qtbot, HeatmapTab)
    board = view.board
    assert board is not None
    heat = view.tab(HeatmapTab).heatmap
    heat.setFocus()
    qtbot.waitUntil(heat.hasFocus)
    assert heat.focused == (board.columns - 1, 0) and heat.frame.isVisible()
    for key in (Qt.Key.Key_Home, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down):
        qtbot.keyClick(heat, key)
    tip = board.table.tips[3]
    assert heat.focused == (1, 3)
    assert heat.accessibleDescription().startswith(f"{tip.label}, {view.column_label(1)}: ")
    assert view.tab(HeatmapTab).hover_label.text() == heat.accessibleDescription()
    qtbot.keyClick(heat, Qt.Key.Key_Enter)
    assert {r.id for r in listed_now(qtbot, view)} == set(board.ids_in(1, tip.id))


def test_the_reflections_list_is_tall_enough_and_says_each_rating(view: TrendsView, qtbot: QtBot) -> None:
    view.period.range_combo.setCurrentIndex(0)
    view.show_reflections(1, "hope")
    listed_now(qtbot, view)
    qtbot.wait(20)
    table = view.selection.selection_table
    assert table.height() >= table.horizontalHeader().height() + 4 * table.verticalHeader().defaultSectionSize()
    assert not table.isColumnHidden(4)
    assert {table.item(r, 4).text() for r in range(table.rowCount())} <= {"Yes", "Partly", "No", "Not applicable"}
    view.show_reflections(1)  # a period, no tip: no empty Rating column
    assert listed_now(qtbot, view) and table.rowCount() and table.isColumnHidden(4)


def test_show_as_table_lists_the_numbers_the_charts_draw(view: TrendsView, qtbot: QtBot) -> None:
    show_tab(view, qtbot, TipsTab)
    qtbot.mouseClick(view.table_button, Qt.MouseButton.LeftButton)
    panel = view.tab(TipsTab).panel
    assert panel.currentWidget() is panel.table_view and panel.table_view.isVisible()
    board = view.board
    assert board is not None
    headers, cells = panel.headers(), panel.cells()
    assert headers == ["Period", *(tip.label for tip in board.table.tips)]
    columns = sorted({int(i) for tip in board.table.tips for i in np.flatnonzero(board.tips[tip.id].n)})
    assert [row[0] for row in cells] == [view.column_label(c) for c in columns]
    for offset, tip in enumerate(board.table.tips, start=1):
        series = board.tips[tip.id]
        for row, column in zip(cells, columns, strict=True):
            n = int(series.n[column])
            expected = f"{100 * series.mean[column]:.0f} % ({n} session{'s' if n != 1 else ''})" if n else ""
            assert row[offset] == expected, (tip.id, column)
    show_tab(view, qtbot, HeatmapTab)
    heat_panel = view.tab(HeatmapTab).panel
    assert heat_panel.currentWidget() is heat_panel.table_view
    assert [row[0] for row in heat_panel.cells()] == [tip.label for tip in board.table.tips]
    qtbot.mouseClick(view.table_button, Qt.MouseButton.LeftButton)
    assert panel.currentWidget() is panel.chart and heat_panel.currentWidget() is heat_panel.chart


def test_tables_out_of_sight_are_filled_when_their_tab_is_shown(view: TrendsView, qtbot: QtBot) -> None:
    """Only the tables in view are filled ("Show as table" filling every tab's froze the window), so one on
    another tab is filled when it is shown, and never shows a range chosen before."""
    view.period.range_combo.setCurrentIndex(view.period.range_combo.findText("All"))
    show_tab(view, qtbot, HeatmapTab)
    show_tab(view, qtbot, ScoreTab)
    qtbot.mouseClick(view.table_button, Qt.MouseButton.LeftButton)  # the heatmap out of sight
    heat = view.tab(HeatmapTab)
    show_tab(view, qtbot, HeatmapTab)
    assert heat.panel.table_view.isVisible()
    headers, rows = heat.heatmap.table()
    assert rows and heat.panel.headers() == headers and heat.panel.cells() == rows
    show_tab(view, qtbot, ScoreTab)
    view.period.range_combo.setCurrentIndex(0)  # another range, chosen with the heatmap out of sight
    qtbot.waitUntil(lambda: not view.loading)
    show_tab(view, qtbot, HeatmapTab)
    assert (heat.panel.headers(), heat.panel.cells()) == heat.heatmap.table() != (headers, rows)


def test_a_dense_shaded_range_is_merged_without_hiding_any_of_it() -> None:
    """Weekly periods over 16 years: neighbours merge, each merged point keeping their lowest low and highest high."""
    rng = np.random.default_rng(3)
    x = np.arange(830.0)
    low = rng.random(830)
    high = low + rng.random(830)
    merged_x, merged_low, merged_high = envelope(x, low, high)
    assert len(merged_x) <= BAND_POINTS and len(merged_low) == len(merged_high) == len(merged_x)
    for point, lowest, highest in zip(merged_x, merged_low, merged_high, strict=True):
        run = np.abs(x - point) <= (830 / len(merged_x)) / 2 + 1e-9  # the neighbours it stands for
        assert lowest == low[run].min() and highest == high[run].max()
    assert merged_low.min() == low.min() and merged_high.max() == high.max()
    few = np.arange(40.0)
    assert all((a == b).all() for a, b in zip(envelope(few, few, few + 1), (few, few, few + 1), strict=True))


def test_every_chart_has_a_table_and_a_description(view: TrendsView, qtbot: QtBot) -> None:
    for index, tab in enumerate(view.charts):
        view.tabs.setCurrentIndex(index)
        for chart in tab.page.findChildren(TrendChart):
            assert chart.accessibleDescription(), (tab.title, chart.accessibleName())
        if view.current_chart() is not None:
            assert view.current_chart().findChild(QTableView) is not None, tab.title


def _mnemonic(text: str) -> str | None:
    match = re.search(r"&([^&])", text.replace("&&", ""))
    return match.group(1).lower() if match else None


def test_no_alt_letter_is_bound_twice_and_every_focusable_widget_is_named(view: TrendsView, qtbot: QtBot) -> None:
    tab_letters = [_mnemonic(view.tabs.tabText(i)) for i in range(view.tabs.count())]
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        qtbot.wait(10)
        letters = [letter for letter in tab_letters if letter]
        for widget in view.findChildren(QWidget):
            if not widget.isVisible():
                continue
            if isinstance(widget, QLabel) and widget.buddy() is not None or isinstance(widget, QAbstractButton):
                letter = _mnemonic(widget.text())
                if letter:
                    letters.append(letter)
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
                assert name, (view.tabs.tabText(index), type(widget).__name__, widget.objectName())
        assert len(letters) == len(set(letters)), (view.tabs.tabText(index), sorted(letters))


def test_trends_speaks_plain_english(view: TrendsView, qtbot: QtBot) -> None:
    words = []
    for index in range(view.tabs.count()):
        view.tabs.setCurrentIndex(index)
        view.show_reflections(1, "hope")
        listed_now(qtbot, view)
        for widget in view.findChildren(QWidget):
            if widget.isVisible():
                words += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
                if isinstance(widget, (QLabel, QAbstractButton)):
                    words.append(widget.text())
        words += [view.bin_combo.itemText(i) for i in range(view.bin_combo.count())]
        for chart in view.findChildren(TrendChart):
            words.append(chart.getPlotItem().titleLabel.text)
            words += [chart.describe(key, int(p.indexes[0])) for key, p in chart.series.items() if len(p.x)]
    text = "\n".join(words)
    for jargon in (r"\bBin\b", r"\bk\b", r"\bn ?=", r"w/c", "Wilson", "cividis", r"\b1 (reflections|sessions)\b"):
        assert not re.search(jargon, text), jargon
    assert "Period" in text and "Week of" in text and "sessions" in text


def test_comparison_tables_use_minus_signs_and_explain_their_headings(view: TrendsView, qtbot: QtBot) -> None:
    view.period.range_combo.setCurrentIndex(0)
    show_tab(view, qtbot, CompareTab)
    table = view.tab(CompareTab).compare_table
    headings = {table.horizontalHeaderItem(c).text(): table.horizontalHeaderItem(c).toolTip()
                for c in range(table.columnCount())}
    assert "n" not in headings and headings["Sessions"] == meaning("count")
    assert headings["95 % range"] == meaning("range") and headings["Yes %"] == meaning("yes_share")
    cells = [table.item(r, c).text() for r in range(table.rowCount()) for c in range(table.columnCount())]
    assert any(cell.startswith("−") for cell in cells)  # a fall is shown, with a real minus sign
    assert not any(re.search(r"(^|\s)-\d", cell) for cell in cells)


def test_charts_follow_a_switch_to_the_dark_scheme(view: TrendsView, qtbot: QtBot) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = app.palette()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Window, QColor(DARK.window))
    try:
        app.setPalette(dark)
        show_tab(view, qtbot, GroupsTab)
        chart = view.tab(GroupsTab).chart
        qtbot.waitUntil(lambda: chart.backgroundBrush().color().name() == DARK.surface)
        first = next(iter(chart.lines.values()))
        assert first.opts["pen"].color().name().lower() == DARK.series[0].lower()
        assert chart.getPlotItem().titleLabel.opts["color"] == DARK.text
    finally:
        app.setPalette(light)
    qtbot.waitUntil(lambda: view.tab(GroupsTab).chart.backgroundBrush().color().name() == LIGHT.surface)


def test_heatmap_period_names_keep_apart(qtbot: QtBot) -> None:
    heat = Heatmap(lambda column, row: "")
    qtbot.addWidget(heat)
    heat.resize(700, 300)
    heat.show()
    qtbot.waitExposed(heat)
    quarters = [f"{months} {2020 + i // 4}" for i, months in enumerate(["Jan–Mar", "Apr–Jun", "Jul–Sep", "Oct–Dec"] * 6)]
    heat.set_data(np.full((24, 2), 0.5), ["Hope", "Agency"], quarters, np.full((24, 2), 9))
    qtbot.waitUntil(lambda: len(drawn_labels(heat, "bottom")) >= 2)  # type: ignore[arg-type]
    rects = sorted((rect for rect, _text in drawn_labels(heat, "bottom")), key=lambda rect: rect.left())  # type: ignore[arg-type]
    for left, right in zip(rects, rects[1:], strict=False):
        assert right.left() - left.right() >= 8, (left, right)


def test_the_page_fits_beside_the_sidebar_at_1024(view: TrendsView) -> None:
    # long checklist titles once made the filter row alone 1,000 px wide, widening the window
    assert view.minimumSizeHint().width() <= 800
