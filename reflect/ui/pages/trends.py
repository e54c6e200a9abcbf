"""Trends: which tips one reliably practises, which one neglects, and whether a focus helped.

A thin page over ``reflect.analytics``: it loads complete reflections once through the
store, builds the analytics table, and recomputes the dashboard in numpy whenever a
control changes. pyqtgraph is imported here only, so the main window can import this
module lazily when the Trends page is first shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QKeySequence, QPainter, QPixmap, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reflect import analytics
from reflect.analytics import (
    Bin,
    ChangeStatus,
    Dashboard,
    RatingTable,
    TipChange,
    TrendFilter,
)
from reflect.figures import GROUP_COLUMNS, TIP_COLUMNS, group_table_rows, tip_table_rows
from reflect.frameworks import Framework
from reflect.rate_tables import tip_rows
from reflect.records import ReflectionRecord
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.widgets.controls import filter_combo, qdate, show_range
from reflect.ui.widgets.heatmap import Heatmap
from reflect.ui.widgets.trend_chart import TrendChart, series_pen
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS, label
from reflect.wording import (
    CHANGE_MEANING,
    COMPARISON_RULE,
    GROUP_METHOD,
    INDEPENDENCE,
    NOT_A_MEASURE,
    RATING_GLOSS,
    READINGS,
    YES_GLOSS,
    yes_and_rating,
)
from reflect.wording import percent as _percent

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
CUSTOM = -1
ALL = 0
PRESETS = (("Last 4 weeks", 28, Bin.WEEK), ("Last quarter", 91, Bin.WEEK), ("Last year", 365, Bin.MONTH),
           ("All", ALL, Bin.QUARTER), ("Custom", CUSTOM, Bin.MONTH))
CADENCE_BINS = {"monthly": Bin.MONTH, "quarterly": Bin.QUARTER}
BINS = (("Week", Bin.WEEK), ("Month", Bin.MONTH), ("Quarter", Bin.QUARTER), ("Last k sessions", Bin.SESSIONS))
def _day(value: date) -> str:
    return f"{value.day} {value.strftime('%b %Y')}"


def _swatch(index: int) -> QIcon:
    """A short line in the series' colour and dash, so the tip list doubles as the legend."""
    pixmap = QPixmap(24, 12)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    pen = series_pen(index, width=3)
    painter.setPen(pen)
    painter.drawLine(1, 6, 23, 6)
    painter.end()
    return QIcon(pixmap)


