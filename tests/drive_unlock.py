"""Run by tests/test_unlock_at_start.py in a process of its own: ``reflect --data-dir DIR`` on an encrypted folder,
the passphrase typed into the real unlock dialog (its own event loop), then the window used for a moment.

Prints ``opened`` once the main window has its database, and quits half a second later.
"""

from __future__ import annotations

import sys

import reflect.ui  # noqa: F401  (before Qt, as the reflect command imports it)

# isort: split
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from reflect.cli import main
from reflect.ui.dialogs.unlock import UnlockDialog
from reflect.ui.main_window import MainWindow

PASSPHRASE = sys.argv[2]
_dialog_exec = UnlockDialog.exec
_app_exec = QApplication.exec


def _type_passphrase() -> None:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, UnlockDialog) and w.isVisible()]
    if not shown:
        QTimer.singleShot(20, _type_passphrase)
        return
    shown[0].passphrase.setText(PASSPHRASE)
    shown[0].accept()


def _dialog(self: UnlockDialog) -> int:  # type: ignore[type-arg]
    QTimer.singleShot(20, _type_passphrase)
    return _dialog_exec(self)


def _quit_once_open() -> None:
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
    if windows and windows[0].context.ready:
        print("opened", flush=True)
        QTimer.singleShot(500, lambda: QApplication.exit(0))
        return
    QTimer.singleShot(20, _quit_once_open)


def _app(*_args: object) -> int:
    QTimer.singleShot(0, _quit_once_open)
    return _app_exec()


UnlockDialog.exec = _dialog  # type: ignore[method-assign]
QApplication.exec = _app  # type: ignore[method-assign,assignment]
sys.exit(main(["--data-dir", sys.argv[1]]))
