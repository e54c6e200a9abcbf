"""Supervision while another operation holds the write lock (an import, a calendar import, a pack being filed).

Preparing a pack, and the supervisor's Save draft or Sign off and send, wrote while the other
operation held SQLite's write lock: the window froze (or the worker waited) up to 5 s, then failed
with "database is locked". Now each is refused at once in one sentence, nothing written, not even
the response file, and works once the other operation has ended.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QInputDialog, QWidget
from pytestqt.qtbot import QtBot

from reflect.cli_commands import run_demo
from reflect.paths import DataPaths
from reflect.ui.context import AppContext
from reflect.ui.dialogs.supervision import PrepareDialog
from reflect.ui.pages.supervisees import SuperviseesView
from tests.held_import import end_import, hold_writer
from tests.helpers import settle

PASSPHRASE = "walnut orchard spring"
REFUSED = "“Import reflections” is still running; try again once it has finished."


@pytest.fixture
def practitioner(tmp_path: Path) -> Iterator[AppContext]:
    paths = DataPaths(tmp_path / "practitioner")
    run_demo(paths, 10, seed=7, today=date.today())
    context = AppContext.open(paths)
    yield context
    context.close()


def _prepare(qtbot: QtBot, context: AppContext, out: Path, monkeypatch: pytest.MonkeyPatch) -> PrepareDialog:
    dialog = PrepareDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    settle(qtbot, dialog)
    listed = dialog.picker.list
    listed.setCurrentIndex(listed.model().index(0, 0))
    listed.setFocus()
    qtbot.keyClick(listed, Qt.Key.Key_Space)
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    return dialog


def test_preparing_a_pack_during_an_import_is_refused_then_works(
    qtbot: QtBot, practitioner: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, host: QWidget
) -> None:
    finish = hold_writer(qtbot, host, practitioner.database)
    pack_file = tmp_path / "sam.reflect-pack"
    dialog = _prepare(qtbot, practitioner, pack_file, monkeypatch)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=20_000)
    assert dialog.error.text() == f"Not started: {REFUSED}" and dialog.isVisible()
    assert not pack_file.exists()

    end_import(qtbot, finish)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    assert pack_file.exists()


def test_the_supervisors_draft_and_sign_off_during_an_import_are_refused_then_work(
    qtbot: QtBot, practitioner: AppContext, paths: DataPaths, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    host: QWidget,
) -> None:
    pack_file = tmp_path / "sam.reflect-pack"
    dialog = _prepare(qtbot, practitioner, pack_file, monkeypatch)
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=20_000)
    supervisor = AppContext.open(paths)
    try:
        supervisor.settings.practitioner_name = "Dr Alex Supervisor"
        supervisor.settings.practitioner_role = "Consultant psychiatrist"
        view = SuperviseesView(supervisor)
        qtbot.addWidget(view)
        view.show()
        settle(qtbot, view)
        answers = iter([(PASSPHRASE, True), ("Sam from the ward", True)])
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(pack_file), ""))
        monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: next(answers))
        reported: list[str] = []
        view.open_pack(reported.append)
        qtbot.waitUntil(lambda: bool(reported), timeout=20_000)
        settle(qtbot, view)
        qtbot.keyClicks(view.overall, "A thoughtful month.")

        finish = hold_writer(qtbot, host, supervisor.database)
        qtbot.mouseClick(view.draft_button, Qt.MouseButton.LeftButton)
        assert view.status.text() == f"Not saved: {REFUSED}"
        response_file = tmp_path / "sam.reflect-response"
        assert view.send(response_file, PASSPHRASE) is None
        assert view.status.text() == f"Not sent: {REFUSED}" and not response_file.exists()
        assert view.overall.toPlainText() == "A thoughtful month."  # nothing typed is lost

        end_import(qtbot, finish)
        qtbot.mouseClick(view.draft_button, Qt.MouseButton.LeftButton)
        assert view.status.text() == "Draft saved."
        assert view.send(response_file, PASSPHRASE) is not None, view.status.text()
        qtbot.waitUntil(lambda: view.status.text().startswith("Saved the signed response"), timeout=10_000)
        assert response_file.exists()
    finally:
        supervisor.close()
