"""App lock: hide the window's content and close the database, on Ctrl+L or when idle.

Reflections are private, and a consulting-room computer is often left unattended.
Locking first writes any pending draft (so nothing typed is lost, and it is stored
encrypted with the database), then swaps the content for a lock screen, disables
the menu actions that would reach data, and closes the database connection.
Unlocking checks the passphrase against the file before anything is shown again.

Idle locking only applies when the database is encrypted; Ctrl+L always hides the
content, and the lock screen says plainly when the data is not encrypted.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from reflect.data.encryption import WrongPassphrase
from reflect.errors import StorageError
from reflect.ui import keys
from reflect.ui.changes import Changes
from reflect.ui.context import AppContext
from reflect.ui.dialogs.unlock import error_label, passphrase_field

_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)

MINUTE_MS = 60_000


class IdleWatcher(QObject):
    """Emits `idle` once no keyboard, mouse or touch input reached the application for a while.

    `timeout_ms` is asked at every restart, so a changed setting applies from the next
    input on (``refresh`` starts or stops the watching itself); 0 means never.
    """

    idle = Signal()

    def __init__(self, timeout_ms: Callable[[], int], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = timeout_ms
        self._active = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.idle)
        self._watching = False

    def start(self) -> None:
        self._active = True
        self._restart()

    def stop(self) -> None:
        self._active = False
        self._restart()

    def refresh(self) -> None:
        """Start or stop watching input after a setting changed (auto-lock turned on or off)."""
        if self._watching != (self._active and self.timeout_ms() > 0):
            self._restart()

    def is_running(self) -> bool:
        return self._timer.isActive()

    def _restart(self) -> None:
        timeout = self.timeout_ms() if self._active else 0
        self._watch(timeout > 0)
        if timeout > 0:
            self._timer.start(timeout)
        else:
            self._timer.stop()

    def _watch(self, wanted: bool) -> None:
        """Filter the application's events only while a timeout runs: every event filtered costs a call into Python."""
        app = QCoreApplication.instance()
        if app is None or wanted == self._watching:
            return
        if wanted:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._watching = wanted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if self._active and event.type() in _INPUT_EVENTS:
            self._restart()
        return False


class LockScreen(QWidget):
    """What the window shows while locked: no data, a passphrase field, one Unlock button."""

    unlockRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Reflect is locked")
        heading = QLabel("<h2>Reflect is locked</h2>")
        self.explanation = QLabel()
        self.explanation.setWordWrap(True)
        self.passphrase = passphrase_field("Passphrase")
        self.passphrase.setPlaceholderText("Passphrase")
        self.passphrase.returnPressed.connect(self._request)
        self.error = error_label()
        self.unlock_button = QPushButton("Unlock")
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self._request)
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.unlock_button)
        panel = QWidget()
        panel.setMaximumWidth(self.fontMetrics().averageCharWidth() * 64)  # a readable line, in any font size
        column = QVBoxLayout(panel)
        column.addWidget(heading)
        column.addWidget(self.explanation)
        column.addLayout(row)
        column.addWidget(self.error)
        centred = QHBoxLayout()  # stretches, not alignment, so wrapped labels get their full height
        centred.addStretch(1)
        centred.addWidget(panel, 4)
        centred.addStretch(1)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(centred)
        outer.addStretch(2)

    def prepare(self, encrypted: bool) -> None:
        """Reset for a new lock; without encryption there is nothing to type."""
        self.passphrase.clear()
        self.passphrase.setVisible(encrypted)
        self.error.setVisible(False)
        if encrypted:
            self.explanation.setText(
                "Your reflections are hidden and the database is closed. Type your passphrase to continue."
            )
        else:
            self.explanation.setText(
                "Your reflections are hidden, but they are not encrypted: anyone who can open your data "
                "folder can read them. Set a passphrase in Settings to protect them."
            )

    def focus(self) -> None:
        (self.passphrase if self.passphrase.isVisibleTo(self) else self.unlock_button).setFocus()

    def set_busy(self, busy: bool) -> None:
        """While the passphrase is checked: nothing to press twice, and a word that it is happening."""
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        self.unlock_button.setText("Unlocking…" if busy else "Unlock")
        if busy:
            self.error.setVisible(False)
        else:
            self.focus()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _request(self) -> None:
        self.unlockRequested.emit(self.passphrase.text())


