"""Team: a team lead pools several practitioners' team summaries (aggregates only, no text).

Each cell shows the rate with the n of sessions and practitioners behind it, or
"suppressed" under the rule stated on the page (``reflect.supervision.team.SUPPRESSION_RULE``).
The table is a model with a column per week (a career's summaries span 1,800 weeks), its columns
sized once per draw (``fit_columns``): a table widget whose header fitted every column to its
contents at each change held the window 17 s for three all-time summaries of 20,000 reflections.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from reflect.supervision.team import SUPPRESSION_RULE, TeamCell, TeamView, pool, read_team_summary
from reflect.ui.context import AppContext
from reflect.ui.ops import Worker, failure_message
from reflect.ui.page_loader import PageLoader
from reflect.ui.widgets.chart_table import ROWS_MEASURED, fit_columns

SUPPRESSED = "suppressed"


def cell_text(cell: TeamCell) -> str:
    if cell.suppressed:
        return SUPPRESSED
    people = f"{cell.sessions} sessions · {cell.practitioners} practitioners"
    if cell.rate is None or cell.rate.mean is None:
        return f"no applicable ratings\n{people}"
    yes = f", top answer {100 * cell.yes_share:.0f} %" if cell.yes_share is not None else ""
    return f"{100 * cell.rate.mean:.0f} %{yes}\n{people}"


@dataclass(frozen=True, eq=False)
class TeamTable:
    """What the page shows of a pooled view, worked out on the worker with it: every cell's words and each
    tip's weekly rates (three all-time summaries at 100,000 reflections: 18,000 cells)."""

    view: TeamView
    headers: list[str]  # a column per week, then all weeks
    tips: list[str]  # a row per tip
    texts: list[list[str]]
    suppressed: list[list[bool]]
    x: Any  # numpy array: the middle of each week, in seconds
    percents: list[Any]  # numpy arrays: each tip's weekly rate, NaN where suppressed or without ratings


def table_of(view: TeamView) -> TeamTable:
    import numpy as np

    from reflect.analytics import day_seconds

    rows = [[view.cells[(week, tip_id)] for week in view.weeks] + [view.overall[tip_id]] for tip_id, _ in view.tips]
    headers = [f"{TeamView.week_label(week)}\n{_week_total(view, week)}" for week in view.weeks] + ["All weeks"]
    percents = [np.array([100 * c.rate.mean if c.rate is not None and c.rate.mean is not None else np.nan
                          for c in row[:-1]]) for row in rows]
    return TeamTable(view, headers, [label for _, label in view.tips], [[cell_text(c) for c in row] for row in rows],
                     [[c.suppressed for c in row] for row in rows],
                     np.array([day_seconds(week) + 3.5 * 86400 for week in view.weeks]), percents)


class TeamModel(QAbstractTableModel):
    """A row per tip, a column per week and one for all weeks; a suppressed cell is muted and says why."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self._page = page
        self.table: TeamTable | None = None

    def set_table(self, table: TeamTable) -> None:
        self.beginResetModel()
        self.table = table
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.table is None else len(self.table.tips)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() or self.table is None else len(self.table.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        assert self.table is not None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.table.texts[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ToolTipRole and self.table.suppressed[row][column]:
            return SUPPRESSION_RULE
        if role == Qt.ItemDataRole.ForegroundRole and self.table.suppressed[row][column]:
            return self._page.palette().placeholderText()
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802 (Qt override)
                   role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if role != Qt.ItemDataRole.DisplayRole or self.table is None:
            return None
        return self.table.headers[section] if orientation == Qt.Orientation.Horizontal else self.table.tips[section]


def _week_total(view: TeamView, week: date) -> str:
    total = view.week_totals[week]
    return SUPPRESSED if total.suppressed else f"{total.sessions} sessions · {total.practitioners} practitioners"


class TeamPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.view: TeamView | None = None
        self.loader = PageLoader(self, lambda: None, "Open the team summaries")  # files only: no database
        open_button = QPushButton("&Open team summaries…")
        open_button.setDefault(True)
        open_button.clicked.connect(self.choose_files)
        intro = QLabel(
            "Each practitioner exports a team summary (File → Export, or `reflect export --format team-summary`): "
            "answer counts per tip per week, no text. Open several to see the team's pattern."
        )
        intro.setWordWrap(True)
        self.rule = QLabel(f"<b>Suppression rule:</b> {SUPPRESSION_RULE}")
        self.rule.setWordWrap(True)
        self.rule.setAccessibleName("Suppression rule")
        self.summary = QLabel("No team summaries open.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Team")
        self.model = TeamModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Team rates by tip and week")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setResizeContentsPrecision(ROWS_MEASURED)
        rows = self.table.verticalHeader()  # every cell is two lines: measuring each row over every week took 35 ms
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(2 * self.table.fontMetrics().lineSpacing() + 8)
        self.error = QLabel()
        self.error.setWordWrap(True)
        from reflect.ui.widgets.trend_chart import TrendChart  # pyqtgraph and numpy load with this page, not at start

        self.chart = TrendChart("Team rate per tip by week (suppressed weeks are gaps)", self._describe)
        top = QHBoxLayout()
        top.addWidget(intro, 1)
        top.addWidget(open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.rule)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.chart, 100)
        layout.addWidget(self.table, 100)
        layout.addStretch(1)  # keeps the words at the top while the chart and table are hidden
        for shown_with_a_team in (self.chart, self.table):  # nothing to draw until summaries are open
            shown_with_a_team.hide()

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Open team summaries", "", "Team summary (*.json);;All files (*)")
        if names:
            self.open_files([Path(n) for n in names])

    def open_files(self, paths: list[Path]) -> None:
        """Read and pool every file on a worker; one bad file is one sentence and the current view stays."""
        def work(worker: Worker) -> TeamTable:
            summaries = []
            for done, path in enumerate(paths):
                worker.progress(done, len(paths))
                summaries.append(read_team_summary(path))
            return table_of(pool(summaries, worker.progress))

        self.loader.load(work, self._pooled, self._not_pooled)

    def _pooled(self, table: TeamTable) -> None:
        self.error.clear()
        self.view = table.view
        self._draw(table)

    def _not_pooled(self, exc: BaseException) -> None:
        self.error.setText(failure_message("Open the team summaries", exc))

    def _describe(self, tip_id: str, index: int) -> str:
        """The tool tip of one point: the same words as its table cell."""
        assert self.view is not None
        week = self.view.weeks[index]
        label = dict(self.view.tips)[tip_id]
        return f"{label}, {TeamView.week_label(week)}: {cell_text(self.view.cells[(week, tip_id)])}"

    def _draw_chart(self, table: TeamTable) -> None:
        self.chart.clear_series()
        if not table.view.weeks:
            return
        for index, ((tip_id, label), percent) in enumerate(zip(table.view.tips, table.percents, strict=True)):
            self.chart.add_line(tip_id, label, table.x, percent, index)
        self.chart.fit(float(table.x[0]) - 3.5 * 86400, float(table.x[-1]) + 3.5 * 86400)

    def _draw(self, table: TeamTable) -> None:
        view = table.view
        self.chart.show()
        self.table.show()
        self._draw_chart(table)
        self.summary.setText(
            f"{view.framework_title}: {len(view.practitioners)} practitioners ({', '.join(view.practitioners)}), "
            f"{len(view.weeks)} weeks. Rates are the mean of applicable ratings; each cell says how many sessions it rests on."
        )
        self.model.set_table(table)
        fit_columns(self.table, table.headers, table.texts)
