"""Choosing reflections whose text to include (a supervision report, a supervision pack): a
searchable, checkable model/view list.

Tens of thousands of reflections in a period would be as many checkbox widgets in a
QListWidget (slow to build, impossible to use), so the list is a light model over
plain rows: a search box narrows what is shown, "Select all" and "Select none" act
on exactly what the search shows, and ticks are kept by id, so they survive a new
search, a filter change and a reload of the period.

The search is done here, in Python, over the rows' own text (``SearchModel``), not by Qt's
QSortFilterProxyModel: that asked the model for every row's text through Python at each key typed
and again at each tick, and froze the window 0.1 s a key at 20,000 reflections and 0.9 s at
100,000. The list view lays its rows out in batches.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from sys import intern
from typing import TYPE_CHECKING, Any

import numpy as np
from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QListView, QPushButton, QVBoxLayout, QWidget

from reflect.analytics import TrendFilter
from reflect.rating_columns import object_array
from reflect.reflection_rows import excerpt_parts
from reflect.vocabulary import SETTINGS, label
from reflect.wording import moment_text

if TYPE_CHECKING:
    from datetime import date

    from reflect.data.db import Database
    from reflect.reflection_texts import TextRow

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ATTENTION = "Needs attention — "
LAYOUT_BATCH = 1000
_Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


@dataclass(frozen=True, slots=True)
class Choice:
    """What the list and the filters need of one reflection, without its text beyond the excerpt.

    Kept lean: an all-time list holds one per reflection (77,000 at 100,000 reflections). The line
    is kept without the ellipsis of a cut excerpt, which alone would make Python store the whole
    line at two bytes a character; category strings and tag tuples are shared (``text_rows``)."""

    id: str
    line: str  # when, setting, excerpt (the ellipsis of a cut one added when shown)
    cut: bool  # the excerpt is the start of a longer text
    setting: str
    contact_type: str
    modality: str
    tags: tuple[str, ...]
    has_text: bool  # only reflections with text or notes can have text included

    @property
    def text(self) -> str:
        """The line shown."""
        return self.line + "…" if self.cut else self.line


def choice(record: TextRow) -> Choice:
    shown, cut = excerpt_parts(record.text)
    line = f"{moment_text(record.occurred_at)} · {label(SETTINGS, record.setting)} · {shown or '(no reflection text)'}"
    return Choice(
        record.id, line, cut, intern(record.setting), intern(record.contact_type), intern(record.modality),
        record.tags, bool(record.text.strip() or record.noted),
    )


def choices(database: Database, start: date, end: date) -> list[Choice]:
    """The period's complete reflections, newest first (the sessions one remembers): on a worker."""
    from reflect.reflection_texts import text_rows

    return [choice(row) for row in text_rows(database, start, end)]


class ChoiceSet:
    """A period's choices with their categories as arrays, made on a worker: a filter chosen, the count
    of what a report will hold and the tags offered are a few vector comparisons on the GUI thread,
    not a Python loop over every reflection (77,000 at 100,000 reflections, ~60 ms each time)."""

    def __init__(self, rows: list[Choice]) -> None:
        self.rows = object_array(rows)
        self._setting = object_array(c.setting for c in rows)
        self._contact_type = object_array(c.contact_type for c in rows)
        self._modality = object_array(c.modality for c in rows)
        self._has_text = np.fromiter((c.has_text for c in rows), dtype=bool, count=len(rows))
        tagged: dict[str, list[int]] = {}
        for index, c in enumerate(rows):
            for tag in c.tags:
                tagged.setdefault(tag, []).append(index)
        self._tagged = {tag: np.array(indexes, dtype=np.int64) for tag, indexes in sorted(tagged.items())}

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def tags(self) -> list[str]:
        """Every tag the period's reflections carry, sorted."""
        return list(self._tagged)

    def _matching(self, flt: TrendFilter) -> np.ndarray:
        keep = np.ones(len(self.rows), dtype=bool)
        for wanted, column in ((flt.setting, self._setting), (flt.contact_type, self._contact_type),
                               (flt.modality, self._modality)):
            if wanted is not None:
                keep &= column == wanted
        if flt.tag is not None:
            tagged = np.zeros(len(self.rows), dtype=bool)
            tagged[self._tagged.get(flt.tag, np.zeros(0, dtype=np.int64))] = True
            keep &= tagged
        return keep

    def count(self, flt: TrendFilter) -> int:
        """How many of the period's reflections the filter keeps."""
        return int(self._matching(flt).sum())

    def listed(self, flt: TrendFilter) -> list[Choice]:
        """Those the filter keeps that have text to include, in order."""
        return list(self.rows[self._matching(flt) & self._has_text])