class AppLock(QObject):
    """Locks one main window: wraps its central widget in a stack with the lock screen."""

    lockedChanged = Signal(bool)

    def __init__(self, window: QMainWindow, context: AppContext, before_lock: Callable[[], None]) -> None:
        super().__init__(window)
        self._window = window
        self._context = context
        self._before_lock = before_lock
        self.minute_ms = MINUTE_MS  # settable, so tests need not wait minutes
        self.locked = False
        self._trying = False  # a passphrase is being checked on a worker
        self._disabled: list[QAction] = []
        self._focus: QWidget | None = None

        self.screen = LockScreen()
        self.screen.unlockRequested.connect(self.unlock)
        content = window.takeCentralWidget()
        assert content is not None  # the window is built before its lock
        self.content = content
        self.stack = QStackedWidget()
        self.stack.addWidget(self.content)
        self.stack.addWidget(self.screen)
        window.setCentralWidget(self.stack)

        self.action = QAction("&Lock", window, shortcut=keys.LOCK)
        self.action.setStatusTip("Hide your reflections and close the database until you unlock")
        self.action.triggered.connect(self.lock)
        window.addAction(self.action)

        self.idle = IdleWatcher(self._idle_timeout_ms, self)
        self.idle.idle.connect(self.lock)
        self.idle.start()
        context.changed.connect(self._context_changed)

    def _context_changed(self, changes: Changes) -> None:
        if changes.encryption or "auto_lock_minutes" in changes.settings:
            self.idle.refresh()

    def _idle_timeout_ms(self) -> int:
        if not self._context.encrypted:
            return 0
        return max(0, self._context.settings.auto_lock_minutes) * self.minute_ms

    def lock(self) -> None:
        if self.locked:
            return
        self._before_lock()  # the pending draft is written while the database is still open
        focus = QApplication.focusWidget()
        self._focus = focus if focus is not None and self.content.isAncestorOf(focus) else None
        self.locked = True
        self.idle.stop()
        quit_keys = QKeySequence(QKeySequence.StandardKey.Quit)
        self._disabled = [
            action
            for action in self._window.findChildren(QAction)
            if action.isEnabled() and action.shortcut() != quit_keys
        ]
        for action in self._disabled:
            action.setEnabled(False)
        self.screen.prepare(self._context.encrypted)
        self.stack.setCurrentWidget(self.screen)
        self._window.statusBar().clearMessage()
        self._context.lock()
        self.screen.focus()
        self.lockedChanged.emit(True)

    def unlock(self, passphrase: str) -> bool:
        """Show the content again once the passphrase opens the database. True when that is done at once (data
        without a passphrase); an encrypted database checks the passphrase on a worker (the key derivation),
        the lock screen waiting meanwhile, and shows the content or says what was wrong."""
        if not self.locked or self._trying:
            return not self.locked
        if not self._context.encrypted:
            self._context.reconnect(None)
            self._show_content()
            return True
        if not passphrase:
            self.screen.show_error("Type your passphrase to unlock.")
            return False
        from reflect.ui.ops import Operation

        self._trying = True
        self.screen.set_busy(True)
        Operation(self.screen, lambda _worker: self._context.reconnect(passphrase), title="Unlock Reflect") \
            .on_success(lambda _none: self._tried(None)).on_failure(self._tried).run()
        return False

    def _tried(self, refused: BaseException | None) -> None:
        self._trying = False
        self.screen.set_busy(False)
        if refused is None:
            self._show_content()
        elif isinstance(refused, WrongPassphrase):
            self.screen.show_error("That passphrase is not right. Check Caps Lock and try again.")
        elif isinstance(refused, StorageError):  # the file went away or was damaged meanwhile
            self.screen.show_error(str(refused))
        else:
            raise refused  # a bug: the crash report says so

    def _show_content(self) -> None:
        self._context.unlocked()
        self.screen.passphrase.clear()
        for action in self._disabled:
            action.setEnabled(True)
        self._disabled = []
        self.stack.setCurrentWidget(self.content)
        self.locked = False
        if self._focus is not None:
            self._focus.setFocus()
        self.idle.start()
        self.lockedChanged.emit(False)
