"""Small widget helpers shared by the Trends, Reports and CPD pages."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import QComboBox, QDateEdit, QDateTimeEdit, QLabel, QSizePolicy, QWidget


def picked_date(edit: QDateEdit) -> date:
    """The day shown in a date edit (PySide's ``toPython`` is typed as returning any object)."""
    day = edit.date().toPython()
    assert isinstance(day, date)
    return day


def picked_moment(edit: QDateTimeEdit) -> datetime:
    """The date and time shown in a date-time edit, as a naive local datetime."""
    moment = edit.dateTime().toPython()
    assert isinstance(moment, datetime)
    return moment


def qdatetime(moment: datetime) -> QDateTime:
    """A QDateTime for a naive local datetime (PySide converts it; its stubs do not say so)."""
    return QDateTime(moment)  # type: ignore[call-overload]


def qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


MIN_FILTER_CHARACTERS = 10  # five filters in a row fit a 1024-px window at 150 %


def filter_combo(name: str, any_text: str, choices: dict[str, str]) -> QComboBox:
    """A filter: "any" (data None) first, then each choice with its key as data."""
    combo = QComboBox()
    combo.setAccessibleName(name)
    # a long choice (a checklist's full title) must not widen the page: the field can shrink, its list cannot
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(MIN_FILTER_CHARACTERS)
    combo.addItem(any_text, None)
    for key, text in choices.items():
        combo.addItem(text, key)
    return combo


def show_range(from_edit: QDateEdit, to_edit: QDateEdit, start: date, end: date) -> None:
    """Put a preset's dates in the edits without announcing them as the user's own change."""
    for edit, value in ((from_edit, start), (to_edit, end)):
        edit.blockSignals(True)
        edit.setDate(qdate(value))
        edit.blockSignals(False)


def hint(text: str) -> QLabel:
    """A wrapped explanatory line under a control."""
    label = QLabel(text)
    label.setWordWrap(True)
    return label


def caption(text: str, buddy: QWidget) -> QLabel:
    """A field's caption with its Alt-key letter, never clipped.

    Qt sizes "&To" from the kerned text but draws the underlined letter as a run of its own,
    unkerned, so a snug label showed "To" as "Tc"; with kerning off, what is measured is drawn.
    """
    label = QLabel(text)
    font = label.font()
    font.setKerning(False)
    label.setFont(font)
    label.setBuddy(buddy)
    label.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
    return label
