"""Trends: which tips one reliably practises, which one neglects, and whether a focus helped.

A thin page over ``reflect.analytics``; its numbers are made in the operation runner
(``loading``), with a quiet "Loading…" meanwhile. The reflections behind a clicked point
are loaded by id, only those. pyqtgraph is imported here only, so the main window can
import this module lazily when the Trends page is first shown.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from reflect import analytics
from reflect.analytics import Bin, Dashboard, RatingTable, TrendFilter
from reflect.frameworks import Framework
from reflect.glossary import meaning
from reflect.rating_columns import RatingColumns
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.ops import Operation
from reflect.ui.pages.trends.comparison import FocusTab
from reflect.ui.pages.trends.loading import Computed, TrendsData
from reflect.ui.pages.trends.selection import SelectionPanel
from reflect.ui.pages.trends.tab_base import TrendTab, name_editor
from reflect.ui.pages.trends.tab_shelf import TabShelf
from reflect.ui.pages.trends.tabs import TABS, GroupsTab
from reflect.ui.pages.trends.tip_controls import refill_tip_controls
from reflect.ui.pages.trends.words import PERIOD_CHOICES, period_label, summary_text
from reflect.ui.widgets.chart_export import ask_and_save
from reflect.ui.widgets.chart_table import ChartPanel
from reflect.ui.widgets.controls import caption, filter_combo
from reflect.ui.widgets.period_picker import ALL, CUSTOM, PeriodPicker
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS
from reflect.wording import NOT_A_MEASURE, day_text

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
        self._stale = True
        self.data = TrendsData(self, context, self.reference)
        self.board: Dashboard | None = None
        self.filtered: RatingTable | None = None  # the table after the filters, before the date range

        self._build_controls()
        self._build_charts()
        self.selection = SelectionPanel(self.context)
        self.selection.openRequested.connect(self.openRequested)

        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        self.summary_label.setAccessibleName("Summary")
        self.busy_label = QLabel("Loading…")
        self.busy_label.setAccessibleName("Trends are loading")
        self.busy_label.hide()
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
        summary.addWidget(self.busy_label, 0, Qt.AlignmentFlag.AlignTop)
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
        self.shelf.start()  # the buttons above exist now: a tab built later follows "Show as table"

        self.data.columnsLoaded.connect(self._tags_loaded)
        self.data.tableReady.connect(self._show_table)
        self.data.computed.connect(self._computed)
        self.data.busyChanged.connect(self.busy_label.setVisible)
        context.changed.connect(self._changed)
        self.reload()

    # ------------------------------------------------------------------ building

    def _build_controls(self) -> None:
        self.period = PeriodPicker([(text, days) for text, days, _size in PRESETS], 1, "Date range",
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
        self.controls_top.addWidget(caption("Perio&d", self.bin_combo))
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
        self.shelf = TabShelf(self.tabs, TABS, self)
        self.charts: list[TrendTab] = self.shelf.charts  # those built so far (``TabShelf``)
        self._undrawn: set[int] = set()  # tabs not drawn yet for the current dashboard
        self.shelf.built.connect(self._tab_built)
        self.tabs.currentChanged.connect(self._tab_shown)

    def _tab_built(self, index: int) -> None:
        if self.table_button.isChecked():
            for panel in self.charts[index].page.findChildren(ChartPanel):
                panel.show_table(True)
        if self.shelf.complete and self.data.table is not None:
            self._fill_tip_controls()  # the table came before the tabs with the tip controls
        if index == self.tabs.currentIndex():
            self._tab_shown(index)

    def _tab_shown(self, index: int) -> None:
        self.shelf.build_upto(index)
        self._draw_tab(index)
        self.save_button.setEnabled(self.current_chart() is not None)

    def _draw_tab(self, index: int) -> None:
        """Draw a tab for the current dashboard if it is not yet: all six at 20,000 reflections take
        several times longer than the one on screen, so the others wait until shown or asked for."""
        if index in self._undrawn and index < len(self.charts) and self.board is not None:
            self._undrawn.discard(index)
            self.charts[index].draw(self.board)

    def tab(self, kind: type[T]) -> T:
        """The tab of one kind, drawn for the current dashboard, e.g. ``view.tab(ScoreTab).chart``."""
        self.shelf.build_upto(len(TABS))
        index = next(i for i, tab in enumerate(self.charts) if isinstance(tab, kind))
        self._draw_tab(index)
        return self.charts[index]  # type: ignore[return-value]

    def _controls(self, kind: type[T]) -> T:
        """A tab whose controls are refilled (drawing it would be wasted: a new dashboard follows)."""
        self.shelf.build_upto(len(TABS))
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

    @property
    def loading(self) -> bool:
        """True while a load or a recompute is on its way (the page shows "Loading…"), or tabs are being built."""
        return self.data.loading or not self.shelf.complete or self.shelf.drawing

    @property
    def operation(self) -> Operation[object] | None:
        """The latest work sent to the runner."""
        return self.data.operation

    def reload(self) -> None:
        """Read the reflections again (after a save or delete elsewhere) in the runner, then redraw."""
        self._stale = False
        self.data.reload()

    def _tags_loaded(self, columns: RatingColumns) -> None:
        current = self.tag_combo.currentData()
        self.tag_combo.blockSignals(True)
        self.tag_combo.clear()
        self.tag_combo.addItem("All tags", None)
        for tag in columns.tag_names():
            self.tag_combo.addItem(tag, tag)
        self.tag_combo.setCurrentIndex(max(0, self.tag_combo.findData(current)) if current else 0)
        self.tag_combo.blockSignals(False)

    def _rebuild(self) -> None:
        """Another checklist chosen: the table is rebuilt for its tips."""
        self._honour_cadence()  # at once, even before the reflections have loaded
        self.data.rebuild()

    def _show_table(self, _table: RatingTable) -> None:
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
        assert self.data.table is not None
        if not self.shelf.complete:
            return  # filled once the tabs with these controls are built (``_tab_built``)
        refill_tip_controls(self.data.table, self._controls(FocusTab).focus_combo,
                            self._controls(GroupsTab).grouping_combo, self.context.settings.focus_tip)

    def _preset_changed(self) -> None:
        size = PRESETS[self.period.range_combo.currentIndex()][2]
        self.bin_combo.blockSignals(True)
        self.bin_combo.setCurrentIndex(self.bin_combo.findData(size.value))
        self.bin_combo.blockSignals(False)
        self._honour_cadence()
        self.recompute()

    def _span(self) -> tuple[date | None, date | None]:
        """The first and last day with reflections, for the "All" preset."""
        table = self.data.table
        if table is None:
            return None, None
        return table.first_date(), table.last_date()

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
        """Recompute every series for the current controls (in the runner when large) and redraw."""
        size = Bin(self.bin_combo.currentData())
        self.window_spin.setEnabled(size is Bin.SESSIONS)
        self.data.recompute(self.filter(), *self.date_range(), size, self.window_spin.value())

    def _computed(self, computed: Computed) -> None:
        self.filtered = computed.filtered
        self.board = computed.board
        self.draw()

    # ------------------------------------------------------------------ drawing

    def draw(self) -> None:
        board = self.board
        if board is None:
            return
        loaded = self.data.table is not None and len(self.data.table) > 0
        self.summary_label.setText(summary_text(board, loaded, self.filter() != TrendFilter()))
        for widget in (self.window_caption, self.window_spin):  # only a rolling period has a window to set
            widget.setVisible(board.size is Bin.SESSIONS)
        self.adaptation_label.setText(f"<small>{self.reference().adaptation} {NOT_A_MEASURE}</small>")
        self._undrawn = set(range(len(TABS)))
        self._draw_tab(self.tabs.currentIndex())
        self.selection.clear()

    def edges(self) -> tuple[float, float]:
        """The x extent of the chosen range, from its first morning to the end of its last day."""
        assert self.board is not None
        return analytics.day_seconds(self.board.start), analytics.day_seconds(self.board.end + timedelta(days=1))

    # ------------------------------------------------------------------ hover text

    def column_label(self, column: int, short: bool = False, board: Dashboard | None = None) -> str:
        board = board or self.board  # a tab names its points in the dashboard it drew (tab_base.DrawnBoard)
        assert board is not None
        if board.size is Bin.SESSIONS:
            last = board.table.date_of(column + board.window - 1)
            return day_text(last) if short else f"{board.window} sessions up to {day_text(last)}"
        return period_label(board.periods[column], short)

    def show_reflections(self, column: int, tip_id: str | None = None) -> None:
        """List the reflections behind one period (and tip), e.g. after a click."""
        board = self.board
        assert board is not None
        title = self.column_label(column)
        if tip_id is not None:
            title = f"{board.table.tip(tip_id).label}, {title}"
        self.list_reflections(board.ids_in(column, tip_id), title, tip_id)

    def list_reflections(self, ids: list[str], title: str, tip_id: str | None) -> None:
        """Read just these reflections by id (in the runner) and list them under the charts."""
        self.selection.load(ids, title, tip_id)

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
        ask_and_save(self, self.save_chart)
