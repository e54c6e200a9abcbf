"""One checklist item: its wording, the rating options and an optional note.

The row itself takes keyboard focus: a scale shortcut (e.g. Y / P / N / X) rates
it and asks the form to move on; Left/Right change the answer; Up/Down move
between items; Return opens the note.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reflect.frameworks import Item, ScaleOption
from reflect.ui.widgets.identifier_marks import IdentifierCount


class ItemRow(QWidget):
    rated = Signal(object)  # self, after a keyboard rating: move to the next item
    changed = Signal()  # any answer or note change
    navigate = Signal(object, int)  # self, -1 / +1

    def __init__(self, number: int, item: Item, scale: tuple[ScaleOption, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.item = item
        self.number = number
        self._scale = scale
        self.setObjectName("itemRow")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

        text = QLabel(f"<b>{number}.</b> {item.text}")
        text.setWordWrap(True)
        text.setTextFormat(Qt.TextFormat.RichText)

        self._buttons = QButtonGroup(self)
        self._buttons.setExclusive(True)
        options = QHBoxLayout()
        for index, option in enumerate(scale):
            keys = "/".join(option.shortcuts)
            button = QRadioButton(f"{option.label}")
            button.setToolTip(f"Key: {keys}" if keys else option.label)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setAccessibleName(f"{option.label} for tip {number}")
            self._buttons.addButton(button, index)
            options.addWidget(button)
        options.addStretch(1)
        self._buttons.idToggled.connect(self._on_toggled)

        self._note_button = QToolButton()
        self._note_button.setText("Note…")
        self._note_button.setToolTip("Add a note to this tip (Return)")
        self._note_button.setAccessibleName(f"Note for tip {number}")
        self._note_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._note_button.clicked.connect(self.open_note)
        options.addWidget(self._note_button)

        self.note_edit = QLineEdit()
        self.note_edit.setPlaceholderText("Note (private; no identifying details). Return to go back.")
        self.note_edit.setAccessibleName(f"Note for tip {number}: {item.label}")
        self.note_edit.setVisible(False)
        self.note_edit.textChanged.connect(self.changed)
        self.note_edit.installEventFilter(self)
        self.note_count = IdentifierCount()  # possible identifiers in the note, beside it
        self.note_count.setAccessibleName(f"Possible identifiers in the note on tip {number}")
        note_line = QHBoxLayout()
        note_line.addWidget(self.note_edit, 1)
        note_line.addWidget(self.note_count)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.setSpacing(4)
        layout.addWidget(text)
        layout.addLayout(options)
        layout.addLayout(note_line)
        self._update_accessible()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        """A rounded border that becomes a clear focus ring: the keyboard is the main way through.

        Painted here rather than by a style sheet: ten styled rows cost ~60 ms of start-up.
        """
        focused = self.hasFocus()
        width = 2 if focused else 1
        role = QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Mid
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(role), width))
        inset = width / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 4, 4)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.update()

    def choice(self) -> ScaleOption | None:
        index = self._buttons.checkedId()
        return self._scale[index] if index >= 0 else None

    def set_choice(self, key: str | None) -> None:
        for index, option in enumerate(self._scale):
            if option.key == key:
                self._buttons.button(index).setChecked(True)
                return
        checked = self._buttons.checkedButton()
        if checked is not None:
            self._buttons.setExclusive(False)
            checked.setChecked(False)
            self._buttons.setExclusive(True)
            self._update_accessible()

    def note(self) -> str:
        return self.note_edit.text().strip()

    def set_note(self, text: str) -> None:
        self.note_edit.setText(text)
        self.note_edit.setVisible(bool(text))

    def open_note(self) -> None:
        self.note_edit.setVisible(True)
        self.note_edit.setFocus()

    def _on_toggled(self, _index: int, checked: bool) -> None:
        if checked:
            self._update_accessible()
            self.changed.emit()

    def _update_accessible(self) -> None:
        option = self.choice()
        answer = option.label if option else "not answered"
        self.setAccessibleName(f"Tip {self.number}: {self.item.label}, {answer}")
        keys = ", ".join(f"{'/'.join(o.shortcuts)} {o.label}" for o in self._scale if o.shortcuts)
        self.setAccessibleDescription(f"{self.item.text}. Keys: {keys}; Return adds a note.")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        """Return or Escape in the note goes back to the tip (and is not passed on)."""
        if (
            watched is self.note_edit
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        key = event.key()
        # Shift (or Caps Lock) and the keypad are fine: "Y" and "y" both mean Yes
        chord = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
        plain = not (event.modifiers() & chord)
        if plain and event.text():
            option_index = next(
                (i for i, o in enumerate(self._scale) if event.text().upper() in o.shortcuts), None
            )
            if option_index is not None:
                self._buttons.button(option_index).setChecked(True)
                self.rated.emit(self)
                return
        if plain and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            current = self._buttons.checkedId()
            first = 0 if step > 0 else len(self._scale) - 1
            target = first if current < 0 else (current + step) % len(self._scale)
            self._buttons.button(target).setChecked(True)
            return
        if plain and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.navigate.emit(self, -1 if key == Qt.Key.Key_Up else 1)
            return
        if plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.open_note()
            return
        super().keyPressEvent(event)
