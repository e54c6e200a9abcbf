"""Start the Qt application for one data folder."""

from __future__ import annotations

import sys
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
)

from reflect import __version__
from reflect.data.backups import move_aside, newest_good_backup, restore
from reflect.data.encryption import is_encrypted
from reflect.errors import DamagedDatabase, StorageError
from reflect.logs import configure_logging
from reflect.paths import DataPaths
from reflect.resources import resource_dir
from reflect.ui.context import AppContext
from reflect.ui.crash import install_excepthook, show_crash_dialog
from reflect.ui.main_window import MainWindow
from reflect.ui.single_instance import SingleInstance, server_name
from reflect.ui.unlock_dialog import UnlockDialog


def open_context(paths: DataPaths) -> AppContext | None:
    """Open the data folder; an encrypted one asks for its passphrase first (None: the user quit)."""
    if not is_encrypted(paths.database):
        return AppContext.open(paths)
    dialog = UnlockDialog(lambda passphrase: AppContext.open(paths, passphrase))
    return dialog.value if dialog.exec() == QDialog.DialogCode.Accepted else None


def recover(paths: DataPaths, damaged: DamagedDatabase) -> bool:
    """Move a damaged database aside, say so in one paragraph, and offer the newest good backup.

    Returns False when the user chose to quit.
    """
    moved = move_aside(paths, datetime.now())
    backup = newest_good_backup(paths)
    box = QMessageBox(QMessageBox.Icon.Warning, "Reflect could not read your data", "")
    offer = (
        f" The newest good backup is from {backup.created:%A %d %B %Y at %H:%M}." if backup else " There is no backup to restore."
    )
    box.setText(
        f"Your database could not be read, so Reflect has moved it aside as “{moved.name}” in "
        f"{paths.root} without changing it.{offer} You can restore the backup, start with no "
        "reflections (the damaged file stays where it is), or quit."
    )
    box.setDetailedText(str(damaged))
    restore_button = box.addButton("Restore the backup", QMessageBox.ButtonRole.AcceptRole) if backup else None
    empty_button = box.addButton("Start with no reflections", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("Quit", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if backup is not None and clicked is restore_button:
        passphrase = None
        if backup.encrypted:
            passphrase, ok = QInputDialog.getText(
                None, "Restore the backup", "The backup is protected by your passphrase:", QLineEdit.EchoMode.Password
            )
            if not ok:
                return False
        try:
            restore(paths, backup.path, passphrase)
        except StorageError as exc:
            QMessageBox.critical(None, "The backup could not be restored", str(exc))
            return False
        return True
    return clicked is empty_button


def run_app(paths: DataPaths) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Reflect")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Reflect")
    app.setDesktopFileName("reflect")  # matches resources/linux/reflect.desktop
    app.setWindowIcon(QIcon(str(resource_dir() / "icons" / "reflect.svg")))
    previous_crash = configure_logging(paths)
    install_excepthook()
    instance = SingleInstance(server_name(paths))
    if not instance.claim():  # Reflect already runs for this data folder: it was raised instead
        return 0
    first_run = not paths.database.exists()
    try:
        try:
            context = open_context(paths)
        except DamagedDatabase as damaged:
            if not recover(paths, damaged):
                return 1
            first_run = False
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
    if previous_crash:
        QTimer.singleShot(0, lambda: show_crash_dialog(previous_crash, previous=True))
    if first_run:
        QTimer.singleShot(0, window.offer_passphrase)
    else:
        QTimer.singleShot(1500, window.run_daily_backup)  # after the first paint, off the start-up path
    try:
        return app.exec()
    finally:
        context.close()
