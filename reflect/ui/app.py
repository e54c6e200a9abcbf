"""Start the Qt application for one data folder."""

from __future__ import annotations

import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from reflect import __version__
from reflect.data.encryption import is_encrypted
from reflect.errors import StorageError
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow
from reflect.ui.single_instance import SingleInstance, server_name
from reflect.ui.unlock_dialog import UnlockDialog


def open_context(paths: DataPaths) -> AppContext | None:
    """Open the data folder; an encrypted one asks for its passphrase first (None: the user quit)."""
    if not is_encrypted(paths.database):
        return AppContext.open(paths)
    dialog = UnlockDialog(lambda passphrase: AppContext.open(paths, passphrase))
    return dialog.value if dialog.exec() == QDialog.DialogCode.Accepted else None


def run_app(paths: DataPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reflect")
    app.setApplicationVersion(__version__)
    instance = SingleInstance(server_name(paths))
    if not instance.claim():  # Reflect already runs for this data folder: it was raised instead
        return 0
    first_run = not paths.database.exists()
    try:
        context = open_context(paths)
    except StorageError as exc:
        QMessageBox.critical(None, "Reflect cannot open your data", str(exc))
        return 1
    if context is None:
        return 0
    window = MainWindow(context)
    window.show()
    instance.activated.connect(window.prompting.show_window)
    app.setQuitOnLastWindowClosed(not window.prompting.tray.available)
    window.prompting.start()
    if first_run:
        QTimer.singleShot(0, window.offer_passphrase)
    try:
        return app.exec()
    finally:
        context.close()
