"""Changes to the database file itself, on a worker: a backup put in its place, a passphrase set, changed or removed.

Each rewrites the whole file (and, for a passphrase, every backup too): over a second at 20,000 reflections
and many more with years of backups, which froze the window when it ran on the GUI thread. Here the
connection is closed on the GUI thread, the file is rewritten and connected to again on a worker, and the
pages hear of it (``AppContext.announce``) back on the GUI thread. Each is a writing operation
(``reflect/ui/write_gate.py``): a draft saved meanwhile waits for it rather than for SQLite's lock.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from reflect.errors import StorageError, UserError
from reflect.ui.changes import EVERYTHING, Changes
from reflect.ui.ops import Operation, Worker, report_failure
from reflect.wording import moment_text

if TYPE_CHECKING:
    from reflect.ui.context import AppContext

MODE_SET, MODE_CHANGE, MODE_REMOVE = "set", "change", "remove"
CONVERTING = {
    MODE_SET: "Encrypting your reflections and backups…",
    MODE_CHANGE: "Changing the passphrase of your reflections and backups…",
    MODE_REMOVE: "Removing the passphrase from your reflections and backups…",
}
RESTORING = "Restoring the backup: your current data is backed up first…"


def change_passphrase(
    parent: QWidget, context: AppContext, mode: str, current: str | None, new: str | None,
    done: Callable[[str], Any], failed: Callable[[BaseException], Any],
) -> Operation[str]:
    """Set (current None), change, or remove (new None) the passphrase; `done` gets the sentence saying what
    was done, once Reflect is connected with the result. StorageError at once while another operation writes."""
    from reflect.data.encryption import decrypt, encrypt, rekey

    context.refuse_while_writing("changed")
    database = context.database
    previous = database.passphrase
    paths = context.paths

    def convert(worker: Worker) -> str:
        if mode == MODE_SET:
            assert new is not None
            return encrypt(paths, new, progress=worker.progress)
        assert current is not None
        if mode == MODE_CHANGE:
            assert new is not None
            return rekey(paths, current, new, progress=worker.progress)
        return decrypt(paths, current, progress=worker.progress)

    def work(worker: Worker) -> str:
        try:
            sentence = convert(worker)
        except BaseException:
            try:
                database.reopen(previous)
            except StorageError:
                database.reopen(new)  # it failed after the new file was already in place
            raise
        database.reopen(new)
        return sentence

    def succeeded(sentence: str) -> None:
        context.announce(Changes(encryption=True))
        done(sentence)

    database.close()
    return Operation(parent, work, title="Change the passphrase", writes=True).on_success(succeeded) \
        .on_failure(failed).run()


def restore_backup(
    parent: QWidget, context: AppContext, backup: Path, passphrase: str | None,
    done: Callable[[Path | None], Any], failed: Callable[[BaseException], Any],
) -> Operation[Path | None]:
    """Put a backup in place of the database (backed up first) behind a busy dialog; `done` gets the safety
    copy. `passphrase`: the backup's (None for a plain one). StorageError at once while another operation writes."""
    from reflect.data import backups
    from reflect.data.encryption import is_encrypted

    context.refuse_while_writing("restored")
    database = context.database
    if passphrase is None:  # a plain backup over an encrypted database: its safety copy needs the key in use
        passphrase = database.passphrase
    paths = context.paths

    def work(_worker: Worker) -> Path | None:
        try:
            safety = backups.restore(paths, backup, passphrase)
        finally:
            database.reopen(passphrase if is_encrypted(paths.database) else None)
        database.upgrade()  # an older backup is brought up to date (after its own safety copy)
        return safety

    def succeeded(safety: Path | None) -> None:
        context.announce(EVERYTHING)
        done(safety)

    def not_restored(exc: BaseException) -> None:
        context.announce(EVERYTHING)  # in case it failed once the file was in place (bringing it up to date)
        failed(exc)

    database.close()
    return Operation(parent, work, title="Restore from a backup", writes=True) \
        .with_progress(RESTORING, cancellable=False).on_success(succeeded).on_failure(not_restored).run()


def choose_and_restore(
    parent: QWidget, context: AppContext, flush_draft: Callable[[], Any], report: Callable[[str], Any]
) -> None:
    """File → Restore from a backup: pick one (and give its passphrase), then restore it; `report` says how it went."""
    from reflect.data.backups import list_backups

    title = "Restore from a backup"
    found = list_backups(context.paths)
    if not found:
        QMessageBox.information(parent, title, "There are no backups yet.")
        return
    labels = [f"{moment_text(b.created)} — {b.kind}{' (encrypted)' if b.encrypted else ''}" for b in found]
    choice, ok = QInputDialog.getItem(
        parent, title, "Replace your reflections with this backup? Your current data is backed up first.",
        labels, 0, False,
    )
    if not ok:
        return
    backup = found[labels.index(choice)]
    passphrase = None
    if backup.encrypted:
        passphrase, ok = QInputDialog.getText(
            parent, title, "This backup is protected by a passphrase:", QLineEdit.EchoMode.Password
        )
        if not ok:
            return
    flush_draft()

    def restored(safety: Path | None) -> None:
        kept = f" Your previous data was kept in {safety.name}." if safety else ""
        if passphrase is None and context.encrypted:
            kept += " It was a plain backup, so it is now protected by your passphrase."
        report(f"Restored the backup from {moment_text(backup.created)}.{kept}")

    def not_restored(exc: BaseException) -> None:
        if isinstance(exc, UserError):  # damaged, a wrong passphrase, another operation writing: nothing changed
            QMessageBox.warning(parent, "The backup was not restored", str(exc))
        else:
            report_failure(parent, title, exc)

    try:
        restore_backup(parent, context, backup.path, passphrase, restored, not_restored)
    except UserError as exc:
        not_restored(exc)
