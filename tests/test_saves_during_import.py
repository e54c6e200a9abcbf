"""A reflection saved (or autosaved) while File → Import merges a backup waits for the import, not the window.

The merge writes in one transaction (all or nothing), holding SQLite's write lock for seconds at a
career's size. A save or an autosave on the GUI thread meanwhile waited for that lock with the
window frozen, and after SQLite's 5 s failed. Now the form says it will save once the import is
done, and does; an autosave tries again a second later.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from reflect import exchange
from reflect.cli import main
from reflect.records import ReflectionFilter
from reflect.ui.main_window import MainWindow
from tests.helpers import answer_boxes, press

COMPLETE = ReflectionFilter(statuses=("complete",))
DRAFTS = ReflectionFilter(statuses=("draft",))


def test_a_save_pressed_during_an_import_is_done_once_it_has_ended(
    qtbot: QtBot, main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    other, backup = str(tmp_path / "other-computer"), tmp_path / "career.json"
    assert main(["demo", "--sessions", "40", "--data-dir", other]) == 0
    assert main(["export", "--format", "json", "--out", str(backup), "--data-dir", other]) == 0
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(backup), ""))
    answer_boxes(monkeypatch, "Import")
    writing, finish = threading.Event(), threading.Event()
    merge = exchange.import_document

    def career(store: Any, document: Any, settings: Any, progress: Any = None) -> Any:
        def next_batch(done: int, total: int) -> None:  # the first batch is written: the lock is held until the end
            writing.set()
            finish.wait(30)
            if progress is not None:
                progress(done, total)

        return merge(store, document, settings, next_batch)

    monkeypatch.setattr(exchange, "import_document", career)
    context, form = main_window.context, main_window.form
    next(a for a in main_window.menuBar().actions()[0].menu().actions() if a.text() == "&Import…").trigger()
    qtbot.waitUntil(writing.is_set, timeout=20_000)

    main_window.show_page("reflect")
    press(qtbot, "Y")
    qtbot.wait(1500)  # the autosave's second passes: it waits too, rather than for the lock
    assert "could not be autosaved" not in form.status_label.text()
    for _row in form.rows[1:]:
        press(qtbot, "Y")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert form.status_label.text() == "Waiting for “Import reflections” to finish; this reflection is saved then."
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # pressed twice: still saved once

    finish.set()
    qtbot.waitUntil(lambda: form.status_label.text().startswith("Saved. Score 100 %"), timeout=20_000)
    assert context.count(COMPLETE) == 41  # the 40 imported, then this one
    assert context.count(DRAFTS) == 0  # its draft became the reflection
