"""Trends: which tips one reliably practises, which one neglects, and whether a focus helped.

A thin page over ``reflect.analytics``: it loads complete reflections once through the
store, builds the analytics table, and recomputes the dashboard in numpy whenever a
control changes. pyqtgraph is imported here only, so the main window can import this
module lazily when the Trends page is first shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reflect import analytics
from reflect.analytics import (
    Bin,
    Dashboard,
    RatingTable,
    TrendFilter,
)
from reflect.frameworks import Framework
from reflect.glossary import meaning
from reflect.grammar import plural
from reflect.records import ReflectionRecord
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.pages.trends.comparison import FocusTab
from reflect.ui.pages.trends.selection import SelectionPanel
from reflect.ui.pages.trends.tab_base import TrendTab, name_editor
from reflect.ui.pages.trends.tabs import TABS, GroupsTab
from reflect.ui.pages.trends.words import PERIOD_CHOICES, day_text, period_label
from reflect.ui.widgets.chart_table import ChartPanel
from reflect.ui.widgets.controls import caption, filter_combo
from reflect.ui.widgets.period_picker import ALL, CUSTOM, PeriodPicker
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS
from reflect.wording import (
    NOT_A_MEASURE,
)

PRESETS = (("Last 4 weeks", 28, Bin.WEEK), ("Last quarter", 91, Bin.WEEK), ("Last year", 365, Bin.MONTH),
           ("All", ALL, Bin.QUARTER), ("Custom", CUSTOM, Bin.MONTH))
CADENCE_BINS = {"monthly": Bin.MONTH, "quarterly": Bin.QUARTER}


T = TypeVar("T")


class TrendsView(QWidget):
    """The Trends page: controls, charts in tabs, and the reflections behind a selection."""

    openRequested = Signal(object)  # a ReflectionRecord to open in the form

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self._records: list[ReflectionRecord] = []
        self._table: RatingTable | None = None
        self._stale = True
        self.board: Dashboard | None = None
        self.filtered: RatingTable | None = None  # the table after the filters, before the date range

        self._build_controls()
        self._build_charts()
        self.selection = SelectionPanel(self.context)
        self.selection.openRequested.connect(self.openRequested)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName("Summary")
        self.save_button = QPushButton("Sa&ve chart…")
        self.save_button.setToolTip("Save the chart on this tab as a PNG or SVG file")
        self.save_button.clicked.connect(self._save_clicked)
        self.table_button = QPushButton("Show as ta&ble")
        self.table_button.setCheckable(True)
        self.table_button.setToolTip("Show the figures behind each chart as a table instead")
        self.table_button.toggled.connect(self.show_tables)
        self.adaptation_label = QLabel()
        self.adaptation_label.setWordWrap(True)
        self.adaptation_label.setAccessibleName("Adaptation note")
        summary = QHBoxLayout()
        summary.addWidget(self.summary_label, 1)
        summary.addWidget(self.table_button, 0, Qt.AlignmentFlag.AlignTop)
        summary.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignTop)

        self.splitter = splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.tabs)
        splitter.addWidget(self.selection)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 0)
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
        self.period = PeriodPicker([(text, days) for text, days, _size in PRESETS], 1, "Date range", "&Range",
                                   span=self._span)
        self.bin_combo = QComboBox()
        self.bin_combo.setAccessibleName("Period")
        self.bin_combo.setToolTip(f"{meaning('period')} Week of: {meaning('week_starting')}")
        for text, size in PERIOD_CHOICES:
            self.bin_combo.addItem(text, size.value)
        self.window_spin = QSpinBox()
        self.window_spin.setRange(2, 200)
        self.window_spin.setValue(analytics.DEFAULT_WINDOW)
        self.window_spin.setSuffix(" sessions")
        self.window_spin.setAccessibleName("Sessions in each rolling point")
        self.window_spin.setToolTip("With a rolling period, how many sessions each point averages")

        self.setting_combo = filter_combo("Setting filter", "All settings", SETTINGS)
        self.contact_combo = filter_combo("Contact type filter", "All contact types", CONTACT_TYPES)
        self.modality_combo = filter_combo("Modality filter", "All modalities", MODALITIES)
        self.tag_combo = filter_combo("Tag filter", "All tags", {})
        self.framework_combo = filter_combo(
            "Checklist filter", "All checklists",
            {f.id: f.title for f in self.context.catalog.frameworks.values()},
        )

        for box in (self.period.from_edit, self.period.to_edit, self.window_spin):
            name_editor(box)
        for combo in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo, self.framework_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(10)  # long checklist titles show in full when the list opens
        self.controls_top = QHBoxLayout()
        self.controls_top.addWidget(self.period)
        self.controls_top.addWidget(caption("&Period", self.bin_combo))
        self.controls_top.addWidget(self.bin_combo)
        self.window_caption = caption("Ro&lling over", self.window_spin)
        self.controls_top.addWidget(self.window_caption)
        self.controls_top.addWidget(self.window_spin)
        self.controls_top.addStretch(1)
        self.controls_filters = QHBoxLayout()
        for widget in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo):
            self.controls_filters.addWidget(widget)
        self.controls_filters.addWidget(self.framework_combo, 1)

        self.period.presetChosen.connect(self._preset_changed)
        self.period.datesEdited.connect(self.recompute)
        self.bin_combo.currentIndexChanged.connect(self.recompute)
        self.window_spin.valueChanged.connect(self.recompute)
        for combo in (self.setting_combo, self.contact_combo, self.modality_combo, self.tag_combo):
            combo.currentIndexChanged.connect(self.recompute)
        self.framework_combo.currentIndexChanged.connect(self._rebuild)

    def _build_charts(self) -> None:
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Charts")
        self.tabs.tabBar().setAccessibleName("Chart tabs")
        self.charts: list[TrendTab] = []
        for make in TABS:
            tab = make(self)
            self.charts.append(tab)
            self.tabs.addTab(tab.page, tab.title)
        self.tabs.currentChanged.connect(lambda _i: self.save_button.setEnabled(self.current_chart() is not None))

    def tab(self, kind: type[T]) -> T:
        """The tab of one kind, e.g. ``view.tab(ScoreTab).chart``."""
        return next(tab for tab in self.charts if isinstance(tab, kind))

    # ------------------------------------------------------------------ data

    def reference(self) -> Framework:
        """The checklist whose tips lead: the filtered one, else the one in use."""
        chosen = self.framework_combo.currentData()
        return (self.context.catalog.get(chosen) if chosen else None) or self.context.framework()

    def _changed(self, changes: Changes) -> None:
        if not changes.reflections:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """Light or dark changed: draw the charts again in the new scheme's colours."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.draw()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        if self._stale:
            self.reload()
        super().showEvent(event)

    def reload(self) -> None:
        """Fetch complete reflections again (after a save or delete elsewhere) and redraw."""
        self._records = self.context.reflections.records()
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
        self._table = RatingTable.build(self._records, self.context.catalog, reference)
        self._fill_tip_controls()
        self._honour_cadence()
        self.period.apply_preset()
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
        focus_combo = self.tab(FocusTab).focus_combo
        grouping_combo = self.tab(GroupsTab).grouping_combo
        focus = self.context.settings.focus_tip or focus_combo.currentData()
        focus_combo.blockSignals(True)
        focus_combo.clear()
        for tip in self._table.tips:
            focus_combo.addItem(tip.label, tip.id)
        focus_combo.setCurrentIndex(max(0, focus_combo.findData(focus)) if focus else 0)
        focus_combo.blockSignals(False)
        grouping = grouping_combo.currentData()
        grouping_combo.blockSignals(True)
        grouping_combo.clear()
        for grouping_item in self._table.groupings:
            grouping_combo.addItem(grouping_item.title, grouping_item.id)
        grouping_combo.setCurrentIndex(max(0, grouping_combo.findData(grouping)) if grouping else 0)
        grouping_combo.blockSignals(False)

    def _preset_changed(self) -> None:
        size = PRESETS[self.period.range_combo.currentIndex()][2]
        self.bin_combo.blockSignals(True)
        self.bin_combo.setCurrentIndex(self.bin_combo.findData(size.value))
        self.bin_combo.blockSignals(False)
        self._honour_cadence()
        self.recompute()

    def _span(self) -> tuple[date | None, date | None]:
        """The first and last day with reflections, for the "All" preset."""
        if self._table is None:
            return None, None
        return self._table.first_date(), self._table.last_date()

    def filter(self) -> TrendFilter:
        return TrendFilter(
            setting=self.setting_combo.currentData(),
            contact_type=self.contact_combo.currentData(),
            modality=self.modality_combo.currentData(),
            tag=self.tag_combo.currentData(),
            framework_id=self.framework_combo.currentData(),
        )

    def date_range(self) -> tuple[date, date]:
        return self.period.date_range()

    def recompute(self) -> None:
        """Recompute every series for the current controls and redraw (numpy only, no database)."""
        if self._table is None:
            return
        size = Bin(self.bin_combo.currentData())
        self.window_spin.setEnabled(size is Bin.SESSIONS)
        filtered = self._table.where(self.filter())
        start, end = self.date_range()
        self.board = analytics.dashboard(filtered, start, end, size, self.window_spin.value())
        self.filtered = filtered
        self.draw()

    # ------------------------------------------------------------------ drawing

    def draw(self) -> None:
        board = self.board
        if board is None:
            return
        self.summary_label.setText(self._summary(board))
        for widget in (self.window_caption, self.window_spin):  # only a rolling period has a window to set
            widget.setVisible(board.size is Bin.SESSIONS)
        self.adaptation_label.setText(f"<small>{self.reference().adaptation} {NOT_A_MEASURE}</small>")
        for tab in self.charts:
            tab.draw(board)
        self.selection.clear()

    def edges(self) -> tuple[float, float]:
        """The x extent of the chosen range, from its first morning to the end of its last day."""
        assert self.board is not None
        return analytics.day_seconds(self.board.start), analytics.day_seconds(self.board.end + timedelta(days=1))

    def _summary(self, board: Dashboard) -> str:
        count = len(board.table)
        if not self._records:
            return ("No reflections yet. After your next session, rate it with the checklist "
                    "and your trends will appear here.")
        text = f"{plural(count, 'reflection')} from {day_text(board.start)} to {day_text(board.end)}"
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

    # ------------------------------------------------------------------ hover text

    def column_label(self, column: int, short: bool = False) -> str:
        board = self.board
        assert board is not None
        if board.size is Bin.SESSIONS:
            last = board.table.records[column + board.window - 1].occurred_at.date()
            return day_text(last) if short else f"{board.window} sessions up to {day_text(last)}"
        return period_label(board.periods[column], short)

    def show_reflections(self, column: int, tip_id: str | None = None) -> None:
        """List the reflections behind one period (and tip), e.g. after a click."""
        board = self.board
        assert board is not None
        records = board.reflections_in(column, tip_id)
        title = self.column_label(column)
        if tip_id is not None:
            title = f"{board.table.tip(tip_id).label}, {title}"
        self.list_records(records, title, tip_id)

    def list_records(self, records: list[ReflectionRecord], title: str, tip_id: str | None) -> None:
        self.selection.show_records(records, title, tip_id)
        charts, listed = self.splitter.sizes()
        need = self.selection.minimumSizeHint().height()
        if listed < need:  # the list opens at a readable height, taken from the charts
            self.splitter.setSizes([max(0, charts + listed - need), need])

    # ------------------------------------------------------------------ saving

    def current_chart(self) -> ChartPanel | None:
        """The chart (with its table) on the current tab, if it has one."""
        panels = self.tabs.currentWidget().findChildren(ChartPanel)
        return panels[0] if panels else None

    def show_tables(self, shown: bool) -> None:
        """Every chart as its table (the text alternative), or back to the charts."""
        for tab in self.charts:
            for panel in tab.page.findChildren(ChartPanel):
                panel.show_table(shown)

    def save_chart(self, path: Path, chart: ChartPanel | None = None) -> Path:
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
