"""The one period picker: a preset (last 4 weeks, a quarter, all, custom…) and From/To dates.

Reports and Trends both choose a period this way; only Custom lets the user type the dates,
and a preset fills them in without announcing them as the user's own edit.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QWidget

from reflect.ui.widgets.controls import caption as caption_label
from reflect.ui.widgets.controls import picked_date, show_range
from reflect.wording import DAY_PATTERN

CUSTOM = -1  # the preset whose dates the user types
ALL = 0  # the preset spanning every reflection (needs ``span``)


class PeriodPicker(QWidget):
    """A preset combo and two date edits, laid out in one row."""

    presetChosen = Signal()  # a preset was chosen; its dates are already shown
    datesEdited = Signal()  # the user changed a date (Custom)

    def __init__(
        self,
        presets: Sequence[tuple[str, int]],  # (text, days back from today, or CUSTOM or ALL)
        current: int,
        name: str,
        caption: str | None = None,
        span: Callable[[], tuple[date | None, date | None]] | None = None,  # first and last day, for ALL
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._span = span
        self.range_combo = QComboBox()
        self.range_combo.setAccessibleName(name)
        for text, days in presets:
            self.range_combo.addItem(text, days)
        self.range_combo.setCurrentIndex(current)
        self.from_edit = QDateEdit()
        self.to_edit = QDateEdit()
        for edit, edit_name in ((self.from_edit, "From date"), (self.to_edit, "To date")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(DAY_PATTERN)
            edit.setAccessibleName(edit_name)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        widgets: list[tuple[str | None, QWidget]] = [(caption, self.range_combo), ("Fro&m", self.from_edit),
                                                     ("&To", self.to_edit)]
        for label_text, widget in widgets:
            if label_text is not None:
                layout.addWidget(caption_label(label_text, widget))
            layout.addWidget(widget)
        self.apply_preset()
        self.range_combo.currentIndexChanged.connect(self._preset_changed)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self.datesEdited)

    def _preset_changed(self) -> None:
        self.apply_preset()
        self.presetChosen.emit()

    def apply_preset(self) -> None:
        """Show the chosen preset's dates; only Custom lets the user type them."""
        days = self.range_combo.currentData()
        custom = days == CUSTOM
        self.from_edit.setEnabled(custom)
        self.to_edit.setEnabled(custom)
        if custom:
            return
        today = date.today()
        if days == ALL:
            first, last = self._span() if self._span is not None else (None, None)
            start, end = first or today, max(last or today, today)
        else:
            start, end = today - timedelta(days=days - 1), today
        show_range(self.from_edit, self.to_edit, start, end)

    def date_range(self) -> tuple[date, date]:
        start, end = picked_date(self.from_edit), picked_date(self.to_edit)
        return (start, end) if start <= end else (end, start)
