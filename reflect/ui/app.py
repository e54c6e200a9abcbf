"""Start the Qt application for one data folder."""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from reflect import __version__
from reflect.errors import StorageError
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.main_window import MainWindow


def run_app(paths: DataPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reflect")
    app.setApplicationVersion(__version__)
    try:
        context = AppContext.open(paths)
    except StorageError as exc:
        QMessageBox.critical(None, "Reflect cannot open your data", str(exc))
        return 1
    window = MainWindow(context)
    window.show()
    try:
        return app.exec()
    finally:
        context.close()
