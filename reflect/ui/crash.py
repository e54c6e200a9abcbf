"""Uncaught exceptions: logged, then shown in a dialog with "Copy details", never lost.

The details are the exception type, message and traceback — code lines only, no
local values — and the database engine hides SQL parameters, so reflection text
does not end up in the log or on the clipboard.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from reflect import __version__

log = logging.getLogger(__name__)


def details(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> str:
    text = "".join(traceback.format_exception(kind, error, tb))
    return f"Reflect {__version__}, Python {sys.version.split()[0]}\n\n{text}"


def show_crash_dialog(report: str, previous: bool = False) -> None:
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Reflect ran into a problem")
    if previous:
        box.setText("Reflect closed unexpectedly last time. Your saved reflections are safe.")
    else:
        box.setText(
            "Something went wrong inside Reflect. Your saved reflections are safe; "
            "the form keeps what you typed. The details were written to the log."
        )
    box.setDetailedText(report)
    copy = QPushButton("Copy details")
    box.addButton(copy, QMessageBox.ButtonRole.ActionRole)
    copy.clicked.disconnect()  # keep the dialog open after copying
    copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(report))
    box.setEscapeButton(box.addButton("Close", QMessageBox.ButtonRole.RejectRole))  # named: no letter a rating key could press
    box.exec()


def install_excepthook() -> None:
    """Route uncaught exceptions in slots and callbacks to the log and a dialog."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        report = details(kind, error, tb)
        log.error("Uncaught exception:\n%s", report)
        if QApplication.instance() is not None and threading.current_thread() is threading.main_thread():
            show_crash_dialog(report)  # a dialog only on the GUI thread: from a worker it could hang Reflect

    sys.excepthook = hook
