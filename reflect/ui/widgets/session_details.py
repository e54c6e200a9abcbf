"""The session details above the checklist: when, how long, setting, contact, modality, tags, checklist."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, time, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDateTimeEdit, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget

from reflect.frameworks import Framework
from reflect.records import EARLIEST_DAY
from reflect.ui.widgets.controls import picked_moment, qdatetime
from reflect.ui.widgets.identifier_marks import IdentifierCount
from reflect.vocabulary import CONTACT_TYPES, MODALITIES, SETTINGS
from reflect.wording import SESSION_MOMENT_PATTERN


def _combo(choices: dict[str, str], name: str) -> QComboBox:
    combo = QComboBox()
    for key, text in choices.items():
        combo.addItem(text, key)
    combo.setAccessibleName(name)
    return combo


def _select(combo: QComboBox, key: str) -> None:
    index = combo.findData(key)
    if index < 0:  # a value this version does not know: keep it selectable
        combo.addItem(key, key)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


class SessionDetails(QWidget):
    """The fields that describe the session; ``changed`` fires when the user edits any but the checklist."""

    changed = Signal()

    def __init__(self, frameworks: Iterable[Framework], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.when_edit = QDateTimeEdit()
        self.when_edit.setCalendarPopup(True)
        self.when_edit.setDisplayFormat(SESSION_MOMENT_PATTERN)
        self.when_edit.setMinimumDateTime(qdatetime(datetime.combine(EARLIEST_DAY, time())))  # as imports take
        self.when_edit.setAccessibleName("Session date and time")
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(5, 600)
        self.duration_spin.setSingleStep(5)
        self.duration_spin.setSuffix(" min")
        self.duration_spin.setAccessibleName("Session duration in minutes")
        self.setting_combo = _combo(SETTINGS, "Setting")
        self.contact_combo = _combo(CONTACT_TYPES, "Contact type")
        self.modality_combo = _combo(MODALITIES, "Modality")
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText("optional, comma-separated, e.g. supervision")
        self.tags_edit.setAccessibleName("Tags")
        self.tags_count = IdentifierCount()  # possible identifiers in the tags, beside them
        self.tags_count.setAccessibleName("Possible identifiers in the tags")
        self.framework_combo = QComboBox()
        self.framework_combo.setAccessibleName("Checklist")
        for framework in frameworks:
            self.framework_combo.addItem(framework.title, framework.id)
        self._lay_out()
        for signal in (
            self.when_edit.dateTimeChanged,
            self.duration_spin.valueChanged,
            self.setting_combo.currentIndexChanged,
            self.contact_combo.currentIndexChanged,
            self.modality_combo.currentIndexChanged,
            self.tags_edit.textChanged,
        ):
            signal.connect(self.changed)

    def _lay_out(self) -> None:
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        first = QHBoxLayout()
        first.addWidget(self.when_edit, 2)
        first.addWidget(_buddy("&Duration", self.duration_spin))
        first.addWidget(self.duration_spin, 1)
        form.addRow(_buddy("&When", self.when_edit), first)
        second = QHBoxLayout()
        for combo in (self.setting_combo, self.contact_combo, self.modality_combo):
            second.addWidget(combo, 1)
        form.addRow(_buddy("&Session", self.setting_combo), second)
        tags = QHBoxLayout()
        tags.addWidget(self.tags_edit, 1)
        tags.addWidget(self.tags_count)
        form.addRow(_buddy("T&ags", self.tags_edit), tags)
        form.addRow(_buddy("Chec&klist", self.framework_combo), self.framework_combo)

    def show_session(self, when: datetime, duration: int, setting: str, contact_type: str, modality: str,
                     tags: Sequence[str] = ()) -> None:
        """Fill the fields; the date may be up to a day ahead (a session about to start)."""
        self.when_edit.setMaximumDateTime(qdatetime(datetime.now() + timedelta(days=1)))
        self.when_edit.setDateTime(qdatetime(when))
        self.duration_spin.setValue(duration)
        _select(self.setting_combo, setting)
        _select(self.contact_combo, contact_type)
        _select(self.modality_combo, modality)
        self.tags_edit.setText(", ".join(tags))

    def show_framework(self, framework_id: str, enabled: bool) -> None:
        """Show the checklist in use without announcing it as the user's choice."""
        self.framework_combo.blockSignals(True)
        self.framework_combo.setCurrentIndex(max(0, self.framework_combo.findData(framework_id)))
        self.framework_combo.blockSignals(False)
        self.framework_combo.setEnabled(enabled)

    def occurred_at(self) -> datetime:
        return picked_moment(self.when_edit).replace(second=0, microsecond=0)

    def tags(self) -> tuple[str, ...]:
        return tuple(t for t in self.tags_edit.text().split(","))


def _buddy(text: str, widget: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(widget)
    return label
