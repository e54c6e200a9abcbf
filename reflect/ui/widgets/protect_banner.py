"""The offer to protect reflections with a passphrase: a quiet line on the Reflect page after a save.

It used to be a box that opened two seconds after the first start, while the user was
already rating, and whose Y and N answered it. Now nothing opens by itself: after a save,
while the data is not encrypted and the offer has not been put off, this banner says what a
passphrase does. It never takes focus; "Set a passphrase…" opens the dialog only when asked,
and "Not now" is remembered (Settings offers encryption any time).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from reflect.ui.context import AppContext

TITLE = "Protect your reflections with a passphrase"
DETAIL = (
    "Encrypted, they cannot be read by anyone else who uses this computer. "
    "If you forget the passphrase, they cannot be recovered."
)


class ProtectBanner(QFrame):
    setRequested = Signal()  # the user asked to set a passphrase now
    closed = Signal()  # the user answered and the banner went: give focus back to the form

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(TITLE)
        self.label = QLabel(f"<b>{TITLE}</b><br>{DETAIL}")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.set_button = QPushButton("Set a passphrase…")
        self.later_button = QPushButton("Not now")
        for button in (self.set_button, self.later_button):
            button.setAutoDefault(False)  # Return in the form must never answer the banner
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click leaves focus in the form; Tab still reaches it
        self.set_button.clicked.connect(self._set)
        self.later_button.clicked.connect(self._later)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.set_button)
        layout.addWidget(self.later_button)
        self.setVisible(False)

    def wanted(self) -> bool:
        return not self._context.encrypted and not self._context.settings.passphrase_offer_dismissed

    def offer(self) -> None:
        """After a save: show the offer if it still applies (focus stays where it is; screen readers hear it)."""
        appearing = self.wanted() and self.isHidden()
        self.setVisible(self.wanted())
        if appearing:
            from PySide6.QtGui import QAccessible, QAccessibleEvent  # after a save, not before the first paint

            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.Alert))

    def _set(self) -> None:
        self.setRequested.emit()  # the dialog is modal: it is answered when this returns
        if not self.wanted():
            self.setVisible(False)
        self.closed.emit()

    def _later(self) -> None:
        self._context.update_settings(passphrase_offer_dismissed=True)
        self.setVisible(False)
        self.closed.emit()
