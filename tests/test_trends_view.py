"""The Trends page with demo data: what a user sees in the charts, lists and saved files."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from reflect.paths import DataPaths
from reflect.records import ReflectionFilter, ReflectionRecord
from reflect.ui.context import AppContext
from reflect.ui.pages.trends import TrendsView
from reflect.ui.pages.trends.tabs import CompareTab, FocusTab, GroupsTab, HeatmapTab, ScoreTab, TipsTab
from reflect.ui.widgets.heatmap import HATCH, MANY_COLUMNS, hatch_pattern
from reflect.vocabulary import STATUS_COMPLETE
from reflect.wording import MIN_CELL_N
from tests.helpers import demo_context, listed_now, shown_trends

SESSIONS = 300


@pytest.fixture
def context(paths: DataPaths) -> Iterator[AppContext]:
    ctx = demo_context(paths, SESSIONS)
    yield ctx
    ctx.close()


@pytest.fixture
def view(context: AppContext, qtbot: QtBot) -> TrendsView:
    return shown_trends(qtbot, context, 1000, 760)  # type: ignore[return-value]


def choose(combo: object, data: object) -> None:
    combo.setCurrentIndex(combo.findData(data))  # type: ignore[attr-defined]


def last_four_weeks(context: AppContext, setting: str | None = None) -> list[ReflectionRecord]:
    """Complete reflections from 27 days ago to today, straight from the store."""
    today = date.today()
    return context.reflections.records(
        ReflectionFilter(date_from=today - timedelta(days=27), date_to=today, setting=setting,
                         statuses=(STATUS_COMPLETE,))
    )


def week_of(record: ReflectionRecord) -> date:
    day = record.occurred_at.date()
    return day - timedelta(days=day.weekday())


def test_each_series_has_a_point_per_week_with_ratings(view: TrendsView, context: AppContext, qtbot: QtBot) -> None:
    view.period.range_combo.setCurrentIndex(0)  # Last 4 weeks (weekly bins)
    records = last_four_weeks(context)
    assert 0 < len(records) < SESSIONS
    weeks_with_sessions = {week_of(r) for r in records}
    assert view.tab(ScoreTab).chart.point_count("score-dots") == len(records)
    assert view.tab(ScoreTab).chart.point_count("score") == len(weeks_with_sessions)
    assert f"{len(records)} reflections from" in view.summary_label.text()
    tips = view.tab(TipsTab)
    qtbot.waitUntil(lambda: not tips.drawing)  # its small charts are made one per turn of the event loop
    for item in context.framework().items:
        weeks = {week_of(r) for r in records if (rating := r.rating(item.id)) and rating.points is not None}
        assert tips.multiples.charts[item.id].point_count(item.id) == len(weeks), item.id
    board = view.board
    assert board is not None and board.columns in (4, 5)  # four weeks span 4 or 5 calendar weeks


def test_a_longer_range_and_monthly_bins_give_fewer_wider_points(view: TrendsView, context: AppContext) -> None:
    view.period.range_combo.setCurrentIndex(3)  # All
    choose(view.bin_combo, "month")
    records = context.reflections.records()
    months = {(r.occurred_at.year, r.occurred_at.month) for r in records}
    assert view.tab(ScoreTab).chart.point_count("score-dots") == SESSIONS
    assert view.tab(ScoreTab).chart.point_count("score") == len(months)


def test_a_rolling_window_draws_one_point_per_full_window(view: TrendsView, context: AppContext) -> None:
    view.period.range_combo.setCurrentIndex(0)
    choose(view.bin_combo, "sessions")
    view.window_spin.setValue(10)
    assert view.window_spin.isEnabled()
    assert view.tab(ScoreTab).chart.point_count("score") == len(last_four_weeks(context)) - 9


def test_changing_a_filter_changes_the_series(view: TrendsView, context: AppContext) -> None:
    view.period.range_combo.setCurrentIndex(0)
    everything = view.tab(ScoreTab).chart.point_count("score-dots")
    choose(view.setting_combo, "inpatient")
    inpatient = last_four_weeks(context, setting="inpatient")
    assert 0 < len(inpatient) < everything
    assert view.tab(ScoreTab).chart.point_count("score-dots") == len(inpatient)
    assert "(filtered)" in view.summary_label.text()
    board = view.board
    assert board is not None
    assert board.tips["hope"].n.sum() == sum(
        1 for r in inpatient if (rating := r.rating("hope")) and rating.points is not None
    )


def heatmap_point(view: TrendsView, column: int, row: int) -> tuple[QPointF, QPoint]:
    """Scene and viewport positions of the middle of a heatmap cell."""
    scene = view.tab(HeatmapTab).heatmap.getPlotItem().getViewBox().mapViewToScene(QPointF(column + 0.5, row + 0.5))
    return scene, view.tab(HeatmapTab).heatmap.mapFromScene(scene)


def test_clicking_a_heatmap_cell_lists_exactly_its_reflections(
    view: TrendsView, context: AppContext, qtbot: QtBot
) -> None:
    view.period.range_combo.setCurrentIndex(0)
    view.tabs.setCurrentIndex(2)
    qtbot.wait(10)
    board = view.board
    assert board is not None
    row = board.table.column("hope")
    column = 1
    week = board.periods[column].start
    expected = {
        r.id for r in last_four_weeks(context) if week_of(r) == week and r.rating("hope") is not None
    }
    assert expected
    _scene, pos = heatmap_point(view, column, row)
    qtbot.mouseClick(view.tab(HeatmapTab).heatmap.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert {r.id for r in listed_now(qtbot, view)} == expected
    assert view.selection.selection_label.text().startswith(f"Maintaining hope, {view.column_label(column)}: {len(expected)}")
    ratings = {view.selection.selection_table.item(i, 4).text() for i in range(view.selection.selection_table.rowCount())}
    assert ratings <= {"Yes", "Partly", "No", "Not applicable"}


def test_hovering_a_heatmap_cell_shows_its_value_and_count(view: TrendsView) -> None:
    view.period.range_combo.setCurrentIndex(0)
    view.tabs.setCurrentIndex(2)
    board = view.board
    assert board is not None
    row = board.table.column("hope")
    rate = board.tips["hope"].rate(0)
    scene, _pos = heatmap_point(view, 0, row)
    view.tab(HeatmapTab).heatmap.scene().sigMouseMoved.emit(scene)
    assert view.tab(HeatmapTab).heatmap.toolTip().startswith(f"Maintaining hope, {view.column_label(0)}: ")
    assert f"from {rate.n} sessions" in view.tab(HeatmapTab).heatmap.toolTip()
    assert view.tab(HeatmapTab).hover_label.text() == view.tab(HeatmapTab).heatmap.toolTip()


def test_double_clicking_a_listed_reflection_asks_to_open_it(view: TrendsView, qtbot: QtBot) -> None:
    view.period.range_combo.setCurrentIndex(0)
    view.show_reflections(1, "hope")
    listed = listed_now(qtbot, view)
    assert listed
    table = view.selection.selection_table
    rect = table.visualRect(table.model().index(0, 0))
    with qtbot.waitSignal(view.openRequested) as opened:
        qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert isinstance(opened.args[0], ReflectionRecord)
    assert opened.args[0].id == listed[0].id


def test_a_reflection_saved_elsewhere_appears_at_once(view: TrendsView, context: AppContext, qtbot: QtBot) -> None:
    view.period.range_combo.setCurrentIndex(0)
    before = view.tab(ScoreTab).chart.point_count("score-dots")
    template = last_four_weeks(context)[-1]
    context.complete(replace(template, id=None, occurred_at=datetime.combine(date.today(), time(7, 0))))
    qtbot.waitUntil(lambda: view.tab(ScoreTab).chart.point_count("score-dots") == before + 1)


def test_comparison_table_and_focus_are_explained_in_words(view: TrendsView) -> None:
    view.period.range_combo.setCurrentIndex(0)
    tips = view.board.table.tips if view.board else ()
    assert view.tab(CompareTab).compare_table.rowCount() == len(tips)
    headers = [view.tab(CompareTab).compare_table.horizontalHeaderItem(c).text() for c in range(view.tab(CompareTab).compare_table.columnCount())]
    assert headers[:4] == ["Tip", "Yes %", "Yes / Partly / No", "Rating (Partly = ½)"]
    reading = headers.index("Reading")
    readings = {view.tab(CompareTab).compare_table.item(r, reading).text() for r in range(view.tab(CompareTab).compare_table.rowCount())}
    assert readings <= {"Higher (ranges don't overlap)", "Lower (ranges don't overlap)", "Ranges overlap",
                        "Too few ratings to compare"}
    # the change is worked out from the rounded figures in the same row
    change = headers.index("Change")
    for row in range(view.tab(CompareTab).compare_table.rowCount()):
        now, before = (view.tab(CompareTab).compare_table.item(row, headers.index(h)).text() for h in ("Rating (Partly = ½)", "Previous"))
        if "%" in now and "%" in before:
            points = int(now.split()[0]) - int(before.split()[0])
            sign = "+" if points > 0 else "−" if points < 0 else ""  # a true minus sign
            assert view.tab(CompareTab).compare_table.item(row, change).text() == (
                f"{sign}{abs(points)} point{'' if abs(points) == 1 else 's'}")
    assert "compared with the 28 days before" in view.tab(CompareTab).compare_label.text()
    assert "cannot show, on its own, that care improved" in view.tab(CompareTab).compare_notes.text()
    assert view.tab(CompareTab).highlights_label.text().startswith("<b>Highest ratings:</b>")
    choose(view.tab(FocusTab).focus_combo, "hope")
    assert view.tab(FocusTab).focus_label.text().startswith("Maintaining hope before ")
    assert " sessions" in view.tab(FocusTab).focus_label.text() and "n = " not in view.tab(FocusTab).focus_label.text()


def test_save_chart_writes_png_and_svg(view: TrendsView, tmp_path: Path) -> None:
    view.tabs.setCurrentIndex(1)
    png = view.save_chart(tmp_path / "tips.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    view.tabs.setCurrentIndex(2)
    svg = view.save_chart(tmp_path / "heatmap.svg")
    assert "<svg" in svg.read_text(encoding="utf-8")
    with pytest.raises(ValueError):
        view.save_chart(tmp_path / "chart.gif")


def test_an_empty_store_is_explained(paths: DataPaths, qtbot: QtBot) -> None:
    ctx = AppContext.open(paths)
    try:
        widget = TrendsView(ctx)
        qtbot.addWidget(widget)
        qtbot.waitUntil(lambda: not widget.loading)
        assert widget.summary_label.text().startswith("No reflections yet.")
        assert widget.tab(ScoreTab).chart.point_count("score-dots") == 0
    finally:
        ctx.close()


def test_few_reflections_are_flagged_as_rough(view: TrendsView) -> None:
    choose(view.setting_combo, "crisis")
    view.period.range_combo.setCurrentIndex(0)
    board = view.board
    assert board is not None
    count = len(board.table)
    assert count < 20
    assert "rates are shown with wide intervals" in view.summary_label.text() or count == 0
    per_week: dict[date, int] = defaultdict(int)
    for row in range(count):
        day = board.table.date_of(row)
        per_week[day - timedelta(days=day.weekday())] += 1
    assert sum(per_week.values()) == count


def test_the_focus_tip_is_remembered_for_the_next_run_and_reports(context: AppContext, qtbot: QtBot) -> None:
    first = TrendsView(context)
    qtbot.addWidget(first)
    first.show()
    qtbot.waitUntil(lambda: not first.loading)
    choose(first.tab(FocusTab).focus_combo, "extra-mile")
    first.tab(FocusTab).focus_start.setDate(first.tab(FocusTab).focus_start.date().addDays(-7))
    chosen = first.tab(FocusTab).focus_start.date().toPython()
    assert context.settings.focus_tip == "extra-mile" and context.settings.focus_start == chosen
    again = TrendsView(context)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitUntil(lambda: not again.loading)
    assert again.tab(FocusTab).focus_combo.currentData() == "extra-mile"
    assert again.tab(FocusTab).focus_start.date().toPython() == chosen


def test_the_groups_tab_shows_its_source_and_session_counts(view: TrendsView) -> None:
    view.period.range_combo.setCurrentIndex(1)
    view.tabs.setCurrentIndex(3)
    board = view.board
    assert board is not None
    groups = view.tab(GroupsTab)
    for index in range(groups.grouping_combo.count()):
        groups.grouping_combo.setCurrentIndex(index)
        grouping = next(g for g in board.table.groupings if g.id == groups.grouping_combo.currentData())
        assert groups.group_source.text().startswith(f"Source: {grouping.source}")
        assert "Reflect’s own" in groups.group_source.text() and "counts sessions, not ratings" in groups.group_source.text()
        assert groups.group_table.rowCount() == len(grouping.groups)
        sessions = groups.group_table.item(0, 5).text()
        assert int(sessions.replace(",", "")) <= len(board.table)  # sessions, never pooled ratings


def test_the_adaptation_note_is_on_the_page_with_the_scores(view: TrendsView) -> None:
    assert "Reflect’s adaptation" in view.adaptation_label.text()
    assert "not a validated measure" in view.adaptation_label.text()


def test_heatmap_cells_show_their_sessions_and_thin_cells_are_hatched(
    view: TrendsView, context: AppContext, qtbot: QtBot
) -> None:
    monday = date.today() - timedelta(days=date.today().weekday())
    this_week = context.reflections.records(ReflectionFilter(date_from=monday, date_to=date.today()))
    for record in this_week[2:]:  # whatever the weekday, this week's cells rest on two sessions: too few to read
        context.delete(record.id or "")
    qtbot.waitUntil(lambda: not view.loading)
    view.period.range_combo.setCurrentIndex(0)  # weeks
    qtbot.waitUntil(lambda: not view.loading)
    heat = view.tab(HeatmapTab).heatmap
    assert heat.counts.shape == heat.values.shape
    labels = [item.toPlainText() for item in heat.labels]
    rated = int((~np.isnan(heat.values)).sum())
    assert len(labels) == rated
    assert sorted(labels) == sorted(str(int(n)) for n in heat.counts[~np.isnan(heat.values)])
    image = heat.hatching.image
    assert image is not None
    thin = (heat.counts < MIN_CELL_N) & ~np.isnan(heat.values)
    assert thin.any() and (~thin & ~np.isnan(heat.values)).any()  # both kinds of cell are exercised
    for column in range(thin.shape[0]):
        for row in range(thin.shape[1]):
            block = image[column * HATCH:(column + 1) * HATCH, row * HATCH:(row + 1) * HATCH, 3]
            assert bool(block.any()) == bool(thin[column, row])


def test_a_heatmap_of_many_periods_hatches_its_thin_cells_at_half_size() -> None:
    """Over 16 years of weeks a cell is a pixel or two wide: its stripes are drawn at half size, each cell alike."""
    thin = np.random.default_rng(7).random((MANY_COLUMNS + 30, 10)) < 0.3
    side = HATCH // 2
    image = hatch_pattern(thin, side)
    assert image.shape == (thin.shape[0] * side, thin.shape[1] * side, 4)
    first = None
    for column, row in np.ndindex(*thin.shape):
        block = image[column * side:(column + 1) * side, row * side:(row + 1) * side]
        assert bool(block[..., 3].any()) == bool(thin[column, row])
        if thin[column, row]:
            first = block if first is None else first
            assert (block == first).all()  # the same stripes in every thin cell, lined up across cells
            assert 0 < int((block[..., 3] > 0).sum()) < side * side


def _shown_percent(value: float) -> str:
    return f"{int(100 * value + 0.5 + 1e-9)} %"


def test_each_group_row_shows_its_session_based_yes_share_beside_the_rating(
    view: TrendsView, context: AppContext, qtbot: QtBot
) -> None:
    """Each group's Yes % beside its weighted rating, recomputed here from the records."""
    groups = view.tab(GroupsTab)
    view.tabs.setCurrentIndex(3)  # Groups
    board = view.board
    assert board is not None
    records = context.reflections.records(ReflectionFilter(date_from=board.start, date_to=board.end,
                                                     statuses=(STATUS_COMPLETE,)))
    assert len(records) > 20
    framework = context.catalog.default()
    headers = [groups.group_table.horizontalHeaderItem(i).text() for i in range(groups.group_table.columnCount())]
    assert headers[2:4] == ["Yes %", "Rating (Partly = ½)"]
    grouping = next(g for g in framework.groupings if g.id == groups.grouping_combo.currentData())
    for row, group in enumerate(grouping.groups):
        shares = []
        for record in records:
            applicable = [r for r in record.ratings if r.item_id in group.items and r.points is not None]
            if applicable:
                shares.append(sum(r.points == framework.max_points for r in applicable) / len(applicable))
        assert groups.group_table.item(row, 0).text() == group.label
        assert groups.group_table.item(row, 2).text() == _shown_percent(sum(shares) / len(shares)), group.label


