"""Start the Qt application for one data folder.

Start-up is measured (``benchmarks/``): people open Reflect between appointments. A
plain database is opened right after the checklist's first paint, so SQLAlchemy is
imported while the window is already on screen; an encrypted one is unlocked first.
"""

from __future__ import annotations

import importlib
import sys
import time
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

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
from reflect.data.encryption import database_is_encrypted
from reflect.errors import DamagedDatabase, StorageError
from reflect.evidence import clear_opened
from reflect.logs import configure_logging
from reflect.paths import DataPaths
from reflect.resources import resource_dir
from reflect.settings import load_settings
from reflect.ui import theme
from reflect.ui.context import AppContext
from reflect.ui.crash import install_excepthook, show_crash_dialog
from reflect.ui.main_window import MainWindow
from reflect.ui.startup import Phase, after_first_paint
from reflect.wording import day_text

if TYPE_CHECKING:
    from reflect.data.db import Database
    from reflect.ui.single_instance import SingleInstance

T = TypeVar("T")
OPENING = "Opening your reflections…"
FIRST_ANSWERS_WITHIN_S = 3.0  # a Reflect just launched answers later launches within CLAIM_WITHIN_MS of its paint
CLAIM_WITHIN_MS = 1000


def app_icon() -> QIcon:
    """The rendered PNG sizes: an SVG icon would load Qt's SVG plugin at start-up."""
    icon = QIcon()
    for png in sorted((resource_dir() / "icons").glob("reflect-*.png")):
        icon.addFile(str(png))
    return icon


def open_context(paths: DataPaths) -> AppContext | None:
    """Open the data folder; an encrypted one asks for its passphrase first (None: the user quit).

    DamagedDatabase when the file (once unlocked) fails its check, or when the user,
    after several refused passphrases, chose to treat it as damaged; StorageError when it
    cannot be opened for another reason (written by a newer Reflect).
    """
    from reflect.data import conversion
    from reflect.ui.dialogs.unlock import UnlockDialog

    action = conversion.pending(paths)
    dialog: UnlockDialog[Database]
    if action is not None:  # a passphrase change was killed halfway: it is finished first
        message = (
            f"A passphrase change was interrupted. Type {conversion.needed_passphrase(action)} to finish it."
        )
        dialog = UnlockDialog(
            lambda passphrase: _finish_then_open(paths, passphrase), message=message, offer_backup=False
        )
    elif not database_is_encrypted(paths):
        return AppContext.open(paths)
    else:
        dialog = UnlockDialog(lambda passphrase: _open_unlocked(paths, passphrase))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    if isinstance(dialog.value, StorageError):
        raise dialog.value  # raised here, not inside the dialog, where Qt would swallow it
    assert dialog.value is not None
    context = AppContext.load(paths)  # on the GUI thread: the context is a Qt object
    context.attach(dialog.value)
    return context


def needs_passphrase(paths: DataPaths) -> bool:
    """Whether start-up must ask for a passphrase before anything else."""
    from reflect.data.conversion import pending

    return pending(paths) is not None or database_is_encrypted(paths)


def _finish_then_open(paths: DataPaths, passphrase: str) -> Database:
    """On a worker: finish the interrupted change, then open the database it left."""
    from reflect.data.conversion import resume
    from reflect.data.db import open_database

    resume(paths, passphrase)  # WrongPassphrase: the dialog asks again
    return _open_unlocked(paths, passphrase) if database_is_encrypted(paths) else open_database(paths)


def _open_unlocked(paths: DataPaths, passphrase: str) -> Database:
    """On a worker: the key derivation, SQLAlchemy's import and the integrity check take seconds."""
    from reflect.data.db import open_database

    return open_database(paths, passphrase)


def open_database(context: AppContext) -> bool:
    """Open a context's (plain) database, recovering from a damaged one.

    False when the user chose to quit or the data cannot be opened (they were told why).
    """
    try:
        try:
            context.open_database()
        except DamagedDatabase as damaged:
            if not recover(context.paths, damaged):
                return False
            context.open_database()
    except (StorageError, OSError) as exc:  # OSError: e.g. a folder that became unreadable
        QMessageBox.critical(None, "Reflect cannot open your data", str(exc))
        return False
    return True


