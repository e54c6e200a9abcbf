"""The passphrase prompt shown at start when the database is encrypted.

A wrong passphrase is a message and another try, never a crash: the database is
only read (to check the key), so nothing on disk changes however often it fails.
The attempt runs on a worker (``reflect.ui.ops``), the dialog showing a moving bar: the key
derivation, SQLAlchemy's import and the integrity check of a career's database take seconds,
and a dialog that stops painting meanwhile looks hung.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reflect.data.encryption import WrongPassphrase
from reflect.errors import DamagedDatabase, StorageError

if TYPE_CHECKING:  # the runner loads with the first attempt, not with the window that imports this module
    from reflect.ui.ops import Operation

T = TypeVar("T")


def passphrase_field(name: str) -> QLineEdit:
    """A password-mode line edit named for screen readers."""
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setAccessibleName(name)
    field.setMinimumWidth(280)
    return field


def error_label() -> QLabel:
    """An initially hidden label for one-sentence problems, announced by its text."""
    label = QLabel()
    label.setWordWrap(True)
    label.setAccessibleName("Problem")
    label.setVisible(False)
    return label


class WaitsForItsWork(QDialog):
    """A dialog whose work runs on a worker once asked (``running``, None when idle): Esc, Cancel or Quit and
    the close box wait for it, as the work cannot be left half done out of sight."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.running: Operation[Any] | None = None

    @property
    def busy(self) -> bool:
        return self.running is not None

    def reject(self) -> None:
        if not self.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self.busy:
            event.ignore()
            return
        super().closeEvent(event)


# after this many refused passphrases the file itself may be the problem
DAMAGED_AFTER_ATTEMPTS = 3


class UnlockDialog(WaitsForItsWork, Generic[T]):
    """Ask for the passphrase until `attempt` (run on a worker: it must make no Qt object) accepts it;
    `value` holds what it returned, or the StorageError it raised other than WrongPassphrase.

    After several refusals it also offers the newest backup: a damaged file refuses every
    passphrase, and the user should not be left guessing. Choosing it sets `value` to a
    DamagedDatabase, which the caller handles like any damaged file (moved aside, backup offered).
    """

    def __init__(
        self,
        attempt: Callable[[str], T],
        parent: QWidget | None = None,
        message: str = "Type your passphrase to open them.",
        offer_backup: bool = True,
    ) -> None:
        super().__init__(parent)
        self._attempt = attempt
        self._offer_backup = offer_backup  # not while finishing a passphrase change: the journal needs the files
        self._refused = 0
        self.value: T | StorageError | None = None
        self.setWindowTitle("Unlock Reflect")
        heading = QLabel("<h3>Your reflections are encrypted</h3>")
        text = QLabel(message)
        text.setWordWrap(True)
        self.passphrase = passphrase_field("Passphrase")
        self.passphrase.setPlaceholderText("Passphrase")
        self.error = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.unlock_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText("Unlock")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Quit")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.damaged_offer = QLabel("The file may be damaged: restore the newest backup?")
        self.damaged_offer.setWordWrap(True)
        self.damaged_offer.setVisible(False)
        self.restore_button = QPushButton("Restore the newest backup…")
        self.restore_button.setAutoDefault(False)
        self.restore_button.setVisible(False)
        self.restore_button.clicked.connect(self._treat_as_damaged)
        self.buttons = buttons
        self.working = QProgressBar()
        self.working.setRange(0, 0)  # moving: how long the check takes is not known
        self.working.setTextVisible(False)
        self.working.setAccessibleName("Opening your reflections")
        self.working.setVisible(False)
        layout = QVBoxLayout(self)
        for widget in (
            heading, text, self.passphrase, self.working, self.error, self.damaged_offer, self.restore_button, buttons
        ):
            layout.addWidget(widget)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetMinimumSize)

    def accept(self) -> None:
        if self.busy:
            return
        typed = self.passphrase.text()
        if not typed:
            self._show_error("Type your passphrase, or choose Quit.")
            return
        from reflect.ui.ops import Operation

        self._set_busy(True)
        self.running = Operation(self, lambda _worker: self._attempt(typed), title="Unlock Reflect") \
            .on_success(self._opened).on_failure(self._not_opened).run()

    def _set_busy(self, busy: bool) -> None:
        self.passphrase.setEnabled(not busy)
        self.buttons.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)
        self.working.setVisible(busy)
        if busy:
            self.error.setVisible(False)

    def _opened(self, value: T) -> None:
        self.running = None
        self._set_busy(False)
        self.value = value
        super().accept()

    def _not_opened(self, exc: BaseException) -> None:
        self.running = None
        self._set_busy(False)
        if isinstance(exc, WrongPassphrase):
            self._refused += 1
            self._show_error("That passphrase is not right. Check Caps Lock and try again.")
            if self._offer_backup and self._refused >= DAMAGED_AFTER_ATTEMPTS:
                self.damaged_offer.setVisible(True)
                self.restore_button.setVisible(True)
            return
        if not isinstance(exc, StorageError):
            raise exc  # a bug: the crash report (reflect/ui/crash.py) says so
        self.value = exc  # damaged, or from a newer Reflect: the caller says so and offers what it can
        super().accept()

    def _treat_as_damaged(self) -> None:
        self.value = DamagedDatabase(
            f"The database refused {self._refused} passphrases; it may be damaged, so it is treated as damaged."
        )
        super().accept()

    def _show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        self.passphrase.selectAll()
        self.passphrase.setFocus()