def test_a_chart_saved_as_svg_draws_what_the_screen_shows(view: TrendsView, qtbot: QtBot, tmp_path: Path) -> None:
    """At SVG's default 72 dpi the axes were drawn apart from the data (dots below "0 %"), and each dot was an
    embedded image; now the drawing matches the chart on screen, the dots as vector outlines."""
    import numpy as np
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    view.period.range_combo.setCurrentIndex(3)  # All: the score dots and the line
    qtbot.waitUntil(lambda: not view.loading)
    view.tabs.setCurrentIndex(0)
    chart = view.tab(ScoreTab).chart
    qtbot.wait(50)
    svg = view.save_chart(tmp_path / "score.svg")
    text = svg.read_text(encoding="utf-8")
    assert "<image" not in text  # outlines, not one picture per dot

    def ink(image: QImage) -> np.ndarray:
        """Where the left axis draws (its line, ticks and "0 %"…"100 %"), as dark pixels."""
        image = image.convertToFormat(QImage.Format.Format_Grayscale8)
        bits = np.frombuffer(image.constBits(), dtype=np.uint8).reshape(image.height(), image.bytesPerLine())
        return bits[:, :60] < 160

    drawn = QImage(chart.size(), QImage.Format.Format_ARGB32)
    drawn.fill(QColor("white"))
    painter = QPainter(drawn)
    QSvgRenderer(str(svg)).render(painter, QRectF(0, 0, chart.width(), chart.height()))
    painter.end()
    saved, shown = ink(drawn), ink(chart.grab().toImage().scaled(chart.size()))
    assert shown.sum() > 100  # the axis is on screen
    near = shown.copy()  # within 2 px of the screen's ink: the two draw text a little differently
    for dy in range(-2, 3):
        for dx in range(-2, 3):
            near |= np.roll(np.roll(shown, dy, axis=0), dx, axis=1)
    assert (saved & near).sum() / saved.sum() > 0.8  # the axis where the screen has it, beside the data