def recover(paths: DataPaths, damaged: DamagedDatabase) -> bool:
    """Move a damaged database aside, say so in one paragraph, and offer the newest good backup.

    Returns False when the user chose to quit.
    """
    from reflect.data.backups import move_aside, newest_good_backup, restore

    moved = move_aside(paths, datetime.now())
    backup = _while_busy("Looking for a good backup…", lambda: newest_good_backup(paths))
    box = QMessageBox(QMessageBox.Icon.Warning, "Reflect could not read your data", "")
    offer = (
        f" The newest good backup is from {day_text(backup.created.date())} at {backup.created:%H:%M}." if backup else " There is no backup to restore."
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
            _while_busy("Restoring the backup…", lambda: restore(paths, backup.path, passphrase))
        except StorageError as exc:
            QMessageBox.critical(None, "The backup could not be restored", str(exc))
            return False
        return True
    return clicked is empty_button


def _while_busy(label: str, work: Callable[[], T]) -> T:
    """`work`'s result (or its error), worked out on a worker behind a busy dialog: checking backups and putting
    one in place take seconds with years of reflections, and the window (or the screen, before it) would not
    answer meanwhile. Used where start-up has no page to show progress on."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QWidget

    from reflect.ui.ops import Operation

    host = QWidget()  # the operation's parent: its busy dialog is a window of its own
    outcome: list[tuple[bool, object]] = []
    waiting = QEventLoop()
    operation = Operation(host, lambda _worker: work(), title="Reflect").with_progress(label, cancellable=False)
    operation.on_success(lambda value: outcome.append((True, value))).on_failure(lambda exc: outcome.append((False, exc)))
    operation.finished.connect(waiting.quit)
    operation.run()
    waiting.exec()
    host.deleteLater()
    done, value = outcome[0]
    if not done:
        assert isinstance(value, BaseException)
        raise value
    return value  # type: ignore[return-value]  # what work returned


def run_app(paths: DataPaths) -> int:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("Reflect")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Reflect")
    app.setDesktopFileName("reflect")  # matches resources/linux/reflect.desktop
    app.setWindowIcon(app_icon())
    theme.install(load_settings(paths.settings).colour_scheme)  # before any dialog: the unlock one too
    previous_crash = configure_logging(paths)
    install_excepthook()
    from reflect.data.folder_lock import FolderInUse, FolderLock
    # The folder lock decides which Reflect is first; the socket only raises its window. (A first
    # Reflect too busy to answer keeps its socket: only the holder of the lock replaces one.)
    folder_lock = FolderLock(paths)  # held while the app runs: no command may write meanwhile
    try:
        folder_lock.acquire()
    except StorageError as exc:
        if isinstance(exc, FolderInUse) and _raise_first(paths):
            return 0  # Reflect already runs for this data folder: it was raised instead
        QMessageBox.critical(None, "Reflect cannot open your data", str(exc))  # e.g. `reflect import` is running
        return 1
    try:
        return _run_holding_lock(app, paths, previous_crash)
    finally:
        folder_lock.release()


def _single_instance(paths: DataPaths) -> SingleInstance:
    """Imported when needed: Qt's network module is not needed for the first paint."""
    from reflect.ui.single_instance import SingleInstance, server_name

    return SingleInstance(server_name(paths))


def _raise_first(paths: DataPaths) -> bool:
    """Ask the Reflect holding the folder to come forward; one launched a moment ago answers
    once its database is open (at most CLAIM_WITHIN_MS after its first paint), so it is asked again for a
    little while (a double-click launches twice)."""
    instance = _single_instance(paths)
    deadline = time.monotonic() + FIRST_ANSWERS_WITHIN_S
    while not instance.raise_existing():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


# What opening an up-to-date database and a save pressed meanwhile use (SQLAlchemy, its SQLite dialect,
# the models, the reflection and CPD stores, the identifier check): loaded on a worker first, so keys
# typed in the checklist meanwhile are handled at once. No more: that save waits for these. Alembic loads
# only for an upgrade, the other stores after the open (reflect.ui.services.LATER_MODULES).
DATA_MODULES = (
    "reflect.data.db", "sqlalchemy.dialects.sqlite", "reflect.data.private_data", "reflect.reflections", "reflect.cpd",
    "reflect.privacy", "reflect.day_names",
)


def _open_after_paint(app: QApplication, window: MainWindow, context: AppContext, opened: Callable[[], None]) -> None:
    """OPENING: open the plain database with the checklist on screen; READY runs what waited, FAILED ends Reflect."""
    from reflect.ui.ops import Operation

    context.startup.set_phase(Phase.OPENING)
    bar = window.statusBar()
    if not bar.currentMessage():  # visible while the database opens (longer when it is upgraded)
        bar.showMessage(OPENING)
        bar.repaint()

    def open_now(_imported: object = None) -> None:
        ok = open_database(context)
        if bar.currentMessage() == OPENING:
            bar.clearMessage()
        if ok:
            opened()
        else:  # the user was told why; the checklist must not stay on screen
            context.startup.set_phase(Phase.FAILED)
            window.hide()
            app.exit(1)

    def load(_worker: object) -> tuple[str, ...]:
        return tuple(importlib.import_module(name).__name__ for name in DATA_MODULES)

    # a failed import is reported by the open itself, which imports the same modules again
    Operation(window, load, title="Open your reflections").on_success(open_now).on_failure(open_now).run()


def _run_holding_lock(app: QApplication, paths: DataPaths, previous_crash: str | None) -> int:
    first_run = not paths.database.exists()
    clear_opened(paths)  # temporary evidence copies left by a crash
    context: AppContext | None
    try:
        try:
            context = open_context(paths) if needs_passphrase(paths) else AppContext.load(paths)
        except DamagedDatabase as damaged:
            if not recover(paths, damaged):
                return 1
            context = open_context(paths) if needs_passphrase(paths) else AppContext.load(paths)
    except StorageError as exc:
        QMessageBox.critical(None, "Reflect cannot open your data", str(exc))
        return 1
    if context is None:
        return 0
    return _run_window(app, paths, context, first_run, previous_crash)


def _run_window(app: QApplication, paths: DataPaths, context: AppContext, first_run: bool,
                previous_crash: str | None) -> int:
    window = MainWindow(context)
    # Reflect ends when its main window really closes (not when hidden to the tray). exit(), not
    # quit(): Qt 6's quit() asks every window to close again.
    app.setQuitOnLastWindowClosed(False)
    window.closed.connect(lambda: app.exit(0))
    window.show()
    if previous_crash:
        QTimer.singleShot(0, lambda: show_crash_dialog(previous_crash, previous=True))

    instances: list[SingleInstance] = []

    def claim() -> None:
        """Answer later launches (they retry meanwhile): once the database is open, or CLAIM_WITHIN_MS
        after the first paint if that takes longer (an upgrade). Qt's network module loads here."""
        if instances:
            return
        instance = _single_instance(paths)
        instance.setParent(window)
        instances.append(instance)
        if not instance.claim():  # an older Reflect without the folder lock answered: it was raised instead
            window.hide()
            app.exit(0)

    def database_opened() -> None:
        """Prompts (raised by later launches), and the first-run or daily chores."""
        claim()
        prompting = window.prompting
        assert prompting is not None  # made by the window when the database opened
        instances[0].activated.connect(prompting.show_window)
        prompting.start()
        if not first_run:  # a passphrase is offered on the Reflect page after the first save, not here
            QTimer.singleShot(1500, window.run_daily_backup)  # after the first paint, off the start-up path

    if context.ready:
        database_opened()
    else:
        after_first_paint(window, lambda: _open_after_paint(app, window, context, database_opened))
        after_first_paint(window, lambda: QTimer.singleShot(CLAIM_WITHIN_MS, claim))
    try:
        return app.exec()
    finally:
        from reflect.ui.ops import finish_work

        finish_work()  # cancelled, and waited for: shutting down under a running worker looks like a crash
        context.close()
        clear_opened(paths)
