"""The Trends tabs that compare periods: this period against the previous one, and the focus tip before/after."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from reflect import analytics
from reflect.analytics import ChangeStatus, Dashboard, TipChange
from reflect.figures import TIP_COLUMNS, tip_table_rows
from reflect.glossary import meaning
from reflect.rate_tables import TipRow, tip_rows
from reflect.ui.widgets.chart_table import ChartPanel
from reflect.ui.widgets.controls import caption, picked_date, qdate
from reflect.ui.widgets.trend_chart import TrendChart
from reflect.wording import (
    CHANGE_MEANING,
    COMPARISON_RULE,
    INDEPENDENCE,
    RATING_GLOSS,
    READINGS,
    YES_GLOSS,
    day_text,
    yes_and_rating,
)
from reflect.wording import percent as _percent

if TYPE_CHECKING:
    from reflect.ui.pages.trends.view import TrendsView

from reflect.ui.pages.trends.tab_base import DrawnBoard, describe_tip, fill, name_editor, set_headings, table_defaults
from reflect.wording import DAY_PATTERN


class CompareTab(DrawnBoard):
    title = "Com&pare"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.compare_label = QLabel()
        self.compare_label.setWordWrap(True)
        self.compare_label.setToolTip(meaning("overlap"))
        self.compare_table = QTableWidget(0, len(TIP_COLUMNS))
        self.compare_table.setAccessibleName("Per-tip figures compared with the previous range")
        set_headings(self.compare_table, TIP_COLUMNS)
        table_defaults(self.compare_table)
        self.compare_notes = QLabel(" ".join((YES_GLOSS, RATING_GLOSS, CHANGE_MEANING, INDEPENDENCE)))
        self.compare_notes.setWordWrap(True)
        self.compare_notes.setAccessibleName("How to read the per-tip figures")
        self.highlights_label = QLabel()
        self.highlights_label.setWordWrap(True)
        self.highlights_label.setTextFormat(Qt.TextFormat.RichText)
        self.highlights_label.setAccessibleName("Highest and lowest ratings")
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        layout.addWidget(self.compare_label)
        layout.addWidget(self.compare_table, 1)
        layout.addWidget(self.compare_notes)
        layout.addWidget(self.highlights_label)

    def draw(self, board: Dashboard) -> None:
        self.drawn = board
        before, after = board.previous
        self.compare_label.setText(
            f"{day_text(board.start)} – {day_text(board.end)} compared with the "
            f"{(board.end - board.start).days + 1} days before ({day_text(before)} – {day_text(after)}). "
            f"{COMPARISON_RULE}"
        )
        fill(self.compare_table, tip_table_rows(board))
        self.figures("highlights", lambda: tip_rows(board.table), lambda rows: self._highlight(board, rows))

    def _highlight(self, board: Dashboard, rows: dict[str, TipRow]) -> None:
        marks = board.highlights
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
        return describe_tip(self, key, column)


class FocusTab(DrawnBoard):
    title = "Focu&s"

    def __init__(self, host: TrendsView) -> None:
        self.host = host
        self.focus_combo = QComboBox()
        self.focus_combo.setAccessibleName("Focus tip")
        self.focus_start = QDateEdit(qdate(date.today() - timedelta(days=28)))
        self.focus_start.setCalendarPopup(True)
        self.focus_start.setDisplayFormat(DAY_PATTERN)
        self.focus_start.setAccessibleName("Focus start date")
        name_editor(self.focus_start)
        self.focus_label = QLabel()
        self.focus_label.setWordWrap(True)
        self.focus_label.setAccessibleName("Focus tip before and since")
        self.focus_label.setToolTip(f"95 % range: {meaning('range')} {meaning('overlap')}")
        self.chart = TrendChart("Focus tip over the range (shaded: 95 % range)", self.describe, self.column_label)
        self.chart.setToolTip(f"95 % range: {meaning('range')}")
        self.chart.pointClicked.connect(lambda key, column: host.show_reflections(column, key))
        self.panel = ChartPanel(self.chart, self.chart.table)
        row = QHBoxLayout()
        for text, widget in (("F&ocus tip", self.focus_combo), ("st&arting", self.focus_start)):
            row.addWidget(caption(text, widget))
            row.addWidget(widget)
        row.addStretch(1)
        self.page = QWidget()
        layout = QVBoxLayout(self.page)
        layout.addLayout(row)
        layout.addWidget(self.focus_label)
        layout.addWidget(self.panel, 1)
        saved_start = host.context.settings.focus_start
        if saved_start is not None:
            self.focus_start.setDate(qdate(saved_start))
        self.focus_combo.currentIndexChanged.connect(self._chosen)
        self.focus_start.dateChanged.connect(self._chosen)

    def _chosen(self) -> None:
        """The focus tip and its start are the user's choice: kept between runs (and for reports)."""
        tip_id = self.focus_combo.currentData()
        if tip_id:
            self.host.context.update_settings(focus_tip=tip_id, focus_start=picked_date(self.focus_start))
        if self.host.board is not None:
            self.draw(self.host.board)

    def draw(self, board: Dashboard) -> None:
        self.drawn = board
        tip_id = self.focus_combo.currentData()
        filtered = self.host.filtered
        self.chart.clear_series()
        if tip_id is None or filtered is None:
            self.panel.refresh()
            return
        start = picked_date(self.focus_start)
        self.focus_label.setText(f"Comparing before and since {day_text(start)}…")
        self.figures("focus", lambda: analytics.focus(filtered, tip_id, start),
                     lambda result: self.focus_label.setText(self._text(result, start)))
        series = board.tips[tip_id]
        self.chart.add_line(tip_id, board.table.tip(tip_id).label, series.x, 100 * series.mean,
                            board.table.column(tip_id), (100 * series.low, 100 * series.high), counts=series.n)
        self.chart.mark(analytics.day_seconds(start), "focus from here")
        self.chart.fit(analytics.day_seconds(min(board.start, start)), self.host.edges()[1])
        self.panel.refresh()

    def describe(self, key: str, column: int) -> str:
        return describe_tip(self, key, column)

    @staticmethod
    def _text(result: TipChange, start: date) -> str:
        text = (f"{result.tip.label} before {day_text(start)}: {result.before.describe()}; "
                f"since: {result.after.describe()}. ")
        if result.flagged:
            return text + f"{READINGS[result.status]} since the focus began."
        if result.status is ChangeStatus.UNCLEAR:
            return text + "The ranges overlap. More sessions will narrow them."
        return text + READINGS[result.status] + "."