class ChoiceModel(QAbstractListModel):
    """Rows of Choices, each checkable; the ticks are a set of ids kept across resets."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[Choice] = []
        self.ticked: set[str] = set()
        self.attention: set[str] = set()

    def reset(self, rows: list[Choice]) -> None:
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    @property
    def rows(self) -> list[Choice]:
        return self._rows

    def row_of(self, choice_id: str) -> int | None:
        return next((row for row, c in enumerate(self._rows) if c.id == choice_id), None)

    def ticked_ids(self) -> tuple[str, ...]:
        """Ticked reflections among the rows (the period and filters), in list order."""
        return tuple(c.id for c in self._rows if c.id in self.ticked)

    def set_ticked(self, ids: Iterable[str], ticked: bool) -> None:
        ids = set(ids)
        if ticked:
            self.ticked |= ids
        else:
            self.ticked -= ids
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [Qt.ItemDataRole.CheckStateRole])

    def mark_attention(self, ids: Iterable[str]) -> None:
        self.attention |= set(ids)
        if self._rows:
            self.dataChanged.emit(self.index(0), self.index(len(self._rows) - 1), [Qt.ItemDataRole.DisplayRole])

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsUserCheckable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (ATTENTION if row.id in self.attention else "") + row.text
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if row.id in self.ticked else Qt.CheckState.Unchecked
        if role == ID_ROLE:
            return row.id
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        row_id = self._rows[index.row()].id
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.ticked.add(row_id)
        else:
            self.ticked.discard(row_id)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True


class SearchModel(QAbstractListModel):
    """The rows of a ChoiceModel whose text holds the search (all of them for none), in its order."""

    def __init__(self, source: ChoiceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._source = source
        self._needle = ""
        self._shown: list[int] = []  # source rows, ascending
        source.modelReset.connect(self._search)
        source.dataChanged.connect(self._source_changed)
        self._search()

    def set_search(self, text: str) -> None:
        """Show the rows holding `text`. A search holding the last one (a letter typed after it) can only
        narrow what is shown, so only the rows shown are looked at: 77,000 at each key at 100,000 reflections."""
        needle = text.casefold()
        narrower = bool(self._needle) and self._needle in needle
        self._needle = needle
        self._search(self._shown if narrower else None)

    def _search(self, among: list[int] | None = None) -> None:
        """Search the rows `among` (the source rows, ascending; all of them for None)."""
        rows, needle = self._source.rows, self._needle
        self.beginResetModel()
        if not needle:
            self._shown = list(range(len(rows)))
        else:
            flagged = needle in ATTENTION.casefold() and self._source.attention
            self._shown = [row for row in (range(len(rows)) if among is None else among)
                           if needle in rows[row].line.casefold() or (flagged and rows[row].id in flagged)]
        self.endResetModel()

    def _source_changed(self, first: QModelIndex, last: QModelIndex, roles: list[int]) -> None:
        if self._needle and Qt.ItemDataRole.DisplayRole in roles:  # "Needs attention" now heads some rows
            self._search()
        elif self._shown:  # the view repaints only the rows on screen
            self.dataChanged.emit(self.index(0), self.index(len(self._shown) - 1), roles)

    def shown_ids(self) -> list[str]:
        rows = self._source.rows
        return [rows[row].id for row in self._shown]

    def mapFromSource(self, index: _Index) -> QModelIndex:  # noqa: N802 (as Qt's proxy models name it)
        at = bisect_left(self._shown, index.row()) if index.isValid() else len(self._shown)
        return self.index(at) if at < len(self._shown) and self._shown[at] == index.row() else QModelIndex()

    def _mapped(self, index: _Index) -> QModelIndex:
        return self._source.index(self._shown[index.row()])

    def rowCount(self, parent: _Index = _ROOT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._shown)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return self._source.flags(self._mapped(index)) if index.isValid() else super().flags(index)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._shown):
            return None
        return self._source.data(self._mapped(index), role)

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        return index.isValid() and self._source.setData(self._mapped(index), value, role)


class ReflectionPicker(QWidget):
    """A search box, Select all / Select none (acting on what the search shows) and the checkable list."""

    changed = Signal()  # a tick changed

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel("&Include the text of these reflections (optional; each is checked for identifiers):")
        self.label.setWordWrap(True)
        self.model = ChoiceModel()
        self.proxy = SearchModel(self.model, self)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search these reflections")
        self.search.setAccessibleName("Search the reflections whose text to include")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.set_search)
        self.all_button = QPushButton("Select &all")
        self.all_button.setToolTip("Tick every reflection the search shows")
        self.none_button = QPushButton("Select n&one")
        self.none_button.setToolTip("Untick every reflection the search shows")
        self.all_button.clicked.connect(lambda: self._tick_shown(True))
        self.none_button.clicked.connect(lambda: self._tick_shown(False))
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setUniformItemSizes(True)
        # laid out a thousand rows per turn of the event loop: the view asks the model (Python) for each
        # row, and 100,000 at once held the window 0.17 s after each search or tick
        self.list.setLayoutMode(QListView.LayoutMode.Batched)
        self.list.setBatchSize(LAYOUT_BATCH)
        self.list.setAccessibleName("Reflections whose text to include")
        self.label.setBuddy(self.list)
        self.model.dataChanged.connect(lambda *_: self.changed.emit())
        tools = QHBoxLayout()
        tools.addWidget(self.search, 1)
        tools.addWidget(self.all_button)
        tools.addWidget(self.none_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addLayout(tools)
        layout.addWidget(self.list, 1)

    def shown_ids(self) -> list[str]:
        """The ids of the rows the search shows, top to bottom."""
        return self.proxy.shown_ids()

    def _tick_shown(self, ticked: bool) -> None:
        self.model.set_ticked(self.shown_ids(), ticked)

    def show_attention(self, ids: Iterable[str]) -> None:
        """Mark the reflections that refused the report, and scroll to the first one shown."""
        ids = list(ids)
        self.model.mark_attention(ids)
        for choice_id in ids:
            row = self.model.row_of(choice_id)
            shown = self.proxy.mapFromSource(self.model.index(row)) if row is not None else QModelIndex()
            if shown.isValid():
                self.list.scrollTo(shown)
                break
