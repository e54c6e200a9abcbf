"""Small pieces the Settings sections share: hints, HH:MM boxes, sorted lists, one-sentence refusals."""

from __future__ import annotations

import re
from datetime import date, time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

MODE_SET, MODE_CHANGE, MODE_REMOVE = "set", "change", "remove"


KEY = Qt.ItemDataRole.UserRole  # a list item's sortable value: a time or a date
_HHMM = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


class Refused(ValueError):
    """A value on the page that cannot be saved; ``field`` is where the user puts it right."""

    def __init__(self, message: str, field: QWidget) -> None:
        super().__init__(message)
        self.field = field


def clock_time(field: QLineEdit, what: str) -> time | None:
    """What the user typed: '7:05' → 07:05 and '' → None (off); anything else is refused, naming ``what``."""
    text = field.text().strip()
    if not text:
        return None
    match = _HHMM.fullmatch(text)
    if match is None:
        raise Refused(f"The {what} “{text}” is not a time: type it as HH:MM, e.g. 20:00.", field)
    return time(int(match[1]), int(match[2]))


def clock_field(name: str) -> QLineEdit:
    """A short HH:MM box that may be left empty (a time edit cannot say 'none')."""
    field = QLineEdit()
    field.setAccessibleName(name)
    field.setPlaceholderText("HH:MM")
    field.setMaxLength(5)
    field.setInputMethodHints(Qt.InputMethodHint.ImhTime)
    field.setMaximumWidth(field.fontMetrics().horizontalAdvance("HH:MM__") + 16)
    return field


def time_edit(name: str) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    return edit


def list_box(name: str, widest: str) -> QListWidget:
    """A short list sized by the font, so it grows with a larger font instead of clipping."""
    listbox = QListWidget()
    listbox.setAccessibleName(name)
    metrics = listbox.fontMetrics()
    listbox.setMaximumHeight(metrics.lineSpacing() * 5 + 2 * listbox.frameWidth() + 8)
    listbox.setMinimumWidth(metrics.horizontalAdvance(widest) + 48)
    return listbox


def keys_of(listbox: QListWidget) -> list[Any]:
    return [listbox.item(row).data(KEY) for row in range(listbox.count())]


def insert_sorted(listbox: QListWidget, key: date | time, label: str) -> bool:
    """Insert in order and select it; False (and nothing added) when ``key`` is already listed."""
    keys = keys_of(listbox)
    if key in keys:
        return False
    row = sum(1 for existing in keys if existing < key)
    item = QListWidgetItem(label)
    item.setData(KEY, key)
    listbox.insertItem(row, item)
    listbox.setCurrentRow(row)
    return True


def show_problem(label: QLabel, message: str, field: QWidget | None = None) -> None:
    """One sentence under a list (empty hides it); ``field`` gets the focus to put it right."""
    label.setText(message)
    label.setVisible(bool(message))
    if field is not None:
        field.setFocus()



def list_editor(
    edit: QWidget, add: QPushButton, listbox: QListWidget, remove: QPushButton, problem: QLabel
) -> QWidget:
    """Edit box and Add above the list, Remove beside it, a refusal under it.

    Tab then goes edit → Add → list → Remove, and Delete in the list removes too. A widget,
    not a bare layout: a layout of layouts given to QFormLayout crashed PySide when the page
    was deleted."""
    QShortcut(
        QKeySequence(QKeySequence.StandardKey.Delete), listbox, context=Qt.ShortcutContext.WidgetShortcut
    ).activated.connect(remove.click)
    top = QHBoxLayout()
    top.addWidget(edit)
    top.addWidget(add)
    top.addStretch(1)
    side = QVBoxLayout()
    side.addWidget(remove)
    side.addStretch(1)
    bottom = QHBoxLayout()
    bottom.addWidget(listbox)
    bottom.addLayout(side)
    bottom.addStretch(1)
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.addLayout(top)
    column.addLayout(bottom)
    column.addWidget(problem)
    return holder