class TrendsView(QWidget):
    """The Trends page: controls, charts in tabs, and the reflections behind a selection."""

    openRequested = Signal(object)  # a ReflectionRecord to open in the form

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._records: list[ReflectionRecord] = []
        self._table: RatingTable | None = None
        self._stale = True
        self.board: Dashboard | None = None
        self._filtered: RatingTable | None = None

        self._build_controls()
        self._build_charts()
        self._build_selection()

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName("Summary")
        self.save_button = QPushButton("&Save chart…")
        self.save_button.setToolTip("Save the chart on this tab as a PNG or SVG file")
        self.save_button.clicked.connect(self._save_clicked)
        self.adaptation_label = QLabel()
        self.adaptation_label.setWordWrap(True)
        self.adaptation_label.setAccessibleName("Adaptation note")
        summary = QHBoxLayout()
        summary.addWidget(self.summary_label, 1)
        summary.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.selection_panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(self.controls_top)
        layout.addLayout(self.controls_filters)
        layout.addLayout(summary)
        layout.addWidget(self.adaptation_label)
        layout.addWidget(splitter, 1)

        context.changed.connect(self._changed)
        self.reload()

    # ------------------------------------------------------------------ building

    def _build_controls(self) -> None:
        self.range_combo = QComboBox()
        self.range_combo.setAccessibleName("Date range")
        for text, days, _size in PRESETS:
            self.range_combo.addItem(text, days)
        self.range_combo.setCurrentIndex(1)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit, name in ((self.from_edit, "From date"), (self.to_edit, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
        self.bin_combo = QComboBox()
        self.bin_combo.setAccessibleName("Bin size")
        for text, size in BINS:
            self.bin_combo.addItem(text, size.value)
        self.window_spin = QSpinBox()
        self.window_spin.setRange(2, 200)
        self.window_spin.setValue(analytics.DEFAULT_WINDOW)
        self.window_spin.setAccessibleName("Sessions per window")
        self.window_spin.setToolTip("How many sessions each point of a rolling window averages")

        self.setting_combo = filter_combo("Setting filter", "All settings", SETTINGS)
        self.contact_combo = filter_combo("Contact type filter", "All contact types", CONTACT_TYPES)
        self.modality_combo = filter_combo("Modality filter", "All modalities", MODALITIES)
        self.tag_combo = filter_combo("Tag filter", "All tags", {})
        self.framework_combo = filter_combo(
            "Checklist filter", "All checklists",
            {f.id: f.title for f in self._context.catalog.frameworks.values()},
        )

        self.controls_top = QHBoxLayout()
        for caption, widget in (("&Range", self.range_combo), ("&From", self.from_edit), ("&To", self.to_edit),
                                ("&Bin", self.bin_combo), ("&k", self.window_spin)):
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            self.controls_top.addWidget(caption_label)
            self.controls_top.addWidget(widget)
        self.controls_top.addStretch(1)
        self.controls_filters = QHBoxLayout()
        for widget in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo):
            self.controls_filters.addWidget(widget)
        self.controls_filters.addWidget(self.framework_combo, 1)

        self._apply_preset()
        self.range_combo.currentIndexChanged.connect(self._preset_changed)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self.recompute)
        self.bin_combo.currentIndexChanged.connect(self.recompute)
        self.window_spin.valueChanged.connect(self.recompute)
        for combo in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo):
            combo.currentIndexChanged.connect(self.recompute)
        self.framework_combo.currentIndexChanged.connect(self._rebuild)

    def _build_charts(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Charts")
        self.score_chart = TrendChart("Reflection score: each session and the average per period", self._describe_score)
        self.score_chart.pointClicked.connect(self._score_clicked)
        self.tabs.addTab(self.score_chart, "S&core")

        self.tips_chart = TrendChart(
            "Rating per tip (Yes = 100 %, Partly = 50 %, No = 0 %)", self._describe_tip, show_legend=False
        )
        self.tips_chart.pointClicked.connect(lambda key, column: self.show_reflections(column, key))
        self.tip_list = QListWidget()
        self.tip_list.setAccessibleName("Tips shown")
        self.tip_list.setMaximumWidth(230)
        self.tip_list.itemChanged.connect(self._tip_toggled)
        tips_page = QWidget()
        tips_layout = QHBoxLayout(tips_page)
        tips_layout.addWidget(self.tips_chart, 1)
        tips_layout.addWidget(self.tip_list)
        self.tabs.addTab(tips_page, "T&ips")

        self.heatmap = Heatmap(self._describe_cell)
        self.heatmap.cellClicked.connect(self._cell_clicked)
        self.hover_label = QLabel("Point at a cell to see its rate and count; click it to list its reflections.")
        self.hover_label.setWordWrap(True)
        self.heatmap.scene().sigMouseMoved.connect(
            lambda _pos: self.hover_label.setText(self.heatmap.hover_text or self.hover_label.text())
        )
        heat_page = QWidget()
        heat_layout = QVBoxLayout(heat_page)
        heat_layout.addWidget(self.heatmap, 1)
        heat_layout.addWidget(self.hover_label)
        self.tabs.addTab(heat_page, "&Heatmap")

        self.grouping_combo = QComboBox()
        self.grouping_combo.setAccessibleName("Grouping")
        self.grouping_combo.currentIndexChanged.connect(self._draw_groups)
        self.groups_chart = TrendChart("Rating per group, averaged over sessions (shaded: 95 % range)",
                                       self._describe_group)
        self.groups_chart.pointClicked.connect(lambda _key, column: self.show_reflections(column))
        self.group_source = QLabel()
        self.group_source.setWordWrap(True)
        self.group_source.setAccessibleName("Source of the grouping")
        self.group_table = QTableWidget(0, len(GROUP_COLUMNS))
        self.group_table.setAccessibleName("Group figures compared with the previous range")
        self.group_table.setHorizontalHeaderLabels(list(GROUP_COLUMNS))
        self._table_defaults(self.group_table)
        groups_page = QWidget()
        groups_layout = QVBoxLayout(groups_page)
        groups_layout.addWidget(self.grouping_combo)
        groups_layout.addWidget(self.group_source)
        groups_layout.addWidget(self.groups_chart, 2)
        groups_layout.addWidget(self.group_table, 1)
        self.tabs.addTab(groups_page, "&Groups")

        self.na_chart = TrendChart("Share of tips rated Not applicable (possible missed opportunities)", self._describe_na)
        self.na_chart.pointClicked.connect(lambda _key, column: self.show_reflections(column))
        self.tabs.addTab(self.na_chart, "&Not applicable")

        self.compare_label = QLabel()
        self.compare_label.setWordWrap(True)
        self.compare_table = QTableWidget(0, len(TIP_COLUMNS))
        self.compare_table.setAccessibleName("Per-tip figures compared with the previous range")
        self.compare_table.setHorizontalHeaderLabels(list(TIP_COLUMNS))
        self._table_defaults(self.compare_table)
        self.compare_notes = QLabel(" ".join((YES_GLOSS, RATING_GLOSS, CHANGE_MEANING, INDEPENDENCE)))
        self.compare_notes.setWordWrap(True)
        self.compare_notes.setAccessibleName("How to read the per-tip figures")
        self.highlights_label = QLabel()
        self.highlights_label.setWordWrap(True)
        self.highlights_label.setTextFormat(Qt.TextFormat.RichText)
        compare_page = QWidget()
        compare_layout = QVBoxLayout(compare_page)
        compare_layout.addWidget(self.compare_label)
        compare_layout.addWidget(self.compare_table, 1)
        compare_layout.addWidget(self.compare_notes)
        compare_layout.addWidget(self.highlights_label)
        self.tabs.addTab(compare_page, "Co&mpare")

        self.focus_combo = QComboBox()
        self.focus_combo.setAccessibleName("Focus tip")
        self.focus_start = QDateEdit(qdate(date.today() - timedelta(days=28)))
        self.focus_start.setCalendarPopup(True)
        self.focus_start.setDisplayFormat("d MMM yyyy")
        self.focus_start.setAccessibleName("Focus start date")
        self.focus_label = QLabel()
        self.focus_label.setWordWrap(True)
        self.focus_chart = TrendChart("Focus tip over the range", self._describe_tip)
        self.focus_chart.pointClicked.connect(lambda key, column: self.show_reflections(column, key))
        focus_row = QHBoxLayout()
        for caption, widget in (("Focus &tip", self.focus_combo), ("&since", self.focus_start)):
            caption_label = QLabel(caption)
            caption_label.setBuddy(widget)
            focus_row.addWidget(caption_label)
            focus_row.addWidget(widget)
        focus_row.addStretch(1)
        focus_page = QWidget()
        focus_layout = QVBoxLayout(focus_page)
        focus_layout.addLayout(focus_row)
        focus_layout.addWidget(self.focus_label)
        focus_layout.addWidget(self.focus_chart, 1)
        self.tabs.addTab(focus_page, "&Focus")
        saved_start = self._context.settings.focus_start
        if saved_start:
            try:
                self.focus_start.setDate(qdate(date.fromisoformat(saved_start)))
            except ValueError:
                pass  # a hand-edited setting: keep the default
        self.focus_combo.currentIndexChanged.connect(self._focus_chosen)
        self.focus_start.dateChanged.connect(self._focus_chosen)
        self.tabs.currentChanged.connect(lambda _i: self.save_button.setEnabled(self.current_chart() is not None))

    def _build_selection(self) -> None:
        self.selection_label = QLabel("Click a point or a heatmap cell to list the reflections behind it.")
        self.selection_label.setWordWrap(True)
        self.selection_table = QTableWidget(0, 5)
        self.selection_table.setAccessibleName("Reflections behind the selection")
        self.selection_table.setHorizontalHeaderLabels(["When", "Setting", "Contact", "Score", "Rating"])
        self._table_defaults(self.selection_table)
        self.selection_table.doubleClicked.connect(lambda _index: self.open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            shortcut = QShortcut(QKeySequence(key), self.selection_table)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.open_selected)
        self.selection_panel = QWidget()
        layout = QVBoxLayout(self.selection_panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.selection_label)
        layout.addWidget(self.selection_table, 1)

    @staticmethod
    def _table_defaults(table: QTableWidget) -> None:
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

    # ------------------------------------------------------------------ data

    def reference(self) -> Framework:
        """The checklist whose tips lead: the filtered one, else the one in use."""
        chosen = self.framework_combo.currentData()
        return (self._context.catalog.get(chosen) if chosen else None) or self._context.framework()

    def _changed(self, changes: Changes) -> None:
        if not changes.reflections:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._stale:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Fetch complete reflections again (after a save or delete elsewhere) and redraw."""
        self._records = self._context.reflections.records()
        self._stale = False
        current = self.tag_combo.currentData()
        tags = sorted({tag for record in self._records for tag in record.tags})
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("All tags", None)
        for tag in tags:
            self.tag_combo.addItem(tag, tag)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(current)) if current else 0)
        self.tag_combo.blockSignals(False)
        self._rebuild()

    def _rebuild(self) -> None:
        reference = self.reference()
        self._table = RatingTable.build(self._records, self._context.catalog, reference)
        self._fill_tip_controls()
        self._honour_cadence()
        self._apply_preset()
        self.recompute()

    def _honour_cadence(self) -> None:
        """A periodic self-assessment (e.g. the quarterly ImROC challenges) is binned by its own period."""
        size = CADENCE_BINS.get(self.reference().cadence)
        if size is not None:
            self.bin_combo.blockSignals(True)
            self.bin_combo.setCurrentIndex(self.bin_combo.findData(size.value))
            self.bin_combo.blockSignals(False)

    def _fill_tip_controls(self) -> None:
        assert self._table is not None
        hidden = {self.tip_list.item(i).data(RECORD_ROLE) for i in range(self.tip_list.count())
                  if self.tip_list.item(i).checkState() == Qt.CheckState.Unchecked}
        self.tip_list.blockSignals(True)
        self.tip_list.clear()
        for tip in self._table.tips:
            item = QListWidgetItem(tip.label if tip.in_reference else f"{tip.label} (other version)")
            item.setIcon(_swatch(self.tip_list.count()))
            item.setData(RECORD_ROLE, tip.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if tip.id in hidden else Qt.CheckState.Checked)
            self.tip_list.addItem(item)
        self.tip_list.blockSignals(False)
        focus = self._context.settings.focus_tip or self.focus_combo.currentData()
        self.focus_combo.blockSignals(True)
        self.focus_combo.clear()
        for tip in self._table.tips:
            self.focus_combo.addItem(tip.label, tip.id)
        self.focus_combo.setCurrentIndex(max(0, self.focus_combo.findData(focus)) if focus else 0)
        self.focus_combo.blockSignals(False)
        grouping = self.grouping_combo.currentData()
        self.grouping_combo.blockSignals(True)
        self.grouping_combo.clear()
        for item in self._table.groupings:
            self.grouping_combo.addItem(item.title, item.id)
        self.grouping_combo.setCurrentIndex(max(0, self.grouping_combo.findData(grouping)) if grouping else 0)
        self.grouping_combo.blockSignals(False)

    def _preset_changed(self) -> None:
        size = PRESETS[self.range_combo.currentIndex()][2]
        self.bin_combo.blockSignals(True)
        self.bin_combo.setCurrentIndex(self.bin_combo.findData(size.value))
        self.bin_combo.blockSignals(False)
        self._honour_cadence()
        self._apply_preset()
        self.recompute()

    def _apply_preset(self) -> None:
        """Set the date edits from the range preset; only Custom lets the user type dates."""
        days = self.range_combo.currentData()
        custom = days == CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if custom:
            return
        today = date.today()
        if days == ALL:
            first = self._table.first_date() if self._table is not None else None
            last = self._table.last_date() if self._table is not None else None
            start, end = first or today, max(last or today, today)
        else:
            start, end = today - timedelta(days=days - 1), today
        show_range(self.from_edit, self.to_edit, start, end)

    def filter(self) -> TrendFilter:
        return TrendFilter(
            setting=self.setting_combo.currentData(),
            contact_type=self.contact_combo.currentData(),
            modality=self.modality_combo.currentData(),
            tag=self.tag_combo.currentData(),
            framework_id=self.framework_combo.currentData(),
        )

    def date_range(self) -> tuple[date, date]:
        start, end = self.from_edit.date().toPython(), self.to_edit.date().toPython()
        return (start, end) if start <= end else (end, start)

    def recompute(self) -> None:
        """Recompute every series for the current controls and redraw (numpy only, no database)."""
        if self._table is None:
            return
        size = Bin(self.bin_combo.currentData())
        self.window_spin.setEnabled(size is Bin.SESSIONS)
        filtered = self._table.where(self.filter())
        start, end = self.date_range()
        self.board = analytics.dashboard(filtered, start, end, size, self.window_spin.value())
        self._filtered = filtered
        self.draw()

    # ------------------------------------------------------------------ drawing

    def draw(self) -> None:
        board = self.board
        if board is None:
            return
        self.summary_label.setText(self._summary(board))
        self.adaptation_label.setText(f"<small>{self.reference().adaptation} {NOT_A_MEASURE}</small>")
        edges = self._edges()
        self._draw_score(board, edges)
        self._draw_tips(board, edges)
        self._draw_heatmap(board)
        self._draw_groups()
        self.na_chart.clear_series()
        na = board.not_applicable
        self.na_chart.add_line("na", "Not applicable", na.x, 100 * na.mean, 0, (100 * na.low, 100 * na.high))
        self.na_chart.fit(*edges)
        self._draw_comparison(board)
        self._draw_focus()
        self.clear_selection()

    def _edges(self) -> tuple[float, float]:
        """The x extent of the chosen range, from its first morning to the end of its last day."""
        assert self.board is not None
        return analytics.day_seconds(self.board.start), analytics.day_seconds(self.board.end + timedelta(days=1))

    def _summary(self, board: Dashboard) -> str:
        count = len(board.table)
        if not self._records:
            return ("No reflections yet. After your next session, rate it with the checklist "
                    "and your trends will appear here.")
        text = f"{count:,} reflection{'s' if count != 1 else ''} from {_day(board.start)} to {_day(board.end)}"
        if self.filter() != TrendFilter():
            text += " (filtered)"
        text += "."
        note = analytics.sparse_note(count)
        if note:
            text += " " + note
        if board.size is Bin.SESSIONS and 0 < count < board.window:
            text += (f" A rolling window needs at least {board.window} sessions:"
                     " choose a smaller window or a longer range.")
        return text

    def _draw_score(self, board: Dashboard, edges: tuple[float, float]) -> None:
        self.score_chart.clear_series()
        self.score_chart.add_dots("score-dots", board.table.times, board.scores)
        line = board.score_line
        self.score_chart.add_line("score", "Average score", line.x, 100 * line.mean, 0)
        self.score_chart.fit(*edges)

    def _draw_tips(self, board: Dashboard, edges: tuple[float, float]) -> None:
        self.tips_chart.clear_series()
        for index, tip in enumerate(board.table.tips):
            series = board.tips[tip.id]
            self.tips_chart.add_line(tip.id, tip.label, series.x, 100 * series.mean, index)
        for row in range(self.tip_list.count()):
            item = self.tip_list.item(row)
            self.tips_chart.set_line_visible(item.data(RECORD_ROLE), item.checkState() == Qt.CheckState.Checked)
        self.tips_chart.fit(*edges)

    def _tip_toggled(self, item: QListWidgetItem) -> None:
        self.tips_chart.set_line_visible(item.data(RECORD_ROLE), item.checkState() == Qt.CheckState.Checked)

    def _draw_heatmap(self, board: Dashboard) -> None:
        tips = board.table.tips
        values = np.column_stack([board.tips[t.id].mean for t in tips]) if board.columns else np.zeros((0, 0))
        counts = np.column_stack([board.tips[t.id].n for t in tips]) if board.columns else np.zeros((0, 0))
        self.heatmap.set_data(values, [t.label for t in tips],
                              [self._column_label(c, short=True) for c in range(board.columns)], counts)

    def _draw_groups(self) -> None:
        board = self.board
        self.groups_chart.clear_series()
        if board is None:
            return
        grouping_id = self.grouping_combo.currentData() or ""
        grouping = next((g for g in board.table.groupings if g.id == grouping_id), None)
        self.group_source.setText(
            (f"Source: {grouping.source} " if grouping and grouping.source else "")
            + "The groupings are Reflect’s own, not part of the published checklist. " + GROUP_METHOD
        )
        previous = self._filtered.between(*board.previous) if self._filtered is not None else board.table.take(
            np.zeros(len(board.table), dtype=bool))
        self._fill(self.group_table, group_table_rows(board.table, previous).get(grouping_id, []))
        groups = board.groups.get(grouping_id, {})
        for index, series in enumerate(groups.values()):
            self.groups_chart.add_line(series.key, series.label, series.x, 100 * series.mean, index,
                                       (100 * series.low, 100 * series.high))
        self.groups_chart.fit(*self._edges())

    def _draw_comparison(self, board: Dashboard) -> None:
        before, after = board.previous
        self.compare_label.setText(
            f"{_day(board.start)} – {_day(board.end)} compared with the {(board.end - board.start).days + 1} days "
            f"before ({_day(before)} – {_day(after)}). {COMPARISON_RULE}"
        )
        self._fill(self.compare_table, tip_table_rows(board))
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

    @staticmethod
    def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
        table.setRowCount(len(rows))
        for row, values in enumerate(rows):
            for column, text in enumerate(values):
                item = QTableWidgetItem(text)
                if column and (text[:1].isdigit() or text[:1] in "+-–"):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                table.setItem(row, column, item)

    def _focus_chosen(self) -> None:
        """The focus tip and its start are the user's choice: kept between runs (and for reports)."""
        tip_id = self.focus_combo.currentData()
        if tip_id:
            self._context.settings.focus_tip = tip_id
            self._context.settings.focus_start = self.focus_start.date().toPython().isoformat()
            self._context.save_settings()
        self._draw_focus()

    def _draw_focus(self) -> None:
        board = self.board
        tip_id = self.focus_combo.currentData()
        self.focus_chart.clear_series()
        if board is None or tip_id is None or self._filtered is None:
            return
        start = self.focus_start.date().toPython()
        result = analytics.focus(self._filtered, tip_id, start)
        self.focus_label.setText(self._focus_text(result, start))
        series = board.tips[tip_id]
        self.focus_chart.add_line(tip_id, result.tip.label, series.x, 100 * series.mean,
                                  board.table.column(tip_id), (100 * series.low, 100 * series.high))
        self.focus_chart.mark(analytics.day_seconds(start), "focus from here")
        self.focus_chart.fit(analytics.day_seconds(min(board.start, start)), self._edges()[1])

    @staticmethod
    def _focus_text(result: TipChange, start: date) -> str:
        text = (f"{result.tip.label} before {_day(start)}: {result.before.describe()}; "
                f"since: {result.after.describe()}. ")
        if result.flagged:
            return text + f"{READINGS[result.status]} since the focus began."
        if result.status is ChangeStatus.UNCLEAR:
            return text + "The ranges overlap. More sessions will narrow them."
        return text + READINGS[result.status] + "."

    # ------------------------------------------------------------------ hover text

    def _column_label(self, column: int, short: bool = False) -> str:
        board = self.board
        assert board is not None
        if board.size is Bin.SESSIONS:
            last = board.table.records[column + board.window - 1].occurred_at.date()
            return _day(last) if short else f"{board.window} sessions up to {_day(last)}"
        period = board.periods[column]
        return period.short_label if short else period.label

    def _describe_tip(self, tip_id: str, column: int) -> str:
        assert self.board is not None
        rate = self.board.tips[tip_id].rate(column)
        text = f"{self.board.table.tip(tip_id).label}, {self._column_label(column)}: {rate.describe()}"
        if rate.na:
            text += f"; {rate.na} not applicable"
        if rate.missing:
            text += f"; {rate.missing} made with a version without this tip"
        return text

    def _describe_cell(self, column: int, row: int) -> str:
        assert self.board is not None
        return self._describe_tip(self.board.table.tips[row].id, column)

    def _describe_score(self, key: str, index: int) -> str:
        board = self.board
        assert board is not None
        if key == "score-dots":
            record = board.table.records[index]
            return f"{record.occurred_at:%a %d %b %Y %H:%M}: score {board.scores[index]:.0f} %"
        line = board.score_line
        return f"{self._column_label(index)}: average score {100 * line.mean[index]:.0f} % over {line.n[index]} reflections"

    def _describe_group(self, group_id: str, column: int) -> str:
        board = self.board
        assert board is not None
        series = board.groups[self.grouping_combo.currentData()][group_id]
        return f"{series.label}, {self._column_label(column)}: {series.rate(column).describe()}"

    def _describe_na(self, _key: str, column: int) -> str:
        assert self.board is not None
        series = self.board.not_applicable
        return (f"{self._column_label(column)}: {_percent(series.mean[column])} of {series.n[column]} answers "
                "were not applicable")

    # ------------------------------------------------------------------ selection

    def _cell_clicked(self, column: int, row: int) -> None:
        assert self.board is not None
        self.show_reflections(column, self.board.table.tips[row].id)

    def _score_clicked(self, key: str, index: int) -> None:
        assert self.board is not None
        if key == "score-dots":
            self._list([self.board.table.records[index]], "This session", None)
        else:
            self.show_reflections(index)

    def show_reflections(self, column: int, tip_id: str | None = None) -> None:
        """List the reflections behind one period (and tip), e.g. after a click."""
        board = self.board
        assert board is not None
        records = board.reflections_in(column, tip_id)
        title = self._column_label(column)
        if tip_id is not None:
            title = f"{board.table.tip(tip_id).label}, {title}"
        self._list(records, title, tip_id)

    def _list(self, records: list[ReflectionRecord], title: str, tip_id: str | None) -> None:
        count = len(records)
        self.selection_label.setText(
            f"{title}: {count} reflection{'s' if count != 1 else ''}. Double-click one (or press Return) to open it."
            if count else f"{title}: no reflections."
        )
        self.selection_table.setRowCount(count)
        for row, record in enumerate(reversed(records)):  # newest first, as in History
            rating = record.rating(tip_id) if tip_id else None
            framework = self._context.framework_for(record)
            option = framework.option(rating.choice) if rating else None
            percent = record.score(framework.max_points).percent
            cells = [
                f"{record.occurred_at:%a %d %b %Y %H:%M}",
                label(SETTINGS, record.setting),
                label(CONTACT_TYPES, record.contact_type),
                "–" if percent is None else f"{percent:.0f} %",
                option.label if option else (rating.choice if rating else ""),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(RECORD_ROLE, record)
                self.selection_table.setItem(row, column, item)

    def clear_selection(self) -> None:
        self.selection_table.setRowCount(0)
        self.selection_label.setText("Click a point or a heatmap cell to list the reflections behind it.")

    def listed(self) -> list[ReflectionRecord]:
        """The reflections currently listed, newest first."""
        return [self.selection_table.item(row, 0).data(RECORD_ROLE) for row in range(self.selection_table.rowCount())]

    def open_selected(self) -> None:
        rows = self.selection_table.selectionModel().selectedRows()
        if rows:
            self.openRequested.emit(self.selection_table.item(rows[0].row(), 0).data(RECORD_ROLE))

    # ------------------------------------------------------------------ saving

    def current_chart(self) -> TrendChart | Heatmap | None:
        page = self.tabs.currentWidget()
        if isinstance(page, (TrendChart, Heatmap)):
            return page
        charts = page.findChildren(TrendChart) + page.findChildren(Heatmap)
        return charts[0] if charts else None

    def save_chart(self, path: Path, chart: TrendChart | Heatmap | None = None) -> Path:
        """Save a chart (default: the one on the current tab) as PNG or SVG by the suffix."""
        target = chart or self.current_chart()
        if target is None:
            raise ValueError("This tab has no chart to save")
        return target.save(path)

    def _save_clicked(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, "Save chart", str(Path.home() / "reflect-trend.png"), "PNG image (*.png);;SVG drawing (*.svg)"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() not in (".png", ".svg"):
            path = path.with_suffix(".svg" if "SVG" in _filter else ".png")
        try:
            self.save_chart(path)
        except OSError as exc:
            QMessageBox.warning(self, "Save chart", f"The chart could not be saved: {exc.strerror or exc}.")
