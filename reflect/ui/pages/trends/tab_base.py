"""What every Trends tab shares: the draw/describe protocol, table helpers and hover text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol, TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QHeaderView,
    QLineEdit,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from reflect.analytics import Dashboard
from reflect.glossary import meaning
from reflect.grammar import plural

if TYPE_CHECKING:
    from reflect.ui.pages.trends.view import TrendsView

T = TypeVar("T")
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
MINUS_BEFORE_DIGIT = re.compile(r"(?<![\w–-])-(?=\d)")


class TrendTab(Protocol):
    """What the page needs from a tab."""

    title: str  # the tab's text, with its Alt mnemonic
    page: QWidget  # what the tab shows

    def draw(self, board: Dashboard) -> None:
        """Redraw from a freshly computed dashboard."""

    def describe(self, key: str, column: int) -> str:
        """Hover text for one point: the series ``key`` at ``column``."""


def name_editor(box: QAbstractSpinBox) -> None:
    """Give a date or number box's inner text field the box's name: it is what takes the focus."""
    editor = box.findChild(QLineEdit)
    if editor is not None:
        editor.setAccessibleName(box.accessibleName())


def table_defaults(table: QTableView) -> None:
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


# column headings as the page shows them (the shared figures name a count "n"), and the glossary
# entry each statistical heading's tooltip explains
SCREEN_HEADINGS = {"n": "Sessions", "N/A": "Not applicable"}
HEADING_TERMS = {"Yes %": "yes_share", "Rating (Partly = ½)": "rating", "95 % range": "range", "Sessions": "count",
                 "Change": "points", "Reading": "overlap"}


def set_headings(table: QTableWidget, columns: tuple[str, ...]) -> None:
    """Plain column headings, each statistical one with its glossary meaning as a tooltip."""
    shown = [SCREEN_HEADINGS.get(column, column) for column in columns]
    table.setColumnCount(len(shown))
    table.setHorizontalHeaderLabels(shown)
    for index, heading in enumerate(shown):
        item = table.horizontalHeaderItem(index)
        if item is not None and heading in HEADING_TERMS:
            item.setToolTip(meaning(HEADING_TERMS[heading]))


def fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for row, values in enumerate(rows):
        for column, text in enumerate(values):
            text = MINUS_BEFORE_DIGIT.sub("−", text)  # a minus sign, not a hyphen: "−3 pts"
            item = QTableWidgetItem(text)
            if column and (text[:1].isdigit() or text[:1] in "+−–"):
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)


class DrawnBoard:
    """A tab's charts describe the dashboard they were drawn from. A tab out of sight is drawn only when
    shown, and choosing it moves the keyboard to its first chart before that: described with a newer
    dashboard, an old point's column named another period or none (an IndexError in Qt's focus handler,
    which crashed Reflect)."""

    host: TrendsView
    drawn: Dashboard | None = None  # set by ``draw``

    def column_label(self, column: int, short: bool = False) -> str:
        return self.host.column_label(column, short, self.drawn)

    def board(self) -> Dashboard:
        assert self.drawn is not None  # nothing is described before it is drawn
        return self.drawn

    def figures(self, kind: str, work: Callable[[], T], show: Callable[[T], object]) -> None:
        """Figures worked out over the reflections beyond the dashboard, never on the GUI thread once they are
        many (``TrendsData.derive``); shown only while this tab still shows the dashboard they were asked for."""
        board = self.drawn
        self.host.data.derive(kind, work, lambda result: show(result) if self.drawn is board else None)


def describe_tip(tab: DrawnBoard, tip_id: str, column: int) -> str:
    board = tab.board()
    rate = board.tips[tip_id].rate(column)
    text = f"{board.table.tip(tip_id).label}, {tab.column_label(column)}: {rate.describe()}"
    if rate.na:
        text += f"; not applicable in {plural(rate.na, 'session')}"
    if rate.missing:
        text += f"; {plural(rate.missing, 'session')} used a version without this tip"
    return text
