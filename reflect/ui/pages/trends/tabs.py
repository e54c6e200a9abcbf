"""The Trends page's tabs: one class each, behind a small draw/describe protocol.

Each tab owns its widgets and knows how to ``draw`` itself from the ``Dashboard`` the page
computed, and how to ``describe`` a point for hover text. The page (``view.py``) owns the
controls, the data and the selection list, and loops over ``TABS``: adding a chart to the
page is one class here and one entry in ``TABS``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reflect import analytics
from reflect.analytics import ChangeStatus, Dashboard, TipChange
from reflect.figures import GROUP_COLUMNS, TIP_COLUMNS, group_table_rows, tip_table_rows
from reflect.rate_tables import tip_rows
from reflect.ui.widgets.controls import picked_date, qdate
from reflect.ui.widgets.heatmap import Heatmap
from reflect.ui.widgets.trend_chart import TrendChart
from reflect.wording import (
    CHANGE_MEANING,
    COMPARISON_RULE,
    GROUP_METHOD,
    INDEPENDENCE,
    RATING_GLOSS,
    READINGS,
    YES_GLOSS,
    yes_and_rating,
)
from reflect.wording import percent as _percent

if TYPE_CHECKING:
    from reflect.ui.pages.trends.view import TrendsView

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1


def day_text(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


class TrendTab(Protocol):
    """What the page needs from a tab."""

    title: str  # the tab's text, with its Alt mnemonic
    page: QWidget  # what the tab shows

    def draw(self, board: Dashboard) -> None:
        """Redraw from a freshly computed dashboard."""

    def describe(self, key: str, column: int) -> str:
        """Hover text for one point: the series ``key`` at ``column``."""


def table_defaults(table: QTableWidget) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


def fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            item = QTableWidgetItem(text)
            if column and (text[:1].isdigit() or text[:1] in "+-–"):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)


def describe_tip(host: TrendsView, tip_id: str, column: int) -> str:
    board = host.board
    assert board is not None
    rate = board.tips[tip_id].rate(column)
    text = f"{board.table.tip(tip_id).label}, {host.column_label(column)}: {rate.describe()}"
    if rate.na:
        text += f"; {rate.na} not applicable"
    if rate.missing:
        text += f"; {rate.missing} made with a version without this tip"
    return text


class ScoreTab:
    title = "S&core"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.chart = TrendChart("Reflection score: each session and the average per period", self.describe)
        self.chart.pointClicked.connect(self._clicked)
        self.page: QWidget = self.chart

    def draw(self, board: Dashboard) -> None:
        self.chart.clear_series()
        self.chart.add_dots("score-dots", board.table.times, board.scores)
        line = board.score_line
        self.chart.add_line("score", "Average score", line.x, 100 * line.mean, 0)
        self.chart.fit(*self.host.edges())

    def describe(self, key: str, column: int) -> str:
        board = self.host.board
        assert board is not None
        if key == "score-dots":
            record = board.table.records[column]
            return f"{record.occurred_at:%a %d %b %Y %H:%M}: score {board.scores[column]:.0f} %"
        line = board.score_line
        return (f"{self.host.column_label(column)}: average score {100 * line.mean[column]:.0f} % "
                f"over {line.n[column]} reflections")

    def _clicked(self, key: str, index: int) -> None:
        board = self.host.board
        assert board is not None
        if key == "score-dots":
            self.host.list_records([board.table.records[index]], "This session", None)
        else:
            self.host.show_reflections(index)


class TipsTab:
    title = "T&ips"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.chart = TrendChart("Rating per tip (Yes = 100 %, Partly = 50 %, No = 0 %)", self.describe,
                                show_legend=False)
        self.chart.pointClicked.connect(lambda key, column: host.show_reflections(column, key))
        self.tip_list = QListWidget()
        self.tip_list.setAccessibleName("Tips shown")
        self.tip_list.setMaximumWidth(230)
        self.tip_list.itemChanged.connect(self._toggled)
        self.page = QWidget()
        layout = QHBoxLayout(self.page)
        layout.addWidget(self.chart, 1)
        layout.addWidget(self.tip_list)

    def draw(self, board: Dashboard) -> None:
        self.chart.clear_series()
        for index, tip in enumerate(board.table.tips):
            series = board.tips[tip.id]
            self.chart.add_line(tip.id, tip.label, series.x, 100 * series.mean, index)
        for row in range(self.tip_list.count()):
            self._toggled(self.tip_list.item(row))
        self.chart.fit(*self.host.edges())

    def describe(self, key: str, column: int) -> str:
        return describe_tip(self.host, key, column)

    def _toggled(self, item: QListWidgetItem) -> None:
        self.chart.set_line_visible(item.data(RECORD_ROLE), item.checkState() == Qt.CheckState.Checked)


class HeatmapTab:
    title = "&Heatmap"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.heatmap = Heatmap(self._describe_cell)
        self.heatmap.cellClicked.connect(self._clicked)
        self.hover_label = QLabel("Point at a cell to see its rate and count; click it to list its reflections.")
        self.hover_label.setWordWrap(True)
        self.heatmap.scene().sigMouseMoved.connect(
            lambda _pos: self.hover_label.setText(self.heatmap.hover_text or self.hover_label.text())
        )
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        layout.addWidget(self.heatmap, 1)
        layout.addWidget(self.hover_label)

    def draw(self, board: Dashboard) -> None:
        tips = board.table.tips
        values = np.column_stack([board.tips[t.id].mean for t in tips]) if board.columns else np.zeros((0, 0))
        counts = np.column_stack([board.tips[t.id].n for t in tips]) if board.columns else np.zeros((0, 0))
        self.heatmap.set_data(values, [t.label for t in tips],
                              [self.host.column_label(c, short=True) for c in range(board.columns)], counts)

    def describe(self, key: str, column: int) -> str:
        return describe_tip(self.host, key, column)

    def _describe_cell(self, column: int, row: int) -> str:
        assert self.host.board is not None
        return self.describe(self.host.board.table.tips[row].id, column)

    def _clicked(self, column: int, row: int) -> None:
        assert self.host.board is not None
        self.host.show_reflections(column, self.host.board.table.tips[row].id)


class GroupsTab:
    title = "&Groups"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.grouping_combo = QComboBox()
        self.grouping_combo.setAccessibleName("Grouping")
        self.grouping_combo.currentIndexChanged.connect(self.redraw)
        self.chart = TrendChart("Rating per group, averaged over sessions (shaded: 95 % range)", self.describe)
        self.chart.pointClicked.connect(lambda _key, column: host.show_reflections(column))
        self.group_source = QLabel()
        self.group_source.setWordWrap(True)
        self.group_source.setAccessibleName("Source of the grouping")
        self.group_table = QTableWidget(0, len(GROUP_COLUMNS))
        self.group_table.setAccessibleName("Group figures compared with the previous range")
        self.group_table.setHorizontalHeaderLabels(list(GROUP_COLUMNS))
        table_defaults(self.group_table)
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        layout.addWidget(self.grouping_combo)
        layout.addWidget(self.group_source)
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.group_table, 1)

    def redraw(self) -> None:
        if self.host.board is not None:
            self.draw(self.host.board)

    def draw(self, board: Dashboard) -> None:
        self.chart.clear_series()
        grouping_id = self.grouping_combo.currentData() or ""
        grouping = next((g for g in board.table.groupings if g.id == grouping_id), None)
        self.group_source.setText(
            (f"Source: {grouping.source} " if grouping and grouping.source else "")
            + "The groupings are Reflect’s own, not part of the published checklist. " + GROUP_METHOD
        )
        filtered = self.host.filtered
        previous = filtered.between(*board.previous) if filtered is not None else board.table.take(
            np.zeros(len(board.table), dtype=bool))
        fill(self.group_table, group_table_rows(board.table, previous).get(grouping_id, []))
        for index, series in enumerate(board.groups.get(grouping_id, {}).values()):
            self.chart.add_line(series.key, series.label, series.x, 100 * series.mean, index,
                                (100 * series.low, 100 * series.high))
        self.chart.fit(*self.host.edges())

    def describe(self, key: str, column: int) -> str:
        board = self.host.board
        assert board is not None
        series = board.groups[self.grouping_combo.currentData()][key]
        return f"{series.label}, {self.host.column_label(column)}: {series.rate(column).describe()}"


class NotApplicableTab:
    title = "&Not applicable"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.chart = TrendChart("Share of tips rated Not applicable (possible missed opportunities)", self.describe)
        self.chart.pointClicked.connect(lambda _key, column: host.show_reflections(column))
        self.page: QWidget = self.chart

    def draw(self, board: Dashboard) -> None:
        self.chart.clear_series()
        na = board.not_applicable
        self.chart.add_line("na", "Not applicable", na.x, 100 * na.mean, 0, (100 * na.low, 100 * na.high))
        self.chart.fit(*self.host.edges())

    def describe(self, key: str, column: int) -> str:
        assert self.host.board is not None
        series = self.host.board.not_applicable
        return (f"{self.host.column_label(column)}: {_percent(series.mean[column])} of {series.n[column]} answers "
                "were not applicable")


class CompareTab:
    title = "Co&mpare"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.compare_label = QLabel()
        self.compare_label.setWordWrap(True)
        self.compare_table = QTableWidget(0, len(TIP_COLUMNS))
        self.compare_table.setAccessibleName("Per-tip figures compared with the previous range")
        self.compare_table.setHorizontalHeaderLabels(list(TIP_COLUMNS))
        table_defaults(self.compare_table)
        self.compare_notes = QLabel(" ".join((YES_GLOSS, RATING_GLOSS, CHANGE_MEANING, INDEPENDENCE)))
        self.compare_notes.setWordWrap(True)
        self.compare_notes.setAccessibleName("How to read the per-tip figures")
        self.highlights_label = QLabel()
        self.highlights_label.setWordWrap(True)
        self.highlights_label.setTextFormat(Qt.TextFormat.RichText)
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        layout.addWidget(self.compare_label)
        layout.addWidget(self.compare_table, 1)
        layout.addWidget(self.compare_notes)
        layout.addWidget(self.highlights_label)

    def draw(self, board: Dashboard) -> None:
        before, after = board.previous
        self.compare_label.setText(
            f"{day_text(board.start)} – {day_text(board.end)} compared with the "
            f"{(board.end - board.start).days + 1} days before ({day_text(before)} – {day_text(after)}). "
            f"{COMPARISON_RULE}"
        )
        fill(self.compare_table, tip_table_rows(board))
        marks = board.highlights
        rows = tip_rows(board.table)
        parts = []
        for title, entries in (("Highest ratings", marks.strengths), ("Lowest ratings", marks.development)):
            if entries:
                parts.append(f"<b>{title}:</b> " + "; ".join(f"{e.tip.label}: {yes_and_rating(rows[e.tip.id])}"
                                                             for e in entries))
        if marks.often_na:
            parts.append("<b>Most often not applicable</b> (did not apply, right not to, or missed?): " + "; ".join(
                f"{e.tip.label} {_percent(e.rate.na_share)} of {e.rate.rated}" for e in marks.often_na))
        self.highlights_label.setText("<br>".join(parts) or "No applicable ratings in this range yet.")

    def describe(self, key: str, column: int) -> str:
        return describe_tip(self.host, key, column)


class FocusTab:
    title = "&Focus"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.focus_combo = QComboBox()
        self.focus_combo.setAccessibleName("Focus tip")
        self.focus_start = QDateEdit(qdate(date.today() - timedelta(days=28)))
        self.focus_start.setCalendarPopup(True)
        self.focus_start.setDisplayFormat("d MMM yyyy")
        self.focus_start.setAccessibleName("Focus start date")
        self.focus_label = QLabel()
        self.focus_label.setWordWrap(True)
        self.chart = TrendChart("Focus tip over the range", self.describe)
        self.chart.pointClicked.connect(lambda key, column: host.show_reflections(column, key))
        row = QHBoxLayout()
        for caption, widget in (("Focus &tip", self.focus_combo), ("&since", self.focus_start)):
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            row.addWidget(caption_label)
            row.addWidget(widget)
        row.addStretch(1)
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        layout.addLayout(row)
        layout.addWidget(self.focus_label)
        layout.addWidget(self.chart, 1)
        saved_start = host.context.settings.focus_start
        if saved_start:
            with contextlib.suppress(ValueError):  # a hand-edited setting: keep the default
                self.focus_start.setDate(qdate(date.fromisoformat(saved_start)))
        self.focus_combo.currentIndexChanged.connect(self._chosen)
        self.focus_start.dateChanged.connect(self._chosen)

    def _chosen(self) -> None:
        """The focus tip and its start are the user's choice: kept between runs (and for reports)."""
        tip_id = self.focus_combo.currentData()
        if tip_id:
            self.host.context.update_settings(focus_tip=tip_id, focus_start=picked_date(self.focus_start).isoformat())
        if self.host.board is not None:
            self.draw(self.host.board)

    def draw(self, board: Dashboard) -> None:
        tip_id = self.focus_combo.currentData()
        filtered = self.host.filtered
        self.chart.clear_series()
        if tip_id is None or filtered is None:
            return
        start = picked_date(self.focus_start)
        result = analytics.focus(filtered, tip_id, start)
        self.focus_label.setText(self._text(result, start))
        series = board.tips[tip_id]
        self.chart.add_line(tip_id, result.tip.label, series.x, 100 * series.mean,
                            board.table.column(tip_id), (100 * series.low, 100 * series.high))
        self.chart.mark(analytics.day_seconds(start), "focus from here")
        self.chart.fit(analytics.day_seconds(min(board.start, start)), self.host.edges()[1])

    def describe(self, key: str, column: int) -> str:
        return describe_tip(self.host, key, column)

    @staticmethod
    def _text(result: TipChange, start: date) -> str:
        text = (f"{result.tip.label} before {day_text(start)}: {result.before.describe()}; "
                f"since: {result.after.describe()}. ")
        if result.flagged:
            return text + f"{READINGS[result.status]} since the focus began."
        if result.status is ChangeStatus.UNCLEAR:
            return text + "The ranges overlap. More sessions will narrow them."
        return text + READINGS[result.status] + "."


# The tabs in the order shown. A new chart: a class with title, page, draw and describe, listed here.
TABS: tuple[Callable[[TrendsView], TrendTab], ...] = (
    ScoreTab, TipsTab, HeatmapTab, GroupsTab, NotApplicableTab, CompareTab, FocusTab,
)
