"""Start-up with encryption trouble, as a person meets it: refused passphrases, an interrupted
passphrase change, and a plain database whose header was damaged."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from reflect.data import backups, conversion, encryption
from reflect.errors import DamagedDatabase
from reflect.paths import DataPaths
from reflect.ui import app as app_module
from reflect.ui.context import AppContext
from reflect.ui.dialogs.unlock import UnlockDialog
from tests.markers import marker_hits, markers_readable, put_markers

PASSPHRASE = "correct horse battery"


def _type_passphrases(qtbot: QtBot, typed: list[str], then_restore: bool = False):  # type: ignore[no-untyped-def]
    def exec_(dialog: UnlockDialog) -> int:  # type: ignore[type-arg]
        qtbot.addWidget(dialog)
        dialog.show()
        for passphrase in typed:
            dialog.passphrase.clear()
            qtbot.keyClicks(dialog.passphrase, passphrase)
            qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
            qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)  # tried on a worker
        if then_restore:
            assert dialog.damaged_offer.isVisible()
            assert dialog.damaged_offer.text() == "The file may be damaged: restore the newest backup?"
            qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        return dialog.result()

    return exec_


def test_after_three_refused_passphrases_the_newest_backup_is_offered(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_markers(paths, tmp_path)
    encryption.encrypt(paths, PASSPHRASE)
    backups.back_up(paths, PASSPHRASE)
    before = paths.database.read_bytes()
    shown: list[UnlockDialog] = []  # type: ignore[type-arg]

    def two_wrong(dialog: UnlockDialog) -> int:  # type: ignore[type-arg]
        shown.append(dialog)
        return _type_passphrases(qtbot, ["wrong one", "wrong two"])(dialog)

    monkeypatch.setattr(UnlockDialog, "exec", two_wrong)
    assert app_module.open_context(paths) is None  # never accepted: the user quit
    assert not shown[0].restore_button.isVisible()  # two refusals are still a typo

    monkeypatch.setattr(UnlockDialog, "exec", _type_passphrases(qtbot, ["a", "b", "c"], then_restore=True))
    with pytest.raises(DamagedDatabase):
        app_module.open_context(paths)
    assert paths.database.read_bytes() == before  # nothing moved or changed until recover() says so


def test_the_app_finishes_an_interrupted_passphrase_change_behind_its_passphrase_dialog(
    qtbot: QtBot, paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_markers(paths, tmp_path)
    backups.back_up(paths, None)
    real = conversion.convert_file

    def stop_at_the_backup(path: Path, old: str | None, new: str | None) -> None:
        if path.parent == paths.backups:
            raise KeyboardInterrupt
        real(path, old, new)

    monkeypatch.setattr(conversion, "convert_file", stop_at_the_backup)
    with pytest.raises(KeyboardInterrupt):
        encryption.encrypt(paths, PASSPHRASE)
    monkeypatch.setattr(conversion, "convert_file", real)
    assert app_module.needs_passphrase(paths)

    messages: list[str] = []

    def remember(dialog: UnlockDialog) -> int:  # type: ignore[type-arg]
        messages.extend(label.text() for label in dialog.findChildren(type(dialog.error)))
        return _type_passphrases(qtbot, ["not it at all", PASSPHRASE])(dialog)

    monkeypatch.setattr(UnlockDialog, "exec", remember)
    context = app_module.open_context(paths)
    assert isinstance(context, AppContext)
    try:
        assert "A passphrase change was interrupted. Type the new passphrase to finish it." in messages
        assert context.encrypted and context.settings.identifier_names  # private settings came with it
    finally:
        context.close()
    assert not paths.conversion_journal.exists() and marker_hits(paths.root) == []
    assert all(markers_readable(paths, PASSPHRASE).values())


def test_the_app_treats_a_plain_database_with_a_damaged_header_as_damaged(
    qapp, paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    put_markers(paths, tmp_path)
    backups.back_up(paths, None)
    data = bytearray(paths.database.read_bytes())
    data[:16] = b"\x00" * 16
    paths.database.write_bytes(bytes(data))
    assert not app_module.needs_passphrase(paths)  # no unlock screen for a damaged plain file
    shown: list[str] = []

    def restore(box: QMessageBox) -> int:
        shown.append(box.text())
        next(b for b in box.buttons() if b.text() == "Restore the backup").click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", restore)
    context = AppContext.load(paths)
    try:
        assert app_module.open_database(context)
        assert "moved it aside" in shown[0] and "newest good backup" in shown[0]
    finally:
        context.close()
    [moved] = paths.root.glob("reflect.sqlite3.damaged-*")
    assert moved.read_bytes() == bytes(data)  # kept byte for byte
    assert all(markers_readable(paths, None).values())
